"""Every meeting of the year with a conflict, and how each was managed, for the audit pack:
the chair's decisions and the declarations made at the meeting, each named as its reader
may read it (a confidential item's title, the chains in full and the chair's reasons only
for those the item is not withheld from: a Guardian or auditor in the room whose own
conflict withholds an item reads it as any member would; ADR 0007)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from compliance.selectors.evidence.types import Period
from meetings.access import items_withheld_from
from meetings.models import AgendaItem, ConflictDecision, MeetingDeclaration
from procurements.models import AwardDecision

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


def _item_name(item: AgendaItem, full: bool) -> str:
    confidential = item.part == AgendaItem.Part.CONFIDENTIAL and item.title_is_confidential
    if confidential and not full:
        return f"Item {item.number} (confidential)"
    return f"Item {item.number}: {item.title}"


def _items_read_in_full(user: Any, decisions: list[ConflictDecision]) -> set[int]:
    """The items the reader is not withheld from, by the check that guards the item itself
    (a role that reads everything does not, at a meeting the reader belongs to)."""
    items = {decision.item_id: decision.item for decision in decisions}
    return set(items) - items_withheld_from(user, items.values())


def meeting_conflict_rows(user: Any, period: Period) -> list[list[str]]:
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
    read_in_full = _items_read_in_full(user, decisions)
    rows = []
    for decision in decisions:
        item = decision.item
        full = item.pk in read_in_full
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


def pack_items_withheld(user: Any, period: Period) -> list[int]:
    """The items the year's pack names (its meetings' decisions, and the awards in the
    procurement register) that the reader's own conflicts withhold from them: with their
    permissions, what decides how the pack names those items."""
    decided = ConflictDecision.objects.filter(
        item__meeting__starts_at__gte=period.start_at,
        item__meeting__starts_at__lt=period.end_at,
    ).values("item_id")
    awarded = AwardDecision.objects.filter(agenda_item__isnull=False).values("agenda_item_id")
    items = AgendaItem.objects.filter(Q(pk__in=decided) | Q(pk__in=awarded)).select_related(
        "meeting"
    )
    return sorted(items_withheld_from(user, items))
