"""Which items a person is withheld from, asked for many items at once (a register or an
audit pack naming them): each person's own verdicts decide, the team outside the room is
withheld from nothing, and the answer takes the same few queries however many items."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.access import items_withheld_from
from meetings.models import AgendaItem
from meetings.services.agenda import attendee_add
from tests.meetings.conftest import Story
from tests.meetings.test_member_access import _declare


def _fresh(user: Any) -> User:
    """The login as a request would load it: nothing about its permissions cached."""
    return User.objects.get(pk=user.pk)


def _queries(user: Any, items: list[AgendaItem]) -> int:
    user = _fresh(user)
    with CaptureQueriesContext(connection) as captured:
        items_withheld_from(user, items)
    return len(captured)


def test_each_person_is_withheld_from_what_their_own_verdict_withholds(
    story_published: Story,
) -> None:
    story = story_published
    items = list(AgendaItem.objects.filter(meeting=story.meeting).select_related("meeting"))
    award = {story.award_item.pk}
    assert items_withheld_from(_fresh(story.fed_gp.user), items) == award
    assert items_withheld_from(_fresh(story.single_gp.user), items) == set()
    # The secretary outside the room sees everything; in the room, her own conflict counts.
    assert items_withheld_from(_fresh(story.secretary.user), items) == set()
    attendee_add(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.secretary,
        kind="in_attendance",
    )
    _declare(story.secretary, story.riverside)
    assert items_withheld_from(_fresh(story.secretary.user), items) == award
    assert items_withheld_from(_fresh(story.secretary.user), []) == set()


def test_many_items_take_the_same_queries_as_one(story_published: Story) -> None:
    story = story_published
    items = list(AgendaItem.objects.filter(meeting=story.meeting).select_related("meeting"))
    one = [item for item in items if item.pk == story.open_item.pk]  # with a paper, as most
    assert len(items) == 3
    for person in (story.fed_gp, story.lay, story.secretary):
        assert _queries(person.user, one) == _queries(person.user, items), person
