"""Hole 2 of the privileged-paths review: /audit/ copied ``str(obj)`` into the trail, so
anyone reading it saw confidential Part II titles, other members' drafts and what was
declared at meetings, even when conflicted on that item."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from interests.models import Interest
from interests.services.declarations import Publication, interest_declare, interest_draft_save
from meetings.models import Attendance
from meetings.services.conduct import meeting_declaration_record
from tests.conftest import login

TITLE = "Award of the out-of-hours contract"
PAPER = "Evaluation report"
DRAFT_NAME = "Quiet Draft Ventures Ltd"
DECLARED = "Shares in Marker Holdings plc"
RESTRICTED_NAME = "restricted item"


def _trail(client: Client, who: Any) -> str:
    login(client, who)
    response = client.get(reverse("audit_trail"))
    assert response.status_code == 200
    return response.content.decode()


def _conflict(member: Any, organisation: Any) -> None:
    interest_declare(
        member=member,
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": organisation,
            "organisation_name": "",
            "nature": "partner",
            "description": "Partner",
            "start_date": datetime.date(2020, 1, 1),
        },
    )


def test_a_conflicted_guardian_reads_no_confidential_title_in_the_trail(
    client: Client, story: Any
) -> None:
    _conflict(story.lay, story.riverside)  # the Guardian sits on the committee
    html = _trail(client, story.lay)
    assert TITLE not in html
    assert PAPER not in html
    assert RESTRICTED_NAME in html
    assert "(confidential title)" in html  # she may know the item exists, not its title


def test_the_trail_stores_restricted_records_by_reference_only(story: Any) -> None:
    from core.audit import restricted_types

    events = AuditEvent.objects.filter(object_type__in=restricted_types())
    assert events.filter(object_type="meetings.agendaitem").exists()
    assert set(events.values_list("object_repr", flat=True)) == {""}
    for event in AuditEvent.objects.all():
        assert TITLE not in event.object_repr and TITLE not in str(event.detail)


def test_the_secretary_outside_the_room_still_reads_every_name(client: Client, story: Any) -> None:
    html = _trail(client, story.secretary.user.member)
    assert TITLE in html and PAPER in html


def test_another_members_draft_is_not_named_in_the_trail(
    client: Client, secretary: Any, federation_gp: Any
) -> None:
    interest_draft_save(
        member=federation_gp,
        actor=federation_gp.user,
        fields={
            "category": "financial",
            "organisation_name": DRAFT_NAME,
            "nature": "director",
            "description": "Director",
            "start_date": datetime.date(2024, 1, 1),
        },
    )
    html = _trail(client, secretary)
    assert DRAFT_NAME not in html
    assert "interest.draft_created" in html and RESTRICTED_NAME in html
    # The declarant reads their own draft's name (if they may read the trail at all).
    assert Interest.objects.get(organisation_name=DRAFT_NAME).declarant == federation_gp


def test_what_was_declared_at_a_meeting_never_enters_the_trail(
    client: Client, story_published: Any, auditor: Any
) -> None:
    story = story_published
    assert Attendance.objects.filter(meeting=story.meeting, member=story.nurse).exists()
    meeting_declaration_record(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.nurse,
        description=DECLARED,
        category="financial",
        nature="shareholder",
        organisation_name="Marker Holdings plc",
    )
    html = _trail(client, auditor)
    assert DECLARED not in html and "Marker Holdings" not in html
    assert "Declaration by Mrs S. Wright at" in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_blanks_text_the_old_trail_stored() -> None:
    """Run for real: back to before the scrub, old rows written as the old code wrote them,
    then forward through every migration, the append-only trigger (core.0008) last."""
    from core.audit import restricted_types
    from core.roles import sync_roles

    sync_roles()  # an earlier transactional test may have flushed the role groups
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("core", "0001_initial")])
        old_apps = executor.loader.project_state([("core", "0001_initial")]).apps
        OldEvent = old_apps.get_model("core", "AuditEvent")
        old = OldEvent.objects.create(
            action="agenda.item_added",
            object_type="meetings.agendaitem",
            object_id="7",
            object_repr=f"Item 2: {TITLE}",
        )
        kept = OldEvent.objects.create(
            action="organisation.created",
            object_type="interests.organisation",
            object_id="3",
            object_repr="Riverside Surgery",
        )
        MigrationExecutor(connection).migrate(leaves)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    assert AuditEvent.objects.get(pk=old.pk).object_repr == ""
    assert AuditEvent.objects.get(pk=kept.pk).object_repr == "Riverside Surgery"
    migration = importlib.import_module("core.migrations.0002_scrub_restricted_audit_text")
    # Every type the apps register today is covered by the migration's fixed list, but for
    # types made after it whose stored name never held restricted text (a correction's name
    # is "Correction to the minutes of <meeting> (<date>)", never its text or item).
    made_later = {"meetings.minuteserratum"}
    assert restricted_types() - made_later <= set(migration.RESTRICTED_TYPES)


def test_a_correction_to_a_confidential_item_is_named_only_to_its_readers(
    client: Client, story_published: Any
) -> None:
    from meetings.services.errata import minutes_erratum_record
    from tests.meetings.test_documents_views import approve, write_minutes

    story = story_published
    write_minutes(story)
    approve(story)
    story.meeting.refresh_from_db()
    minutes_erratum_record(
        actor=story.secretary.user,
        meeting=story.meeting,
        item=story.award_item,
        text="The award value was £6.7m, not £6.5m",
    )
    secretary_view = _trail(client, story.secretary)
    assert f"Correction to Item {story.award_item.number}: {TITLE}" in secretary_view
    assert "£6.7m" not in secretary_view  # the correction's text never enters the trail
    client.logout()
    _conflict(story.lay, story.riverside)  # the Guardian, now conflicted on the award
    guardian_view = _trail(client, story.lay)
    assert TITLE not in guardian_view
    assert RESTRICTED_NAME in guardian_view
