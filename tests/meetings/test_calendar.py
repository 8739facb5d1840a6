"""Each member's meetings as an iCalendar feed behind a private, revocable link."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from core.models import AuditEvent
from meetings.models import CalendarFeed
from tests.conftest import login
from tests.meetings.conftest import Story


def _make_link(client: Client, member: Any) -> str:
    login(client, member)
    response = client.post(reverse("calendar_link"), {"action": "create"})
    assert response.status_code == 200
    match = re.search(r'<code id="calendar-link">([^<]+)</code>', response.content.decode())
    assert match
    return match.group(1).replace("http://testserver", "")


def test_the_feed_parses_and_counts_the_items_left(client: Client, story_published: Story) -> None:
    story = story_published
    path = _make_link(client, story.fed_gp)
    assert AuditEvent.objects.filter(action="calendar_link.created").count() == 1
    response = Client().get(path)  # a calendar app: not signed in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Governing Body"
    description = str(event["description"])
    assert "leave the room for (or not receive the papers of) 1 item" in description
    assert str(event["url"]).endswith(reverse("meeting_detail", args=[story.meeting.pk]))
    text = response.content.decode()
    assert "out-of-hours" not in text.lower()  # no item title, restricted or not
    assert "Finance report" not in text


def test_a_clear_member_takes_part_in_every_item(client: Client, story_published: Story) -> None:
    path = _make_link(client, story_published.single_gp)
    calendar = Calendar.from_ical(Client().get(path).content)
    (event,) = calendar.walk("VEVENT")
    assert "You take part in every item." in str(event["description"])


def test_the_link_is_revocable_and_replaced(client: Client, story_published: Story) -> None:
    first = _make_link(client, story_published.fed_gp)
    second = _make_link(client, story_published.fed_gp)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert CalendarFeed.objects.count() == 1
    client.post(reverse("calendar_link"), {"action": "revoke"})
    assert Client().get(second).status_code == 404
    assert AuditEvent.objects.filter(action="calendar_link.revoked").count() == 1
    # Only a hash of the token is stored.
    token = second.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


def test_the_feed_stops_when_the_members_login_is_switched_off(
    client: Client, story_published: Story
) -> None:
    path = _make_link(client, story_published.fed_gp)
    user = story_published.fed_gp.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert story_published.fed_gp.is_active  # the member's record is still active
    assert Client().get(path).status_code == 404
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert Client().get(path).status_code == 200


def test_a_draft_meeting_is_not_in_the_feed(client: Client, story: Story) -> None:
    path = _make_link(client, story.fed_gp)
    assert Calendar.from_ical(Client().get(path).content).walk("VEVENT") == []
