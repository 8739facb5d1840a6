"""Load the demo story. Idempotent: safe to run on every start."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ccg_governance.demo.committees import seed_governing_body
from ccg_governance.demo.compliance import seed_breaches
from ccg_governance.demo.gifts import seed_gifts
from ccg_governance.demo.meetings import seed_meetings
from ccg_governance.demo.organisations import seed_organisations
from ccg_governance.demo.people import DEMO_PASSWORD, demo_logins, seed_people
from ccg_governance.demo.register import seed_register
from ccg_governance.demo.training import seed_training
from ccg_governance.demo.two_factor import demo_totp_key_base32, seed_two_factor


class Command(BaseCommand):
    help = "Create (or complete) the Northfield CCG demo data and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            members = seed_people()
            organisations = seed_organisations()
            seed_governing_body(members)
            seed_register(members, organisations)
            seed_gifts(members, organisations)
            seed_meetings(members, organisations)
            seed_training(members)
            seed_breaches()
            two_factor = seed_two_factor([username for username, _, _ in demo_logins()])
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (every password is {DEMO_PASSWORD}):")
        for username, name, roles in demo_logins():
            self.stdout.write(f"  {username:<14} {name:<24} {roles}")
        self.stdout.write("")
        self.stdout.write(
            f"Two-factor sign-in is required for {', '.join(two_factor)}. Their demo "
            f"authenticator key is {demo_totp_key_base32()} (time-based, 6 digits): add it to "
            "an authenticator app, or run `manage.py demo_code` for the current code."
        )
