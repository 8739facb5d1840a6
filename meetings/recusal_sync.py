"""Re-assessing meetings when a verdict's inputs change, in the caller's transaction."""

from __future__ import annotations

from interests.models import Interest, Member
from meetings.models import Committee, Meeting
from meetings.services.access import meeting_access_sync, meetings_concerning, meetings_sync_all


def interest_changed(interest: Interest) -> None:
    member_changed(interest.declarant)


def member_changed(member: Member) -> None:
    for meeting in meetings_concerning(member):
        meeting_access_sync(meeting=meeting)


def network_changed() -> None:
    meetings_sync_all()


def committee_changed(committee: Committee) -> None:
    for meeting in Meeting.objects.filter(committee=committee).select_related("committee"):
        meeting_access_sync(meeting=meeting)
