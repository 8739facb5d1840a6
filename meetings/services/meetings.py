"""Creating meetings and moving them through their stages."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.forms import date_in_window
from meetings import hooks
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    ItemMinutes,
    Meeting,
)
from meetings.selectors.approval import approval_gaps
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services.access import meeting_access_sync
from meetings.services.agenda_emails import agenda_published_notify

OPENING_ITEM = "Apologies and declarations of interest"


# A meeting is planned at most five years ahead, and none predates the service's records.
MEETINGS_FROM = datetime.date(2000, 1, 1)
MEETINGS_YEARS_AHEAD = 5


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    committee: Committee,
    starts_at: datetime.datetime,
    location: str = "",
    title: str = "",
) -> Meeting:
    """A new meeting: its committee's members invited, and the opening item every agenda needs."""
    try:
        date_in_window(
            timezone.localdate(starts_at),
            label="The date of the meeting",
            earliest=MEETINGS_FROM,
            years_ahead=MEETINGS_YEARS_AHEAD,
        )
    except ValidationError as error:
        raise ValidationError({"date": error.messages}) from None
    meeting = Meeting(
        committee=committee, starts_at=starts_at, location=location.strip(), title=title.strip()
    )
    meeting.full_clean()
    meeting.save()
    memberships = CommitteeMembership.objects.current_on(meeting.date).filter(committee=committee)
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member_id=m.member_id,
            kind=Attendance.Kind.MEMBER,
            is_voting=m.is_voting,
        )
        for m in memberships
    )
    opening = AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title=OPENING_ITEM,
        purpose=AgendaItem.Purpose.INFORMATION,
        part=AgendaItem.Part.OPEN,
    )
    ItemMinutes.objects.create(item=opening)
    audit_record(actor=actor, action="meeting.created", obj=meeting)
    meeting_access_sync(meeting=meeting)
    return meeting


_NEXT = {
    Meeting.Status.DRAFT: Meeting.Status.AGENDA_PUBLISHED,
    Meeting.Status.AGENDA_PUBLISHED: Meeting.Status.HELD,
    Meeting.Status.HELD: Meeting.Status.MINUTES_APPROVED,
}


def _advance(meeting: Meeting, to: str) -> None:
    """Move to the next stage; lock the row and read its stage afresh so moves never race."""
    meeting.status = (
        Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    )
    if _NEXT.get(meeting.status) != to:  # type: ignore[call-overload]
        raise ValidationError(
            f"The meeting is {meeting.get_status_display().lower()}; "
            "it cannot move to that stage now."
        )
    meeting.status = to


@transaction.atomic
def meeting_publish_agenda(*, actor: Any, meeting: Meeting) -> Meeting:
    """Publish the agenda, unless an item would be inquorate with no remedy recorded."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    assessment = meeting_assessment(meeting)
    blocking = assessment.items_blocking_publication()
    if blocking:
        numbers = ", ".join(
            str(n)
            for n in AgendaItem.objects.filter(pk__in=blocking)
            .order_by("position")
            .values_list("position", flat=True)
        )
        raise ValidationError(
            f"Item {numbers} would be inquorate after recusals. Co-opt a non-conflicted member, "
            "or record a remedy (referral, a panel or deferral), before publishing the agenda."
        )
    _advance(meeting, Meeting.Status.AGENDA_PUBLISHED)
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["status", "agenda_published_at"])
    audit_record(actor=actor, action="meeting.agenda_published", obj=meeting)
    agenda_published_notify(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor: Any, meeting: Meeting) -> Meeting:
    """A meeting is held once it has started, never before."""
    if timezone.now() < meeting.starts_at:
        starts = timezone.localtime(meeting.starts_at)
        raise ValidationError(
            f"The meeting starts at {starts:%H:%M} on {starts.day} {starts:%B %Y}: "
            "it cannot be marked as held before it starts."
        )
    _advance(meeting, Meeting.Status.HELD)
    meeting.save(update_fields=["status"])
    audit_record(actor=actor, action="meeting.held", obj=meeting)
    return meeting


@transaction.atomic
def meeting_approve_minutes(*, actor: Any, meeting: Meeting) -> Meeting:
    """Approve the minutes (Part I is then public), once nothing is left to settle.

    Refused until the meeting is held and every conflict of someone present and every
    declaration made at the meeting has the chair's decision (``approval_gaps``).
    """
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    meeting.refresh_from_db(fields=["status"])
    gaps = approval_gaps(meeting)
    if gaps:
        raise ValidationError([gap.text for gap in gaps])
    _advance(meeting, Meeting.Status.MINUTES_APPROVED)
    meeting.minutes_approved_at = timezone.now()
    meeting.save(update_fields=["status", "minutes_approved_at"])
    audit_record(actor=actor, action="meeting.minutes_approved", obj=meeting)
    hooks.notify_minutes_approved(meeting)
    return meeting
