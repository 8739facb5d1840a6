"""A typed organisation name matched to the list: a possible conflict until the secretary
confirms it, then a conflict like any other, in the same request (ADR 0027)."""

from __future__ import annotations

import datetime
import html
from typing import Any

from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from interests.models import Interest, OrganisationNameMatch
from interests.services.declarations import Publication, interest_declare
from interests.services.name_matches import name_matches_propose
from meetings.selectors.recusal_facts import meeting_assessment
from tests.conftest import login
from tests.interests.factories import InterestFactory
from tests.meetings.conftest import Story

TYPED = "The Hillview Medical Centre Ltd"


def _typed_interest(story: Story) -> Interest:
    """The nurse's entry, imported from the old register, names a federation practice as
    typed text: Hillview is a member of the federation that bids for the lot."""
    interest = InterestFactory(
        declarant=story.nurse,
        organisation=None,
        organisation_name=TYPED,
        source=Interest.Source.IMPORT,
        start_date=None,
    )
    return Interest.objects.get(pk=interest.pk)


def _download(client: Client, paper: Any) -> int:
    return client.get(reverse("paper_download", args=[paper.pk])).status_code


def test_a_confirmed_match_changes_the_verdict_and_the_papers_at_once(
    client: Client, story_published: Story
) -> None:
    story = story_published
    interest = _typed_interest(story)
    assert name_matches_propose() == 1
    match = OrganisationNameMatch.objects.get()
    assert match.organisation.name == "Hillview Medical Centre"
    assert match.status == OrganisationNameMatch.Status.PROPOSED
    interest.refresh_from_db()
    assert interest.organisation_id is None  # proposed, never applied silently

    # Until confirmed: clear, papers received; the secretary sees a possible conflict.
    assert (
        not meeting_assessment(story.meeting)
        .verdict(story.nurse.pk, story.award_item.pk)
        .conflicted
    )
    nurse = Client()
    login(nurse, story.nurse)
    assert _download(nurse, story.award_paper) == 200

    secretary = login(client, story.secretary)
    matrix = html.unescape(
        secretary.get(reverse("recusal_matrix", args=[story.meeting.pk])).content.decode()
    )
    assert "possible conflict to resolve" in matrix
    assert TYPED in matrix and "Hillview Medical Centre" in matrix
    assert "Mrs S. Wright" in matrix or "Susan Wright" in matrix

    queue = html.unescape(secretary.get(reverse("name_match_queue")).content.decode())
    assert TYPED in queue and "Hillview Medical Centre" in queue

    response = secretary.post(
        reverse("name_match_decide", args=[match.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 302

    # The same request linked the entry and recomputed verdicts and paper access.
    interest.refresh_from_db()
    assert interest.organisation == match.organisation
    verdict = meeting_assessment(story.meeting).verdict(story.nurse.pk, story.award_item.pk)
    assert verdict.conflicted and not verdict.receives_papers
    assert _download(nurse, story.award_paper) == 403
    matrix = secretary.get(reverse("recusal_matrix", args=[story.meeting.pk])).content.decode()
    assert "possible conflict" not in matrix
    assert AuditEvent.objects.filter(action="organisation.name_match_confirmed").exists()


def test_a_rejected_match_is_not_proposed_again_and_changes_nothing(
    client: Client, story_published: Story
) -> None:
    story = story_published
    interest = _typed_interest(story)
    name_matches_propose()
    match = OrganisationNameMatch.objects.get()
    secretary = login(client, story.secretary)
    secretary.post(reverse("name_match_decide", args=[match.pk]), {"decision": "reject"})
    match.refresh_from_db()
    assert match.status == OrganisationNameMatch.Status.REJECTED
    assert name_matches_propose() == 0
    interest.refresh_from_db()
    assert interest.organisation_id is None
    matrix = secretary.get(reverse("recusal_matrix", args=[story.meeting.pk])).content.decode()
    assert "possible conflict" not in matrix
    assert AuditEvent.objects.filter(action="organisation.name_match_rejected").exists()


def test_only_the_secretary_decides(client: Client, story_published: Story) -> None:
    story = story_published
    _typed_interest(story)
    name_matches_propose()
    match = OrganisationNameMatch.objects.get()
    login(client, story.nurse)
    url = reverse("name_match_decide", args=[match.pk])
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    assert client.get(reverse("name_match_queue")).status_code == 403
    match.refresh_from_db()
    assert match.status == OrganisationNameMatch.Status.PROPOSED


def test_a_declared_typed_name_is_proposed_when_submitted(story: Story) -> None:
    fields = {
        "category": "financial",
        "organisation": None,
        "organisation_name": "Riverside Surgry",
        "nature": "partner",
        "description": "Partner",
        "start_date": datetime.date(2024, 1, 1),
        "end_date": None,
    }
    interest_declare(
        member=story.nurse,
        fields=fields,
        actor=story.nurse.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
    )
    match = OrganisationNameMatch.objects.get(typed_key="riverside surgry")
    assert match.organisation == story.riverside
    assert match.method == OrganisationNameMatch.Method.SIMILAR
