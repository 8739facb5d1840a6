"""Corrections to approved minutes: a dated erratum, never an edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from meetings.models import AgendaItem, Meeting, MinutesErratum


@transaction.atomic
def minutes_erratum_record(
    *, actor: Any, meeting: Meeting, text: str, item: AgendaItem | None = None
) -> MinutesErratum:
    """Add a correction to approved minutes. It is shown with the minutes to everyone who
    may read the item it corrects (a Part II item's correction stays in Part II)."""
    if meeting.status != Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(
            "The minutes are not approved yet: change them directly until they are approved."
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "That item is not on this meeting's agenda"})
    if not text.strip():
        raise ValidationError({"text": "Enter the correction"})
    erratum = MinutesErratum(meeting=meeting, item=item, text=text.strip(), recorded_by=actor)
    erratum.full_clean()
    erratum.save()
    # The text stays out of the audit trail: a Part II correction is restricted.
    audit_record(
        actor=actor,
        action="minutes.erratum_recorded",
        obj=erratum,
        detail={"item": item.pk if item is not None else None},
    )
    return erratum
