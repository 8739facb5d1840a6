"""What stands between a meeting and the approval of its minutes.

Minutes are approved only once the meeting has been held and every conflict the
engine found for someone present, and every interest declared at the meeting, has
the chair's decision (or, for a declaration about no one item, "no action needed"
with a reason). Each gap links to the place on the chair's screen that settles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from meetings.models import Meeting, MeetingDeclaration
from meetings.selectors.conflicts import meeting_conflicts
from meetings.selectors.documents import readable_minutes
from meetings.selectors.recusal_facts import meeting_assessment


@dataclass(frozen=True)
class Gap:
    text: str
    url: str


def _conduct(meeting: Meeting, item_id: int | None = None, anchor: str = "") -> str:
    url = reverse("meeting_conduct", args=[meeting.pk])
    if item_id is not None:
        url += f"?item={item_id}"
    return f"{url}#{anchor}" if anchor else url


def approval_gaps(meeting: Meeting, user: Any = None) -> list[Gap]:
    """Every gap, worded for ``user`` (no title or name of an item they are excluded
    from); for the service, with no user, worded in full."""
    gaps: list[Gap] = []
    if meeting.status != Meeting.Status.HELD:
        text = (
            "The minutes are already approved."
            if meeting.status == Meeting.Status.MINUTES_APPROVED
            else "The meeting has not been marked as held."
        )
        gaps.append(Gap(text, _conduct(meeting, anchor="stage")))
    withheld: set[int] = set()
    headings: dict[int, str] = {}
    if user is not None:
        for entry in readable_minutes(meeting, user, part=None).items:
            headings[entry.item.pk] = entry.heading
            if entry.withheld:
                withheld.add(entry.item.pk)
    conflicts = meeting_conflicts(meeting, meeting_assessment(meeting))
    for item_id, rows in conflicts.items():
        open_rows = [c for c in rows if c.is_open]
        if not open_rows:
            continue
        item = open_rows[0].item
        heading = headings.get(item_id, f"Item {item.number}: {item.title}")
        if item_id in withheld:
            count = len(open_rows)
            gaps.append(
                Gap(
                    f"{heading}: {count} {'conflict needs' if count == 1 else 'conflicts need'} "
                    "a decision. You are excluded from this item: the vice-chair or the "
                    "secretary records them.",
                    _conduct(meeting, item_id, f"item-{item_id}"),
                )
            )
            continue
        for conflict in open_rows:
            gaps.append(
                Gap(
                    f"{heading}: no decision on {conflict.name}'s conflict.",
                    _conduct(meeting, item_id, f"conflict-{item_id}-{conflict.member_id}"),
                )
            )
    general = (
        MeetingDeclaration.objects.standing()
        .filter(meeting=meeting, item__isnull=True, settled_at__isnull=True)
        .select_related("member")
    )
    for declaration in general:
        gaps.append(
            Gap(
                f"{declaration.member.short_name}'s declaration at the meeting "
                "(not about one item): record that no action is needed, with the reason.",
                _conduct(meeting, anchor=f"declaration-{declaration.pk}"),
            )
        )
    return gaps
