"""A member confirms, before a meeting, that their register entries are correct."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from meetings.models import Attendance, Meeting

# Before these, the meeting has not happened yet: confirming still means something.
_BEFORE_THE_MEETING = (Meeting.Status.DRAFT, Meeting.Status.AGENDA_PUBLISHED)


@transaction.atomic
def entries_confirm(*, actor: Any, meeting: Meeting) -> Attendance:
    """Record that the person signed in confirmed their entries for this meeting (audited).

    Only someone on the meeting's attendance list may, and only before the meeting; a
    second confirmation replaces the date of the first (after a correction, say)."""
    member = getattr(actor, "member", None)
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
        if member is not None
        else None
    )
    if attendance is None:
        raise PermissionDenied("Only people invited to the meeting confirm their entries for it.")
    if meeting.status not in _BEFORE_THE_MEETING or meeting.starts_at < timezone.now():
        raise ValidationError("The meeting has started: there is nothing left to confirm.")
    attendance.entries_confirmed_at = timezone.now()
    attendance.save(update_fields=["entries_confirmed_at"])
    audit_record(actor=actor, action="meeting.entries_confirmed", obj=attendance)
    return attendance
