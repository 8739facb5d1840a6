"""What each reader receives: agenda packs and the two parts of the minutes.

Everything a person is excluded from is left out here, in one place, so a
page, a PDF and an email built from these never differ in what they leak:
they leak nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guardian.core import ObjectPermissionChecker

from meetings.access import sees_everything
from meetings.models import (
    AgendaItem,
    Attendance,
    ConflictDecision,
    ItemMinutes,
    Meeting,
    MeetingDeclaration,
    Paper,
)
from recusal import Action

WITHHELD_NOTICE = "Withheld: you have declared an interest in this item."
CONFIDENTIAL_ITEM = "Confidential item (Part II)"


@dataclass
class ItemEntry:
    item: AgendaItem
    withheld: bool = False
    papers: list[Paper] = field(default_factory=list)
    minutes: str = ""
    public_placeholder: bool = False  # a Part II item as the public Part I minutes name it

    @property
    def heading(self) -> str:
        if self.public_placeholder:
            return f"Item {self.item.number}: {CONFIDENTIAL_ITEM}"
        if self.withheld and self.item.title_is_confidential:
            return f"Item {self.item.number}"
        return f"Item {self.item.number}: {self.item.title}"


@dataclass(frozen=True)
class DeclarationLine:
    who: str
    interest: str
    item: str
    decision: str
    left_at: Any
    returned_at: Any
    reason: str


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))


class _Readable:
    """Answers "may this person view this object?", with permissions fetched in one go."""

    def __init__(self, meeting: Meeting, user: Any, *object_lists: list[Any]) -> None:
        self.everything = sees_everything(user, meeting)
        self.checker = ObjectPermissionChecker(user)
        for objects in object_lists:
            # guardian prefetches one model at a time
            if objects and not self.everything:
                self.checker.prefetch_perms(objects)  # type: ignore[arg-type]

    def may(self, codename: str, obj: Any) -> bool:
        return self.everything or bool(self.checker.has_perm(codename, obj))


def agenda_pack(meeting: Meeting, user: Any) -> list[ItemEntry]:
    """Every item with the papers this person may receive, or a withheld notice."""
    items = _items(meeting)
    papers = list(
        Paper.objects.filter(item__meeting=meeting, withdrawn_at__isnull=True).order_by(
            "uploaded_at"
        )
    )
    minutes = {m.item_id: m for m in ItemMinutes.objects.filter(item__in=items)}
    readable = _Readable(meeting, user, papers, list(minutes.values()))
    by_item: dict[int, list[Paper]] = {}
    for paper in papers:
        by_item.setdefault(paper.item_id, []).append(paper)
    entries = []
    for item in items:
        item_papers = by_item.get(item.pk, [])
        allowed = [p for p in item_papers if readable.may("view_paper", p)]
        item_minutes = minutes.get(item.pk)
        # An item is withheld if its papers or its minutes are: so an item with
        # no papers yet is still withheld from a conflicted reader.
        minutes_allowed = readable.everything or (
            item_minutes is not None and readable.may("view_itemminutes", item_minutes)
        )
        withheld = len(allowed) < len(item_papers) or not minutes_allowed
        entries.append(ItemEntry(item=item, withheld=withheld, papers=[] if withheld else allowed))
    return entries


def _decision_lines(meeting: Meeting, *, public: bool) -> list[DeclarationLine]:
    decisions = (
        ConflictDecision.objects.filter(item__meeting=meeting)
        .select_related("member", "item")
        .order_by("item__position", "member__last_name")
    )
    lines = []
    for decision in decisions:
        item = decision.item
        confidential = public and item.is_confidential
        lines.append(
            DeclarationLine(
                who=decision.member.full_name,
                interest=(
                    "An interest in a confidential matter"
                    if confidential
                    else (decision.public_chain if public else decision.chain)
                ),
                item=f"Item {item.number}: {CONFIDENTIAL_ITEM if confidential else item.title}",
                decision=Action(decision.action).label,
                left_at=decision.left_at,
                returned_at=decision.returned_at,
                reason=decision.reason if not confidential else "",
            )
        )
    return lines


def declarations_made(meeting: Meeting) -> list[MeetingDeclaration]:
    return list(
        MeetingDeclaration.objects.filter(meeting=meeting).select_related(
            "member", "item", "organisation"
        )
    )


@dataclass
class MinutesDocument:
    meeting: Meeting
    part: str
    present: list[Attendance]
    apologies: list[Attendance]
    declarations: list[DeclarationLine]
    items: list[ItemEntry]


def _attendance(meeting: Meeting) -> tuple[list[Attendance], list[Attendance]]:
    rows = list(Attendance.objects.filter(meeting=meeting).select_related("member"))
    return [a for a in rows if not a.apologies], [a for a in rows if a.apologies]


def _minutes_text(items: list[AgendaItem]) -> dict[int, str]:
    return dict(ItemMinutes.objects.filter(item__in=items).values_list("item_id", "text"))


def part_one_minutes(meeting: Meeting) -> MinutesDocument:
    """The public minutes: Part I items in full; Part II items named only as confidential."""
    items = _items(meeting)
    texts = _minutes_text(items)
    entries = []
    for item in items:
        if item.is_confidential:
            entries.append(ItemEntry(item=item, withheld=True, public_placeholder=True))
        else:
            entries.append(ItemEntry(item=item, minutes=texts.get(item.pk, "")))
    present, apologies = _attendance(meeting)
    return MinutesDocument(
        meeting, "I", present, apologies, _decision_lines(meeting, public=True), entries
    )


def readable_minutes(meeting: Meeting, user: Any, *, part: str | None) -> MinutesDocument:
    """A reader's copy of Part II (part="II") or of all (part=None), minus their exclusions."""
    items = [i for i in _items(meeting) if part is None or i.part == part]
    minutes = list(ItemMinutes.objects.filter(item__in=items))
    readable = _Readable(meeting, user, minutes)
    allowed = {m.item_id: m.text for m in minutes if readable.may("view_itemminutes", m)}
    if readable.everything:
        allowed = {item.pk: allowed.get(item.pk, "") for item in items}
    entries = [
        ItemEntry(item=item, withheld=item.pk not in allowed, minutes=allowed.get(item.pk, ""))
        for item in items
    ]
    present, apologies = _attendance(meeting)
    visible_items = {i.item.pk for i in entries if not i.withheld}
    declarations = [
        line
        for line, decision in zip(
            _decision_lines(meeting, public=False),
            ConflictDecision.objects.filter(item__meeting=meeting).order_by(
                "item__position", "member__last_name"
            ),
            strict=True,
        )
        if decision.item_id in visible_items
    ]
    return MinutesDocument(meeting, part or "all", present, apologies, declarations, entries)
