"""The Guardian's page of privileged actions: role grants and removals, login and email
changes, two-factor resets and withheld-entry approvals are all there, and only for those
who may read the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.two_factor import two_factor_reset
from interests.services.declarations import withholding_decide, withholding_request
from interests.services.logins import LoginData
from interests.services.people import PersonData, member_update
from tests.conftest import login
from tests.interests.factories import PASSWORD, InterestFactory


def _person(member: Any, **changes: Any) -> PersonData:
    fields = {
        name: getattr(member, name)
        for name in (
            "title",
            "first_name",
            "last_name",
            "job_title",
            "professional_role",
            "email",
            "affiliation",
            "is_decision_maker",
            "is_active",
        )
    }
    return PersonData(**(fields | changes))


def test_every_privileged_action_is_on_the_guardians_page(
    client: Client, secretary: Any, guardian: Any, federation_gp: Any
) -> None:
    member_update(
        actor=secretary.user,
        member=federation_gp,
        person=_person(federation_gp, email="ben.okafor@riverside.nhs.uk"),
        login=LoginData(username="p.fedgp", roles=frozenset({"Member", "Chair"})),
    )
    entry = InterestFactory(declarant=federation_gp)
    withholding_request(
        interest=entry, member=federation_gp, reason="Risk of harm", actor=federation_gp.user
    )
    withholding_decide(interest=entry, guardian=guardian.user, approve=True, note="Agreed")
    root = User.objects.create_superuser("root", "root@example.nhs.uk", PASSWORD)
    login(client, federation_gp)  # gives the Chair-holder an authenticator
    two_factor_reset(actor=root, user=federation_gp.user)

    login(client, guardian)
    html = client.get(reverse("privileged_actions")).content.decode()
    for text in (
        "Roles or login changed",
        "Roles granted: Chair",
        "Login email address changed",
        "ben.okafor@riverside.nhs.uk",
        "Withholding from publication approved",
        "Two-factor sign-in reset",
    ):
        assert text in html, text
    assert "Privileged actions" in html  # and it is in her menu


def test_only_readers_of_the_audit_trail_open_it(
    client: Client, federation_gp: Any, chair: Any, auditor: Any
) -> None:
    url = reverse("privileged_actions")
    assert client.get(url).status_code == 302
    for who, status in ((federation_gp, 403), (chair, 403), (auditor, 200)):
        login(client, who)
        assert client.get(url).status_code == status, who
