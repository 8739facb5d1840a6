"""Declarations made at meetings whose register entries the members have not yet completed.

Each still counts for recusal and paper access (``recusal_facts``) until the member
completes the entry or the Conflicts Guardian records it was made in error; the Guardian
watches this list, and the compliance checks read it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from interests.models import Interest
from meetings.models import MeetingDeclaration, MeetingDeclarationQuerySet


def _declarations() -> MeetingDeclarationQuerySet:
    return MeetingDeclaration.objects.select_related(
        "member", "meeting__committee", "item", "interest", "in_error_by"
    )


def declarations_awaiting_entry() -> QuerySet[MeetingDeclaration]:
    """Standing declarations whose draft entry the member has not completed, oldest first."""
    return (
        _declarations()
        .standing()
        .filter(interest__status=Interest.Status.DRAFT)
        .order_by("meeting__starts_at", "recorded_at", "pk")
    )


def declarations_in_error() -> QuerySet[MeetingDeclaration]:
    return _declarations().filter(in_error_at__isnull=False).order_by("-in_error_at", "-pk")


@dataclass(frozen=True)
class PendingDeclaration:
    declaration: MeetingDeclaration
    days: int  # since the meeting

    @property
    def overdue(self) -> bool:
        """The 28 days the member has to put a change on the register have passed."""
        return self.days > 28


def pending_rows(today: datetime.date | None = None) -> list[PendingDeclaration]:
    today = today or timezone.localdate()
    return [
        PendingDeclaration(d, (today - d.meeting.date).days) for d in declarations_awaiting_entry()
    ]
