"""Re-assessing meetings when a verdict's inputs change, in the caller's transaction.

Only meetings from today on: one already held keeps the access settled when it was
held (meetings/services/access.py, ADR 0022)."""

from __future__ import annotations

from collections.abc import Collection

from core.publication import REGISTER_OF_INTERESTS, publication_changed
from interests.models import Interest, Member
from meetings.models import Committee
from meetings.services.access import (
    meetings_access_sync,
    meetings_concerning,
    meetings_from_today,
    meetings_sync_affected,
    meetings_sync_from_today,
    member_access_sync,
)


def interest_changed(interest: Interest) -> None:
    member_changed(interest.declarant)


def member_changed(member: Member) -> None:
    """Only this person's verdicts can change (recusal.person): their access is recomputed
    on every meeting concerned at once, and nobody else's rows are touched."""
    member_access_sync(member=member, meetings=meetings_concerning(member))


def network_changed(organisation_ids: Collection[int] | None) -> None:
    """Only meetings with an item the change can reach; everything from today on when the
    caller cannot say what changed."""
    if organisation_ids is None:
        meetings_sync_from_today()
    else:
        meetings_sync_affected(organisation_ids)


def committee_changed(committee: Committee) -> None:
    meetings_access_sync(
        meetings=list(meetings_from_today().filter(committee=committee).select_related("committee"))
    )
    # Committee places are published as positions held (core.publication).
    publication_changed(REGISTER_OF_INTERESTS)
