"""Meeting PDFs: agenda, packs with the reader's papers appended, minutes, declarations."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.documents.models import IssuedDocument
from core.models import AuditEvent
from core.pdf.render import html_to_pdf
from interests.services.declarations import Publication, interest_declare
from meetings.services.conduct import item_minutes_save
from meetings.services.papers import paper_upload
from tests.conftest import login
from tests.meetings.conftest import approve_story
from tests.pdf import fetch_pdf, pdf_text


def _real_pdf(text: str) -> SimpleUploadedFile:
    data = html_to_pdf(f"<html lang='en'><body><p>{text}</p></body></html>")
    return SimpleUploadedFile("paper.pdf", data, content_type="application/pdf")


@pytest.fixture
def papers(story_published: Any) -> Any:
    story = story_published
    actor = story.secretary.user
    paper_upload(
        actor=actor, item=story.award_item, title="Bid scores", upload=_real_pdf("SECRETBIDSCORES")
    )
    paper_upload(
        actor=actor, item=story.open_item, title="Budget", upload=_real_pdf("OPENBUDGETFIGURES")
    )
    item_minutes_save(actor=actor, item=story.award_item, text="The award went to SECRETWINNER.")
    item_minutes_save(actor=actor, item=story.open_item, text="The budget was NOTEDOPENLY.")
    return story


def test_a_conflicted_members_pack_lacks_the_excluded_item_its_paper_and_its_minutes(
    client, papers, django_capture_on_commit_callbacks
):
    story = papers
    login(client, story.fed_gp)  # a partner in a federation practice: conflicted on the award
    capture = django_capture_on_commit_callbacks
    pack = pdf_text(
        fetch_pdf(client, reverse("meeting_pack_pdf", args=[story.meeting.pk]), capture)
    )
    assert "OPENBUDGETFIGURES" in pack  # the open paper, appended
    assert "Finance report" in pack
    for leak in ("SECRETBIDSCORES", "Bid scores", "Award of the out-of-hours", "Evaluation report"):
        assert leak not in pack
    assert "Withheld: you have declared an interest in this item." in pack

    for url in ("minutes_mine_pdf", "minutes_part_two_pdf"):
        minutes = pdf_text(fetch_pdf(client, reverse(url, args=[story.meeting.pk]), capture))
        assert "SECRETWINNER" not in minutes
        assert "Award of the out-of-hours" not in minutes
    agenda = pdf_text(
        fetch_pdf(client, reverse("meeting_agenda_pdf", args=[story.meeting.pk]), capture)
    )
    assert "Award of the out-of-hours" not in agenda
    assert "Finance report" in agenda


def test_a_clear_members_pack_has_every_item_and_both_papers_numbered_throughout(
    client, papers, django_capture_on_commit_callbacks
):
    story = papers
    login(client, story.nurse)
    data = fetch_pdf(
        client,
        reverse("meeting_pack_pdf", args=[story.meeting.pk]),
        django_capture_on_commit_callbacks,
    )
    text = pdf_text(data)
    assert "SECRETBIDSCORES" in text and "OPENBUDGETFIGURES" in text
    assert "Award of the out-of-hours contract" in text
    document = IssuedDocument.objects.get(kind="meetings.pack", requested_by=story.nurse.user)
    total = document.pages_total or 0
    assert total >= 3  # the pack itself and the two appended papers
    assert f"Page 1 of {total}" in text and f"Page {total} of {total}" in text
    assert "Susan Wright" in text  # made for whom


def test_a_pack_made_before_a_late_declaration_is_not_served_after_it(
    client, papers, django_capture_on_commit_callbacks
):
    story = papers
    member = story.single_gp
    login(client, member)
    capture = django_capture_on_commit_callbacks
    url = reverse("meeting_pack_pdf", args=[story.meeting.pk])
    before = pdf_text(fetch_pdf(client, url, capture))
    assert "SECRETBIDSCORES" in before
    earlier = IssuedDocument.objects.get(kind="meetings.pack", requested_by=member.user)

    interest_declare(  # a late declaration: she is a partner in a federation practice
        member=member,
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": story.riverside,
            "organisation_name": "",
            "nature": "partner",
            "description": "Partner",
            "start_date": datetime.date(2020, 1, 1),
        },
    )
    with capture(execute=True):
        response = client.get(reverse("document_download", args=[earlier.reference]))
    assert response.status_code == 302  # to a new copy, never the stored one
    assert earlier.reference not in response["Location"]
    downloads = AuditEvent.objects.filter(action="document.downloaded", object_id=str(earlier.pk))
    assert downloads.count() == 1  # only the download before the declaration
    after = pdf_text(fetch_pdf(client, url, capture))
    assert "SECRETBIDSCORES" not in after
    assert "Award of the out-of-hours" not in after


def test_someone_elses_stored_pack_is_never_handed_over(
    client, papers, django_capture_on_commit_callbacks
):
    story = papers
    login(client, story.nurse)
    fetch_pdf(
        client,
        reverse("meeting_pack_pdf", args=[story.meeting.pk]),
        django_capture_on_commit_callbacks,
    )
    nurses = IssuedDocument.objects.get(kind="meetings.pack")
    login(client, story.secretary)  # sees every paper, but this copy is the nurse's
    assert client.get(reverse("document_download", args=[nurses.reference])).status_code == 404
    assert client.get(reverse("document_status", args=[nurses.reference])).status_code == 404


def test_people_outside_the_meeting_get_no_pdf_of_it(client, papers, outsider):
    login(client, outsider)
    for url in ("meeting_pack_pdf", "meeting_agenda_pdf", "minutes_part_two_pdf"):
        assert client.get(reverse(url, args=[papers.meeting.pk])).status_code == 404
    assert not IssuedDocument.objects.exists()


def test_public_part_one_minutes_pdf_names_part_two_items_only_as_confidential(
    client, papers, django_capture_on_commit_callbacks
):
    story = papers
    approve_story(story)
    text = pdf_text(
        fetch_pdf(
            client,
            reverse("public_minutes_pdf", args=[story.meeting.pk]),
            django_capture_on_commit_callbacks,
        )
    )
    assert "NOTEDOPENLY" in text
    assert "SECRETWINNER" not in text
    assert "Award of the out-of-hours" not in text
    assert "Confidential item (Part II)" in text


def test_draft_minutes_have_no_public_pdf(client, papers):
    assert client.get(reverse("public_minutes_pdf", args=[papers.meeting.pk])).status_code == 404


def test_the_declarations_record_is_for_the_secretary_not_members(
    client, papers, django_capture_on_commit_callbacks
):
    story = papers
    login(client, story.nurse)
    assert (
        client.get(reverse("meeting_declarations_pdf", args=[story.meeting.pk])).status_code == 403
    )
    login(client, story.secretary)
    text = pdf_text(
        fetch_pdf(
            client,
            reverse("meeting_declarations_pdf", args=[story.meeting.pk]),
            django_capture_on_commit_callbacks,
        )
    )
    assert "Declarations made at the meeting" in text
    assert "Conflicts and the chair's decisions" in text
