"""On publication, each attendee is emailed the items they will receive, and asked to check
their declarations against the organisations those items affect.

What each person receives is decided by ``agenda_pack``, the function their pack page and
PDF use, so an item withheld from someone is not in their email either (not even as a
number). No restricted text goes into any email: a confidential (Part II) item is named
only by its number, and the organisations it affects are named only in the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.outbox.services import email_queue, site_link
from meetings.models import Attendance, Meeting
from meetings.selectors.documents import CONFIDENTIAL_ITEM, agenda_pack


@dataclass(frozen=True)
class EmailedItem:
    heading: str
    papers: int
    confidential: bool


def _items_and_organisations(
    meeting: Meeting, user: Any
) -> tuple[list[EmailedItem], list[str], int]:
    items: list[EmailedItem] = []
    organisations: set[str] = set()
    confidential_affecting = 0
    for entry in agenda_pack(meeting, user):
        if entry.withheld:
            continue  # only what they will receive
        item = entry.item
        private = item.is_confidential or item.title_is_confidential
        heading = f"Item {item.number}: {CONFIDENTIAL_ITEM}" if private else entry.heading
        items.append(EmailedItem(heading, len(entry.papers), private))
        if private:
            confidential_affecting += bool(entry.organisations)
        else:
            organisations.update(entry.organisations)
    return items, sorted(organisations), confidential_affecting


def agenda_published_notify(*, meeting: Meeting) -> int:
    """Called by ``meeting_publish_agenda`` in its transaction. Returns how many were queued."""
    attendances = (
        Attendance.objects.filter(meeting=meeting)
        .select_related("member__user")
        .order_by("member__last_name", "member__first_name")
    )
    starts = timezone.localtime(meeting.starts_at)
    queued = 0
    for attendance in attendances:
        member = attendance.member
        user = member.user
        if user is None or not user.is_active or not user.email or not member.is_active:
            continue  # no login: they cannot open a pack, and are sent papers another way
        items, organisations, confidential_affecting = _items_and_organisations(meeting, user)
        message = email_queue(
            template="emails/agenda_published",
            context={
                "meeting_title": meeting.display_title,
                "starts_at": starts,
                "location": meeting.location,
                "items": items,
                "organisations": organisations,
                "confidential_affecting": confidential_affecting,
                "pack_link": site_link(reverse("meeting_pack", args=[meeting.pk])),
                "declarations_link": site_link(reverse("my_declarations")),
            },
            to_email=user.email,
            dedupe_key=f"meeting:{meeting.pk}:agenda:member:{member.pk}",
            recipient=user,
            recipient_name=member.full_name,
        )
        queued += message is not None
    return queued
