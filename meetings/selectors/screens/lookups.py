"""Lists, lookups and what a reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from interests.models import Member
from meetings.access import meetings_for_user
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
)
from meetings.selectors.documents import (
    ItemEntry,
    agenda_pack,
)
from recusal import Action

SHORT_ACTIONS = {
    Action.NOT_ATTEND: "Does not attend",
    Action.NO_PAPERS: "No papers; leaves the room",
    Action.LEAVE_ROOM: "Leaves the room",
    Action.NO_VOTE: "Discusses; no vote",
    Action.NOTED: "Noted; takes full part",
}


@dataclass(frozen=True)
class MeetingListing:
    upcoming: Page[Meeting]
    past: Page[Meeting]


MEETINGS_PER_PAGE = 25


def meeting_listing(user: Any, *, upcoming_page: Any = 1, past_page: Any = 1) -> MeetingListing:
    """The meetings this user may see, a page of each: the next ones first, then the most
    recent past ones (a few years of an ICB's committees are over a thousand meetings)."""
    now = timezone.now()
    meetings = meetings_for_user(user)
    upcoming = meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")
    past = meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return MeetingListing(
        upcoming=Paginator(upcoming, MEETINGS_PER_PAGE).get_page(upcoming_page),
        past=Paginator(past, MEETINGS_PER_PAGE).get_page(past_page),
    )


def item_for_meeting(meeting: Meeting, pk: int) -> AgendaItem:
    """An item of a meeting the caller has already checked the user may see."""
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting)
    item.meeting = meeting
    return item


def attendance_for_meeting(meeting: Meeting, pk: int) -> Attendance:
    attendance = get_object_or_404(
        Attendance.objects.select_related("member"), pk=pk, meeting=meeting
    )
    attendance.meeting = meeting
    return attendance


def member_attending(meeting: Meeting, pk: int) -> Member:
    return get_object_or_404(Member, pk=pk, attendances__meeting=meeting)


def reserve_members(meeting: Meeting, ids: list[int]) -> list[Member]:
    return list(
        Member.objects.filter(pk__in=ids, reserve_places__committee_id=meeting.committee_id)
    )


def approved_meetings() -> QuerySet[Meeting]:
    """Meetings whose minutes are approved: their Part I minutes are public."""
    return (
        Meeting.objects.filter(status=Meeting.Status.MINUTES_APPROVED)
        .select_related("committee")
        .order_by("-starts_at")
    )


def approved_meeting(pk: int) -> Meeting:
    return get_object_or_404(approved_meetings(), pk=pk)


# --- What a reader may see ------------------------------------------------


def reader_entries(meeting: Meeting, user: Any) -> list[ItemEntry]:
    """Every item as this reader may see it: withheld items carry no papers and no details.

    An item is withheld when the reader may not have its papers *or* its
    minutes, so an item with no papers yet is still withheld from a conflicted
    reader.
    """
    return agenda_pack(meeting, user)


def item_headings(entries: list[ItemEntry]) -> dict[int, str]:
    return {e.item.pk: e.heading for e in entries}
