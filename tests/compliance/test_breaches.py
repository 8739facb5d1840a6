"""The breaches register: recording, the Guardian's review, updates that never overwrite
each other, restricted text kept out, evidence named for each reader, the published register
anonymised, and who may open what."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from compliance.models import Breach
from compliance.selectors.breaches import evidence_rows
from compliance.services.breaches import (
    BreachReport,
    Outcome,
    breach_record,
    breach_review,
    breach_update,
)
from compliance.services.detection import breaches_detect
from core.models import AuditEvent
from tests.conftest import login
from tests.interests.factories import InterestFactory
from tests.meetings.conftest import Story, approve_story

CONFIRM = Outcome(
    status="breach",
    note="The member forgot; no decision was affected.",
    action_taken="Reminded of the policy by the Guardian; training booked.",
    public_summary="A member did not declare a known interest at a meeting.",
    public_action="The member was reminded of the policy and will retake the training.",
)


def _late(story: Story) -> Breach:
    from django.utils import timezone

    from interests.models import Member

    Member.objects.filter(pk=story.nurse.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    InterestFactory(declarant=story.nurse, start_date=datetime.date(2020, 1, 1))
    breaches_detect()
    return Breach.objects.get(rule="late_declaration", member=story.nurse)


def _undeclared(story: Story) -> Breach:
    approve_story(story)
    breaches_detect()
    return Breach.objects.get(rule="undeclared_conflict", member=story.fed_gp)


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_secretary_records_a_reported_breach_and_the_guardian_confirms_it(
    story: Story,
) -> None:
    breach = breach_record(
        actor=story.secretary.user,
        report=BreachReport(
            rule="other",
            member=story.nurse,
            occurred_on=datetime.date(2026, 2, 3),
            what_happened="Spoke to a bidder about the tender during the standstill period.",
            how_found="reported",
            how_found_detail="A colleague",
        ),
    )
    assert breach.status == "awaiting_review" and breach.recorded_by == story.secretary.user
    reviewed = breach_review(actor=story.lay.user, breach=breach, version=1, outcome=CONFIRM)
    assert reviewed.status == "breach" and reviewed.reviewed_by == story.lay.user
    assert reviewed.version == 2
    actions = list(
        AuditEvent.objects.filter(object_type="compliance.breach").values_list("action", "detail")
    )
    assert ("breach.reviewed", {"outcome": "breach", "reported_to_nhse": False}) in actions
    # The words stay on the breach; the trail holds codes.
    assert not any("bidder" in str(detail) for _action, detail in actions)


def test_a_breach_needs_its_action_and_published_words_and_a_dismissal_its_reason(
    story: Story,
) -> None:
    breach = _late(story)
    with pytest.raises(ValidationError) as error:
        breach_review(
            actor=story.lay.user, breach=breach, version=1, outcome=Outcome(status="breach")
        )
    assert set(error.value.message_dict) == {"action_taken", "public_summary", "public_action"}
    with pytest.raises(ValidationError) as error:
        breach_review(
            actor=story.lay.user,
            breach=breach,
            version=1,
            outcome=Outcome(status="not_a_breach"),
        )
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        breach_review(
            actor=story.lay.user,
            breach=breach,
            version=1,
            outcome=Outcome(**{**CONFIRM.__dict__, "reported_to_nhse": True}),
        )
    assert "reported_to_nhse_on" in error.value.message_dict
    assert Breach.objects.get(pk=breach.pk).status == "awaiting_review"


def test_the_published_words_name_no_one(story: Story) -> None:
    breach = _late(story)
    for words in ("Mrs Wright failed to declare", "susan wright", "WRIGHT"):
        with pytest.raises(ValidationError) as error:
            breach_review(
                actor=story.lay.user,
                breach=breach,
                version=1,
                outcome=Outcome(**{**CONFIRM.__dict__, "public_summary": words}),
            )
        assert "anonymised" in str(error.value.message_dict["public_summary"])


def test_no_confidential_title_is_written_into_a_breach(story: Story) -> None:
    title = story.award_item.title  # a Part II item with a confidential title
    with pytest.raises(ValidationError) as error:
        breach_record(
            actor=story.secretary.user,
            report=BreachReport(
                rule="other",
                member=None,
                occurred_on=datetime.date(2026, 2, 3),
                what_happened=f"Papers for the {title.upper()} were left on a train.",
                how_found="review",
            ),
        )
    assert "confidential item" in str(error.value.message_dict["what_happened"])
    breach = _late(story)
    with pytest.raises(ValidationError):
        breach_review(
            actor=story.lay.user,
            breach=breach,
            version=1,
            outcome=Outcome(**{**CONFIRM.__dict__, "action_taken": f"Discussed {title}"}),
        )
    assert not Breach.objects.filter(what_happened__icontains=title).exists()


def test_only_the_guardian_reviews_and_never_her_own_breach(story: Story) -> None:
    breach = _late(story)
    with pytest.raises(PermissionDenied):
        breach_review(actor=story.secretary.user, breach=breach, version=1, outcome=CONFIRM)
    own = breach_record(
        actor=story.secretary.user,
        report=BreachReport(
            rule="other",
            member=story.lay,
            occurred_on=datetime.date(2026, 2, 3),
            what_happened="Accepted a dinner and recorded it late.",
            how_found="self_reported",
        ),
    )
    with pytest.raises(PermissionDenied):
        breach_review(actor=story.lay.user, breach=own, version=1, outcome=CONFIRM)


def test_two_guardians_at_once_never_overwrite_each_other(story: Story) -> None:
    breach = _late(story)
    opened_at = breach.version
    breach_review(actor=story.lay.user, breach=breach, version=opened_at, outcome=CONFIRM)
    with pytest.raises(ValidationError) as error:
        breach_review(
            actor=story.lay.user,
            breach=breach,
            version=opened_at,
            outcome=Outcome(status="not_a_breach", note="Not so"),
        )
    assert "Someone else changed this breach" in str(error.value)
    assert Breach.objects.get(pk=breach.pk).status == "breach"
    with pytest.raises(ValidationError):
        breach_update(actor=story.lay.user, breach=breach, version=opened_at, outcome=CONFIRM)


def test_an_update_keeps_the_earlier_version_in_the_history(story: Story) -> None:
    breach = breach_review(actor=story.lay.user, breach=_late(story), version=1, outcome=CONFIRM)
    updated = breach_update(
        actor=story.lay.user,
        breach=breach,
        version=breach.version,
        outcome=Outcome(
            **{
                **CONFIRM.__dict__,
                "reported_to_nhse": True,
                "reported_to_nhse_on": datetime.date(2026, 3, 1),
            }
        ),
    )
    assert updated.reported_to_nhse and updated.version == 3
    assert [h.reported_to_nhse for h in updated.history.order_by("history_date")] == [
        False,
        False,
        True,
    ]
    event = AuditEvent.objects.filter(action="breach.updated").get()
    assert event.detail["changed"] == ["reported_to_nhse", "reported_to_nhse_on"]


def _conflicted_auditor(story: Story) -> Any:
    """The auditor, sitting in on the meeting, with an interest that excludes them from the
    award: inside the room their own verdict decides what they read (ADR 0007)."""
    from interests.models import Member
    from meetings.models import Attendance
    from meetings.services.access import meeting_access_sync

    auditor = Member.objects.get(user__username="p.auditor")
    InterestFactory(declarant=auditor, organisation=story.riverside)
    Attendance.objects.create(
        meeting=story.meeting, member=auditor, kind="in_attendance", is_voting=False
    )
    meeting_access_sync(meeting=story.meeting)
    return auditor


def test_evidence_names_the_confidential_item_only_to_those_who_may_read_it(
    story: Story,
) -> None:
    breach = _undeclared(story)
    secretary = story.secretary.user  # outside the meeting: sees everything
    rows = {r.label: r.value for r in evidence_rows(secretary, [breach])[breach.pk]}
    assert story.award_item.title in rows["Agenda item"]
    auditor = _conflicted_auditor(story)
    rows = {r.label: r.value for r in evidence_rows(auditor.user, [breach])[breach.pk]}
    assert story.award_item.title not in " ".join(rows.values())
    assert "(confidential title)" in rows["Agenda item"]


def test_the_register_pages_and_who_may_open_them(client: Client, story: Story) -> None:
    breach = _late(story)
    login(client, story.nurse)
    assert client.get(reverse("breach_register")).status_code == 403
    assert client.get(reverse("breach_detail", args=[breach.pk])).status_code == 403
    login(client, story.secretary)
    page = client.get(reverse("breach_register")).content.decode()
    assert breach.reference in page and "Susan Wright" in page
    assert client.get(reverse("breach_detail", args=[999999])).status_code == 404
    assert client.get(reverse("breach_review", args=[breach.pk])).status_code == 403
    login(client, story.lay)
    response = client.post(
        reverse("breach_review", args=[breach.pk]),
        {"version": "1", "status": "not_a_breach", "note": ""},
    )
    assert response.status_code == 200 and "Give the reason this is not a breach" in (
        response.content.decode()
    )
    response = client.post(
        reverse("breach_review", args=[breach.pk]),
        {"version": "1", "status": "not_a_breach", "note": "Declared on paper in 2020"},
    )
    assert response.status_code == 302
    assert Breach.objects.get(pk=breach.pk).status == "not_a_breach"
    assert AuditEvent.objects.filter(action="breach_register.viewed").exists()


def test_the_published_register_shows_confirmed_breaches_anonymised(
    client: Client, story: Story
) -> None:
    confirmed = breach_review(
        actor=story.lay.user, breach=_undeclared(story), version=1, outcome=CONFIRM
    )
    waiting = Breach.objects.exclude(pk=confirmed.pk).first()
    page = client.get(reverse("breaches_published")).content.decode()
    assert confirmed.reference in page and CONFIRM.public_summary in page
    assert waiting is not None and waiting.reference not in page
    assert "Okafor" not in page and story.award_item.title not in page
    assert confirmed.what_happened not in page and CONFIRM.action_taken not in page
    rows = _csv(client.get(reverse("breaches_published_csv")))
    assert rows[0][:3] == ["Reference", "Month", "Who"]
    assert rows[1] == [
        confirmed.reference,
        f"{confirmed.occurred_on:%B %Y}",
        "A decision-maker",
        CONFIRM.public_summary,
        "Detected by the register's own checks",
        CONFIRM.public_action,
        "No",
    ]


def test_the_full_csv_names_evidence_for_each_reader(client: Client, story: Story) -> None:
    breach = _undeclared(story)
    login(client, story.secretary)
    header, *body = _csv(client.get(reverse("breach_register_csv")))
    evidence = {row[0]: row[header.index("Evidence")] for row in body}
    assert story.award_item.title in evidence[breach.reference]
    auditor = _conflicted_auditor(story)
    login(client, auditor)
    rows = _csv(client.get(reverse("breach_register_csv")))
    assert breach.reference in {row[0] for row in rows}
    assert story.award_item.title not in "\n".join(",".join(row) for row in rows)


def test_the_pdfs_hold_what_each_reader_may_read(
    client: Client, story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.pdf import fetch_pdf, pdf_text

    breach = breach_review(
        actor=story.lay.user, breach=_undeclared(story), version=1, outcome=CONFIRM
    )
    published = pdf_text(
        fetch_pdf(client, reverse("breaches_published_pdf"), django_capture_on_commit_callbacks)
    )
    assert breach.reference in published and CONFIRM.public_summary in published
    assert "Okafor" not in published and CONFIRM.action_taken not in published
    login(client, story.secretary)
    full = pdf_text(
        fetch_pdf(client, reverse("breach_register_pdf"), django_capture_on_commit_callbacks)
    )
    assert breach.reference in full and "Dr Ben Okafor" in full
    assert story.award_item.title in full  # the evidence, named for the secretary
    auditor = _conflicted_auditor(story)
    login(client, auditor)
    theirs = pdf_text(
        fetch_pdf(
            client,
            reverse("breach_register_pdf"),
            django_capture_on_commit_callbacks,
            status="breach",
        )
    )
    assert breach.reference in theirs and story.award_item.title not in theirs
    assert "Outcome: Breach" in theirs  # the filter applied, named on the document


def test_the_guardians_dashboard_asks_her_to_review_likely_breaches(
    client: Client, story: Story
) -> None:
    breach = _late(story)
    login(client, story.lay)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Review 1 likely breach" in page
    assert reverse("breach_register") + "?status=awaiting_review" in page
    login(client, story.secretary)  # reads the register, does not review
    page = client.get(reverse("dashboard")).content.decode()
    assert "Review 1 likely breach" not in page and "Breaches register" in page
    breach_review(
        actor=story.lay.user,
        breach=breach,
        version=1,
        outcome=Outcome(status="not_a_breach", note="Declared on paper"),
    )
    login(client, story.lay)
    assert "Review 1 likely breach" not in client.get(reverse("dashboard")).content.decode()
