"""Every meeting of the year with a conflict, and how each was managed, for the audit pack:
the chair's decisions and the declarations made at the meeting, each named as its reader
may read it (a confidential item's title only for those who may open its papers)."""

from __future__ import annotations

from typing import Any

from compliance.selectors.evidence.types import Period
from meetings.models import AgendaItem, ConflictDecision, MeetingDeclaration

MEETING_COLUMNS = [
    "Meeting",
    "Item",
    "Who",
    "The conflict",
    "How it was managed",
    "Left the room",
    "Returned",
    "Declared at the meeting",
]
SEE_ALL = "meetings.view_all_papers"


def _item_name(item: AgendaItem, full: bool) -> str:
    confidential = item.part == AgendaItem.Part.CONFIDENTIAL and item.title_is_confidential
    if confidential and not full:
        return f"Item {item.number} (confidential)"
    return f"Item {item.number}: {item.title}"


def meeting_conflict_rows(user: Any, period: Period) -> list[list[str]]:
    full = user.has_perm(SEE_ALL)
    decisions = list(
        ConflictDecision.objects.filter(
            item__meeting__starts_at__gte=period.start_at,
            item__meeting__starts_at__lt=period.end_at,
        )
        .select_related("member", "item__meeting__committee")
        .order_by("item__meeting__starts_at", "item__position", "member__last_name", "pk")
    )
    declared = {
        (d.item_id, d.member_id)
        for d in MeetingDeclaration.objects.standing().filter(
            meeting_id__in={d.item.meeting_id for d in decisions}
        )
    }
    rows = []
    for decision in decisions:
        item = decision.item
        words = decision.words if full else decision.public_words
        was_declared = bool({(item.pk, decision.member_id), (None, decision.member_id)} & declared)
        rows.append(
            [
                item.meeting.display_title,
                _item_name(item, full),
                decision.member.full_name,
                " ".join(words.split()) or decision.get_action_display(),
                decision.get_action_display()
                + (f". {decision.reason}" if decision.reason and full else ""),
                decision.left_at.strftime("%H:%M") if decision.left_at else "",
                decision.returned_at.strftime("%H:%M") if decision.returned_at else "",
                "Yes" if was_declared else "No",
            ]
        )
    return rows
