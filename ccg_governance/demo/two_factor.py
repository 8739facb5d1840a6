"""Two-factor sign-in for the demo's privileged logins (``make run`` only).

The secretary, chairs, the Guardian and the auditor must use two-factor sign-in. So that the
demo can be tried without enrolling a phone first, ``seed_demo`` gives each of them one
authenticator with the same published demo key; add the key to any authenticator app, or
print the current code with ``manage.py demo_code``. These devices are named so that
``demo_code`` works for them and for nothing else. Never run ``seed_demo`` on a real
installation: everyone would know the key.
"""

from __future__ import annotations

import base64

from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.two_factor import two_factor_required

DEMO_DEVICE_NAME = "Demo authenticator (seed_demo)"
# 20 bytes, published on purpose: the demo's key for every privileged demo login.
DEMO_TOTP_KEY_HEX = b"Recuse demo key 2026".hex()


def demo_totp_key_base32() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode().rstrip("=")


def seed_two_factor(usernames: list[str]) -> list[str]:
    """Give each demo login that must use two-factor the demo authenticator; return who."""
    given = []
    for user in User.objects.filter(username__in=usernames).order_by("username"):
        if not two_factor_required(user):
            continue
        TOTPDevice.objects.update_or_create(
            user=user,
            name=DEMO_DEVICE_NAME,
            defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True},
        )
        given.append(user.username)
    return given
