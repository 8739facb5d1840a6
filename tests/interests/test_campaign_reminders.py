"""The annual declaration by email: at opening, 14 and 2 days before the deadline to those
who have not answered, then who is overdue to the secretary; each sent once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.outbox.models import OutboxMessage
from interests.models import DeclarationCampaign
from interests.services import campaigns
from interests.services.campaign_reminders import campaign_reminders_queue
from tests.interests.factories import MemberFactory

TODAY = timezone.localdate()


def _to(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if address in m.to]


@pytest.fixture
def people(db, secretary, federation_gp, single_handed_gp, auditor):
    no_login = MemberFactory(user=None, first_name="Olu", last_name="Adebayo")
    return {"no_login": no_login}


@pytest.fixture
def opened(people, secretary, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = campaigns.campaign_open(
            title="Annual declaration 2026/27",
            deadline=TODAY + datetime.timedelta(days=30),
            actor=secretary.user,
        )
    return campaign


def test_opening_emails_everyone_who_must_answer_and_can(
    opened, federation_gp, single_handed_gp, auditor, secretary, people
):
    for gp in (federation_gp, single_handed_gp):
        subjects = _to(gp.user.email)
        assert subjects == [
            "Annual declaration 2026/27: confirm your declarations of interest by "
            f"{opened.deadline:%-d %B %Y}"
        ]
        body = next(m.body for m in mail.outbox if gp.user.email in m.to)
        assert f"http://127.0.0.1:8000/declarations/annual/{opened.pk}/" in body
    assert _to(auditor.user.email) == []  # not decision-making staff
    no_login = people["no_login"]
    assert not OutboxMessage.objects.filter(to_email=no_login.email).exists()


def test_reminders_at_14_and_2_days_go_only_to_those_who_have_not_answered_and_only_once(
    opened, federation_gp, single_handed_gp, secretary, django_capture_on_commit_callbacks
):
    campaigns.annual_declaration_confirm(
        member=single_handed_gp,
        campaign=opened,
        actor=single_handed_gp.user,
        confirmed_complete=True,
        acknowledged_duty=True,
    )
    mail.outbox.clear()
    deadline = opened.deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert campaign_reminders_queue(today=deadline - datetime.timedelta(days=15)) == {}
        assert campaign_reminders_queue(today=deadline - datetime.timedelta(days=14)) == {
            "reminder-14": 2  # the federation GP and the secretary, a decision-maker too
        }
        # Beat runs again the same day, or catches up the next: nothing is sent twice.
        assert campaign_reminders_queue(today=deadline - datetime.timedelta(days=13)) == {
            "reminder-14": 0
        }
    assert _to(federation_gp.user.email) == [
        "Reminder: Annual declaration 2026/27 closes in 14 days"
    ]
    assert _to(single_handed_gp.user.email) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_reminders_queue(today=deadline - datetime.timedelta(days=2))
        campaign_reminders_queue(today=deadline)
    assert _to(federation_gp.user.email) == [
        "Reminder: Annual declaration 2026/27 closes in 2 days"
    ]


def test_after_the_deadline_the_secretary_is_told_who_is_overdue_once(
    opened, federation_gp, single_handed_gp, secretary, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_reminders_queue(today=opened.deadline + datetime.timedelta(days=1))
        campaign_reminders_queue(today=opened.deadline + datetime.timedelta(days=2))
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [secretary.user.email]
    assert notice.subject.startswith("Annual declaration 2026/27: 4 people have not answered")
    for person in (federation_gp, single_handed_gp, people["no_login"]):
        assert person.full_name in notice.body
    assert _to(federation_gp.user.email) == []


def test_a_campaign_opened_inside_the_last_14_days_sends_no_14_day_reminder(
    people, secretary, federation_gp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        short = campaigns.campaign_open(
            title="Catch-up declaration",
            deadline=TODAY + datetime.timedelta(days=10),
            actor=secretary.user,
        )
        campaign_reminders_queue(today=TODAY + datetime.timedelta(days=1))
    assert _to(federation_gp.user.email) == [
        f"Catch-up declaration: confirm your declarations of interest by {short.deadline:%-d %B %Y}"
    ]


def test_a_closed_campaign_sends_nothing(opened, secretary, django_capture_on_commit_callbacks):
    campaigns.campaign_close(campaign=opened, actor=secretary.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert campaign_reminders_queue(today=opened.deadline) == {}
    assert mail.outbox == []
    assert DeclarationCampaign.objects.get().closed_at is not None
