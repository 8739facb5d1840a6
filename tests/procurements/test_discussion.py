"""'May I discuss this with them?': whom not to tell, for staff entitled to know only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.models import AuditEvent
from tests.conftest import login
from tests.meetings.conftest import Story


def _procurement_url(story: Story) -> str:
    return reverse("procurement_discussion", args=[story.lot.procurement_id])


def _item_url(story: Story) -> str:
    return reverse("item_discussion", args=[story.meeting.pk, story.award_item.pk])


def test_the_secretary_sees_whom_not_to_tell_about_a_procurement(client: Any, story: Story) -> None:
    login(client, story.secretary)
    response = client.get(_procurement_url(story))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 people must not be told" in page
    assert "Dr A. Patel is a partner in Riverside Surgery" in page
    assert "Dr B. Okafor" in page
    assert "Dr E. Clarke" not in page
    event = AuditEvent.objects.get(action="discussion.checked")
    assert event.object_id == str(story.lot.procurement_id)


def test_and_whom_not_to_tell_about_a_restricted_item(client: Any, story: Story) -> None:
    login(client, story.secretary)
    response = client.get(_item_url(story))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dr A. Patel" in page and "Dr B. Okafor" in page
    assert AuditEvent.objects.filter(
        action="discussion.checked", object_id=str(story.award_item.pk)
    ).exists()
    # An open item has nobody to keep out.
    open_url = reverse("item_discussion", args=[story.meeting.pk, story.open_item.pk])
    assert client.get(open_url).status_code == 404


def test_refused_to_the_conflicted(client: Any, story: Story) -> None:
    # The conflicted GP leads the procurement: she may know it, but not whom not to tell.
    procurement = story.lot.procurement
    procurement.procurement_lead = story.fed_gp
    procurement.save()
    login(client, story.fed_gp)
    response = client.get(_procurement_url(story))
    assert response.status_code == 403
    assert "Dr A. Patel" not in response.content.decode()
    assert AuditEvent.objects.filter(action="discussion.refused").count() == 1
    # The conflicted chair records the meeting but is conflicted on the item.
    login(client, story.chair)
    response = client.get(_item_url(story))
    assert response.status_code == 403
    assert "Okafor" not in response.content.decode()
    assert AuditEvent.objects.filter(action="discussion.refused").count() == 2


def test_refused_to_outsiders_and_members(client: Any, story: Story, outsider: Any) -> None:
    login(client, outsider)
    assert client.get(_procurement_url(story)).status_code == 404
    assert client.get(_item_url(story)).status_code == 404
    login(client, story.single_gp)
    assert client.get(_procurement_url(story)).status_code == 404
    assert client.get(_item_url(story)).status_code == 404  # the agenda is not out yet


def test_the_search_answers_for_each_person_and_subject(client: Any, story: Story) -> None:
    login(client, story.secretary)
    url = reverse("discussion_search")
    page = client.get(url, {"person": "Dr Okafor", "about": "out-of-hours"}).content.decode()
    assert "NCCG-2026-01 Community and out-of-hours" in page
    assert "Do not discuss" in page and "Dr B. Okafor must not be told" in page
    assert "Award of the out-of-hours contract" in page  # the confidential item, for her
    page = client.get(url, {"person": "Clarke", "about": "out-of-hours"}).content.decode()
    assert "Dr E. Clarke is not among the people who must not be told" in page
    assert AuditEvent.objects.filter(action="discussion.checked").count() == 4


def test_the_search_reveals_nothing_to_the_conflicted(client: Any, story: Story) -> None:
    procurement = story.lot.procurement
    procurement.procurement_lead = story.fed_gp
    procurement.save()
    login(client, story.fed_gp)
    page = client.get(
        reverse("discussion_search"), {"person": "Patel", "about": "out-of-hours"}
    ).content.decode()
    assert "Nothing you may ask about matches those words" in page
    assert "Award of the out-of-hours" not in page
    assert "must not be told about it" not in page
