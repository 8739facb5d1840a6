"""A member's meetings as an iCalendar feed.

Each event names the meeting (its committee or title, place and time, never an item), says
how many items the member will leave the room for (or not receive the papers of), and links
to the meeting in the app, where the member sees what their access allows. So no restricted
title is ever in the feed, which calendar servers copy and keep (ADR 0033).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from interests.models import Member
from meetings.models import CalendarFeed, CommitteeMembership, Meeting
from meetings.selectors.person_verdicts import person_verdicts
from meetings.services.calendar import token_hash

# Past meetings stay in the feed this long; a meeting is shown as two hours long.
DAYS_BACK = 60
MEETING_LENGTH = datetime.timedelta(hours=2)


def member_for_token(token: str) -> Member | None:
    feed = (
        # A member whose login was switched off (a leaver, a suspended account) loses the
        # feed with it, even while their record stays active.
        CalendarFeed.objects.filter(
            token_hash=token_hash(token), member__is_active=True, member__user__is_active=True
        )
        .select_related("member")
        .first()
    )
    return feed.member if feed else None


def member_meetings(member: Member) -> list[Meeting]:
    """Meetings the member attends or sits on the committee of, once their agenda is out."""
    since = timezone.now() - datetime.timedelta(days=DAYS_BACK)
    committees = CommitteeMembership.objects.filter(member=member, end_date__isnull=True).values(
        "committee_id"
    )
    return list(
        Meeting.objects.filter(starts_at__gte=since)
        .exclude(status=Meeting.Status.DRAFT)
        .filter(Q(attendances__member=member) | Q(committee_id__in=committees))
        .select_related("committee")
        .distinct()
        .order_by("starts_at", "pk")
    )


def _leaves(count: int) -> str:
    if count == 0:
        return "You take part in every item."
    items = "item" if count == 1 else "items"
    return f"You will leave the room for (or not receive the papers of) {count} {items}."


def member_calendar(member: Member) -> bytes:
    meetings = member_meetings(member)
    verdicts = person_verdicts(member, meetings)
    calendar = Calendar()
    calendar.add("prodid", "-//Recuse//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.ORGANISATION_NAME} meetings")
    for meeting in meetings:
        out = sum(
            1
            for v in verdicts.get(meeting.pk, {}).values()
            if v.leaves_room or not v.receives_papers
        )
        url = settings.SITE_URL.rstrip("/") + reverse("meeting_detail", args=[meeting.pk])
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@recuse")
        event.add("summary", meeting.title or meeting.committee.name)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + MEETING_LENGTH)
        event.add("dtstamp", timezone.now())
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", url)
        event.add("description", f"{_leaves(out)}\nThe agenda and your papers: {url}")
        calendar.add_component(event)
    return calendar.to_ical()
