"""Called by the register (in the same transaction) when something a verdict depends on changes."""

from __future__ import annotations

from typing import Any


def interest_changed(interest: Any) -> None:
    from meetings.services.access import meeting_access_sync, meetings_concerning

    for meeting in meetings_concerning(interest.declarant):
        meeting_access_sync(meeting=meeting)


def network_changed() -> None:
    from meetings.services.access import meetings_sync_all

    meetings_sync_all()


def committee_changed(committee: Any) -> None:
    from meetings.models import Meeting
    from meetings.services.access import meeting_access_sync

    for meeting in Meeting.objects.filter(committee=committee).select_related("committee"):
        meeting_access_sync(meeting=meeting)


def lot_changed(lot: Any) -> None:
    """A lot's bidders changed: every meeting with an item on the lot may have new conflicts."""
    from meetings.models import Meeting
    from meetings.services.access import meeting_access_sync

    for meeting in Meeting.objects.filter(items__lot=lot).distinct().select_related("committee"):
        meeting_access_sync(meeting=meeting)
