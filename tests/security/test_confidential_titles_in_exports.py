"""Leak review of the audit pack and the registers it carries: a Conflicts Guardian who sits
on the governing body and is conflicted on the Part II award item (ADR 0007) read the item's
confidential title in the audit pack (its meetings table, PDF and zip) and in the full
procurement decisions register (page, CSV, PDF, and the pack's copy), though the item's own
pages withhold it from her. Each now names the item as her access allows; a reader outside
the room still reads the title. A zip made while she could read it is not handed over once
her conflict withholds the item."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.access import item_withheld_from
from meetings.services.conduct import conflict_decision_record
from tests.compliance.test_audit_pack import _zip, _zip_link
from tests.conftest import login
from tests.meetings.conftest import Story, start_meeting
from tests.pdf import fetch_pdf, pdf_text
from tests.procurements.test_register import award, body, csv_rows, move_to_award
from tests.security.test_conflicted_secretary import TITLE, _declare


def _squeezed(text: str) -> str:
    """Text with its spaces removed: a PDF cell wraps a title anywhere."""
    return "".join(text.split())


@pytest.fixture
def decided(story_published: Story) -> Story:
    """The award item held (this year), its chair's conflict decided and the award recorded."""
    story = story_published
    start_meeting(story)  # in the past: this year's pack
    conflict_decision_record(
        actor=story.secretary.user,
        item=story.award_item,
        member=story.chair,
        action=2,
        reason="Partner in a practice of the bidding federation",
        left_at=datetime.time(14, 30),
    )
    move_to_award(story)
    award(story)
    return story


@pytest.fixture
def conflicted_guardian(decided: Story, auditor: Any) -> Story:
    """The Guardian (a voting lay member of the governing body) is a partner in a practice of
    the bidding federation: the award item is withheld from her."""
    _declare(decided.lay, decided.riverside)
    assert item_withheld_from(decided.lay.user, decided.award_item)
    assert not item_withheld_from(auditor.user, decided.award_item)
    return decided


def test_the_full_procurement_register_names_no_title_withheld_from_its_reader(
    client: Client, conflicted_guardian: Story, django_capture_on_commit_callbacks: Any
) -> None:
    story = conflicted_guardian
    login(client, story.lay)
    page = body(client.get(reverse("procurement_register_full")))
    assert "confidential title, Part II" in page
    assert TITLE not in page
    assert TITLE not in str(csv_rows(client.get(reverse("procurement_register_full_csv"))))
    pdf = pdf_text(
        fetch_pdf(
            client, reverse("procurement_register_full_pdf"), django_capture_on_commit_callbacks
        )
    )
    assert _squeezed(TITLE) not in _squeezed(pdf)

    login(client, story.secretary)  # the governance team outside the room reads it
    assert TITLE in body(client.get(reverse("procurement_register_full")))
    assert TITLE in str(csv_rows(client.get(reverse("procurement_register_full_csv"))))


def test_the_audit_pack_names_no_title_withheld_from_its_reader(
    client: Client,
    conflicted_guardian: Story,
    auditor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    year = timezone.localdate().year
    login(client, conflicted_guardian.lay)
    files = _zip(client, django_capture_on_commit_callbacks, year)
    assert TITLE not in str(files)
    (meetings,) = [rows for name, rows in files.items() if "meetings-with-conflicts" in name]
    number = conflicted_guardian.award_item.number
    assert [row[1] for row in meetings[1:]] == [f"Item {number} (confidential)"]
    assert "bidding federation" not in str(meetings)  # nor the chair's reason about it
    pdf = pdf_text(
        fetch_pdf(
            client, reverse("audit_pack_pdf", args=[year]), django_capture_on_commit_callbacks
        )
    )
    assert _squeezed(TITLE) not in _squeezed(pdf)

    login(client, auditor)  # outside the room: the pack names the item in full
    files = _zip(client, django_capture_on_commit_callbacks, year)
    (meetings,) = [rows for name, rows in files.items() if "meetings-with-conflicts" in name]
    assert [row[1] for row in meetings[1:]] == [f"Item {number}: {TITLE}"]
    pdf = pdf_text(
        fetch_pdf(
            client, reverse("audit_pack_pdf", args=[year]), django_capture_on_commit_callbacks
        )
    )
    assert _squeezed(TITLE) in _squeezed(pdf)


def test_a_zip_made_before_its_reader_was_conflicted_is_not_handed_over(
    client: Client, decided: Story, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, decided.lay)
    link = _zip_link(client, django_capture_on_commit_callbacks, timezone.localdate().year)
    _declare(decided.lay, decided.riverside)  # the item is now withheld from her
    response = client.get(link)
    assert response.status_code == 302 and "/download/" not in response["Location"]
