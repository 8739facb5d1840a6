"""The audit trail for auditors: filters, the CSV download (restricted records named through
their own access checks), and a trail nobody can change or delete, not through the app and,
on PostgreSQL, not through the database either."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.models import AppendOnly, AuditEvent
from interests.models import Member
from meetings.models import Attendance
from meetings.services.access import meeting_access_sync
from tests.conftest import login
from tests.interests.factories import InterestFactory

TITLE = "Award of the out-of-hours contract"


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _event(action: str, **fields: Any) -> AuditEvent:
    return AuditEvent.objects.create(action=action, **fields)


def test_the_auditor_filters_by_person_record_action_and_date(client: Client, story: Any) -> None:
    secretary = story.secretary.user
    old = _event(
        "member.changed",
        actor=secretary,
        object_type="interests.member",
        object_id=str(story.nurse.pk),
        object_repr="Mrs Susan Wright",
    )
    recent = _event(
        "member.changed",
        actor=story.lay.user,
        object_type="interests.member",
        object_id=str(story.fed_gp.pk),
        object_repr="Dr Ben Okafor",
    )
    auditor = Member.objects.get(user__username="p.auditor")
    login(client, auditor)

    def listed(**query: str) -> str:
        response = client.get(reverse("audit_trail"), query)
        assert response.status_code == 200
        return response.content.decode()

    by_guardian = listed(who="p.guardian")
    assert "Dr Ben Okafor" in by_guardian and "Mrs Susan Wright" not in by_guardian
    about_nurse = listed(record_type="interests.member", record_id=str(story.nurse.pk))
    assert "Mrs Susan Wright" in about_nurse and "Dr Ben Okafor" not in about_nurse
    only_changes = listed(action="member.changed")
    assert '<td class="nhsuk-table__cell">meeting.created</td>' not in only_changes
    assert '<td class="nhsuk-table__cell">member.changed</td>' in only_changes
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert "Nothing matches these filters" in listed(
        date_from_day=str(tomorrow.day),
        date_from_month=str(tomorrow.month),
        date_from_year=str(tomorrow.year),
    )
    assert "Dr Ben Okafor" in listed(
        date_from_day=str(today.day),
        date_from_month=str(today.month),
        date_from_year=str(today.year),
    )
    backwards = listed(
        date_from_day=str(today.day),
        date_from_month=str(today.month),
        date_from_year=str(today.year),
        date_to_day="1",
        date_to_month="1",
        date_to_year="2020",
    )
    assert "The end date must be the same as or after the start date" in backwards
    system = listed(who="system")  # the product's own records: no one signed in
    assert "Dr Ben Okafor" not in system and "Mrs Susan Wright" not in system
    assert recent.actor == story.lay.user and old.actor == secretary


def test_the_csv_names_restricted_records_as_the_reader_may_see_them(
    client: Client, story: Any
) -> None:
    login(client, story.secretary)  # outside the meeting: sees everything
    header, *rows = _csv(client.get(reverse("audit_trail_csv"), {"action": "agenda.item_added"}))
    assert header == [
        "When",
        "Username",
        "Name",
        "What was done",
        "Kind of record",
        "Record number",
        "Record",
    ]
    assert any(TITLE in row[-1] for row in rows)
    assert {row[3] for row in rows} == {"agenda.item_added"}
    assert all(row[0][:4].isdigit() and "T" in row[0] for row in rows)  # ISO 8601 moments

    # The auditor sitting in on the meeting, with an interest that excludes them from the award.
    auditor = Member.objects.get(user__username="p.auditor")
    InterestFactory(declarant=auditor, organisation=story.riverside)
    Attendance.objects.create(
        meeting=story.meeting, member=auditor, kind="in_attendance", is_voting=False
    )
    meeting_access_sync(meeting=story.meeting)
    login(client, auditor)
    rows = _csv(client.get(reverse("audit_trail_csv")))
    text = "\n".join(",".join(row) for row in rows)
    assert TITLE not in text
    assert "(confidential title)" in text and "restricted item" in text
    assert AuditEvent.objects.filter(action="audit.exported_csv", actor=auditor.user).exists()


def test_members_may_not_read_or_download_the_trail(client: Client, story: Any) -> None:
    login(client, story.nurse)
    assert client.get(reverse("audit_trail")).status_code == 403
    assert client.get(reverse("audit_trail_csv")).status_code == 403


def test_the_app_refuses_to_change_or_delete_the_trail(db: Any) -> None:
    event = _event("organisation.created", object_repr="Riverside Surgery")
    event.object_repr = "Something else"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="Changed")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "Riverside Surgery"
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


@pytest.fixture
def postgresql(db: Any) -> None:
    """The database-level guard exists on PostgreSQL only; CI (.ci/run) runs on it. Without
    it the test fails rather than skips, so a run on SQLite cannot pass as a full one."""
    if connection.vendor != "postgresql":
        pytest.fail(
            "DATABASE_URL is SQLite, and the audit trail's database guard exists on PostgreSQL "
            "only: set DATABASE_URL to PostgreSQL, as .ci/run does"
        )


def test_on_postgresql_the_database_refuses_update_and_delete(postgresql: None) -> None:
    event = _event("organisation.created", object_repr="Riverside Surgery")
    table = AuditEvent._meta.db_table
    for statement in (
        f"UPDATE {table} SET object_repr = 'Changed' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
    ):
        with (
            pytest.raises(DatabaseError, match="audit trail cannot be changed or deleted"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "Riverside Surgery"
    # Writing the trail is still allowed: that is all the app does.
    assert _event("organisation.created").pk > event.pk
