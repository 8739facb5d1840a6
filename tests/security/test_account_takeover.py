"""Hole 1 of the privileged-paths review: a secretary took over a Guardian's, an auditor's or
an administrator's login by changing its email, then asking for a password reset."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import PASSWORD, MemberFactory
from tests.interests.test_people import change_form, html_of

ATTACKER = "attacker@evil.example"


def _reset_mail_to(client: Any, address: str, callbacks: Any) -> list[Any]:
    mail.outbox.clear()
    with callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": address})
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def administrator(db: Any) -> Any:
    user = User.objects.create_superuser("admin", "admin@example.nhs.uk", PASSWORD)
    return MemberFactory(user=user, first_name="Ada", last_name="Admin", email=user.email)


@pytest.mark.parametrize(
    "target", ["guardian", "auditor", "other_secretary", "administrator"], ids=str
)
def test_a_secretary_cannot_change_a_privileged_login_email(
    client: Any, secretary: Any, request: Any, target: str, django_capture_on_commit_callbacks: Any
) -> None:
    if target == "other_secretary":
        victim = MemberFactory(user__username="s.two", user__roles=[Role.SECRETARY])
    else:
        victim = request.getfixturevalue(target)
    old_login_email = victim.user.email
    login(client, secretary)
    response = post_edit(
        client, reverse("person_edit", args=[victim.pk]), change_form(victim, email=ATTACKER)
    )
    assert response.status_code == 200
    assert "only a system administrator can change" in html_of(response)
    victim.refresh_from_db()
    victim.user.refresh_from_db()
    assert victim.email != ATTACKER
    assert victim.user.email == old_login_email
    # The takeover's second step gets nothing: no reset link goes to the attacker.
    client.logout()
    assert _reset_mail_to(client, ATTACKER, django_capture_on_commit_callbacks) == []


def test_a_secretary_cannot_rename_or_lock_a_guardian_login(
    client: Any, secretary: Any, guardian: Any
) -> None:
    login(client, secretary)
    url = reverse("person_edit", args=[guardian.pk])
    html = html_of(post_edit(client, url, change_form(guardian, username="g.hijacked")))
    assert "only a system administrator can change their username" in html
    html = html_of(post_edit(client, url, change_form(guardian, can_sign_in=None)))
    assert "only a system administrator can change whether they can sign in" in html
    guardian.user.refresh_from_db()
    assert guardian.user.username == "p.guardian" and guardian.user.is_active


def test_an_administrator_may_change_a_guardian_email_and_the_old_address_is_told(
    client: Any, administrator: Any, guardian: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = guardian.user.email
    login(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(
            client,
            reverse("person_edit", args=[guardian.pk]),
            change_form(guardian, email="margaret.holt@northfield.nhs.uk"),
        )
    assert response.status_code == 302
    guardian.user.refresh_from_db()
    assert guardian.user.email == "margaret.holt@northfield.nhs.uk"
    notice = [m for m in mail.outbox if old in m.to]
    assert len(notice) == 1
    assert "has been changed" in notice[0].subject
    assert "margaret.holt@northfield.nhs.uk" not in notice[0].body  # the new address stays private
    event = AuditEvent.objects.get(action="login.email_changed")
    assert event.actor == administrator.user
    assert event.detail["from"] == old and event.detail["to"] == guardian.user.email


def test_every_login_email_change_is_audited_and_notified(
    client: Any, secretary: Any, federation_gp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = federation_gp.user.email
    login(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(
            client,
            reverse("person_edit", args=[federation_gp.pk]),
            change_form(federation_gp, email="ben.okafor@riverside.nhs.uk"),
        )
    federation_gp.user.refresh_from_db()
    assert federation_gp.user.email == "ben.okafor@riverside.nhs.uk"
    assert AuditEvent.objects.filter(
        action="login.email_changed", actor=secretary.user, detail__from=old
    ).exists()
    assert [m.to for m in mail.outbox if "has been changed" in m.subject] == [[old]]


def test_changing_a_guardian_job_title_leaves_the_login_alone(
    client: Any, secretary: Any, guardian: Any
) -> None:
    login(client, secretary)
    old = guardian.user.email
    response = post_edit(
        client,
        reverse("person_edit", args=[guardian.pk]),
        change_form(guardian, job_title="Lay member"),
    )
    assert response.status_code == 302
    guardian.user.refresh_from_db()
    assert guardian.user.email == old
    assert not AuditEvent.objects.filter(action="login.email_changed").exists()
