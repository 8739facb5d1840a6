"""Print the current two-factor code of the demo authenticators that ``seed_demo`` made.

Only devices named by ``seed_demo`` (see ccg_governance/demo/two_factor.py) are read: a real
person's authenticator is never touched, so this is no way round anyone's second factor.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ccg_governance.demo.two_factor import DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the current code of the demo authenticator (seed_demo's demo logins only)."

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, confirmed=True).first()
        if device is None:
            raise CommandError("No demo authenticator: run `manage.py seed_demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        left = device.step - int(totp.time - device.t0) % device.step
        code = f"{totp.token():0{device.digits}d}"
        self.stdout.write(f"{code}  (the demo logins' code for the next {left} seconds)")
