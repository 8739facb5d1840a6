"""'Check who would leave' on a draft agenda item: the engine's answer before saving."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from meetings.models import AgendaItem
from tests.conftest import login
from tests.meetings.conftest import Story
from tests.meetings.test_meeting_views import body, item_data


def test_a_draft_item_shows_who_would_leave_and_saves_nothing(client: Client, story: Story) -> None:
    login(client, story.secretary)
    items = AgendaItem.objects.count()
    response = client.post(
        reverse("item_add", args=[story.meeting.pk]),
        item_data(affected_organisations=[story.federation.pk], forecast="1"),
    )
    assert response.status_code == 200
    page = body(response)
    assert "If the item is saved as it is" in page
    assert "2 of 3 GPs leave; quorum holds" in page
    assert "Dr B. Okafor —financial (partner)→ Hillview Medical Centre —member of→" in page
    assert "Nothing has been saved yet" in page
    assert AgendaItem.objects.count() == items


def test_changing_an_item_forecasts_with_its_own_lot(client: Client, story: Story) -> None:
    login(client, story.secretary)
    url = reverse("item_edit", args=[story.meeting.pk, story.award_item.pk])
    response = client.post(
        url,
        item_data(
            title="Award of the out-of-hours contract",
            part="II",
            lot=story.lot.pk,
            affected_organisations=[],
            forecast="1",
        ),
    )
    page = body(response)
    assert "Dr A. Patel —financial (partner)→ Riverside Surgery" in page
    assert "bidder on→ Lot 2 Out-of-hours" in page
    story.award_item.refresh_from_db()
    assert story.award_item.title == "Award of the out-of-hours contract"
