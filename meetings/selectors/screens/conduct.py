"""The chair's screen for the meeting as it happens: item by item, the current item in
focus, each conflict a compact row in plain words, decided rows folded away."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from interests.models import Interest
from meetings.chain_pictures import chain_picture
from meetings.models import (
    AgendaItem,
    ConflictDecision,
    Meeting,
    MeetingDeclaration,
)
from meetings.selectors.conflicts import Conflict, meeting_conflicts
from meetings.selectors.documents import (
    ItemEntry,
    declarations_made,
    readable_minutes,
)
from meetings.selectors.recusal_facts import meeting_assessment
from recusal import Action
from recusal.results import MeetingAssessment

SHORT_ACTIONS = {
    Action.NOT_ATTEND: "Does not attend",
    Action.NO_PAPERS: "No papers; leaves the room",
    Action.LEAVE_ROOM: "Leaves the room",
    Action.NO_VOTE: "Discusses; no vote",
    Action.NOTED: "Noted; takes full part",
}


@dataclass
class ConflictRow:
    """One conflict as the chair sees it: who, why in plain words, the suggestion."""

    conflict: Conflict
    form: Any = None
    expanded: bool = False  # the decision form is open (a decided row with errors, say)

    @property
    def member_id(self) -> int:
        return self.conflict.member_id

    @property
    def name(self) -> str:
        return self.conflict.name

    @property
    def words(self) -> list[str]:
        return self.conflict.words

    @property
    def pictures(self) -> list[SafeString]:
        """Each chain drawn (meetings.chain_pictures), shown beside the words."""
        return [chain_picture(r.chain) for r in self.conflict.reasons if r.chain is not None]

    @property
    def chains(self) -> tuple[str, ...]:
        return tuple(self.conflict.arrows)

    @property
    def suggested(self) -> Action | None:
        return self.conflict.suggested

    @property
    def suggested_label(self) -> str:
        return SHORT_ACTIONS[self.suggested] if self.suggested else "No suggestion"

    @property
    def decision(self) -> ConflictDecision | None:
        return self.conflict.decision

    @property
    def decided_label(self) -> str:
        return Action(self.decision.action).label if self.decision else ""

    @property
    def decided_short(self) -> str:
        return SHORT_ACTIONS[Action(self.decision.action)] if self.decision else ""

    @property
    def leaves_room(self) -> bool:
        """Whether "left now" and "returned now" apply: the decision sends them out."""
        return (
            self.decision is not None
            and Action.NO_PAPERS <= self.decision.action <= Action.LEAVE_ROOM
        )

    @property
    def declared_at_meeting(self) -> bool:
        return self.conflict.declared_at_meeting

    @property
    def may_record_declared(self) -> bool:
        """Found by the engine from the register, and not yet declared at the meeting: the
        secretary ticks that the person declared it (else it is a likely breach)."""
        return bool(self.conflict.reasons) and not self.conflict.declared_at_meeting


@dataclass
class ConductItem:
    entry: ItemEntry
    conflicts: list[ConflictRow] = field(default_factory=list)
    chair_text: str = ""
    minutes_form: Any = None
    current: bool = False

    @property
    def item(self) -> AgendaItem:
        return self.entry.item

    @property
    def open_count(self) -> int:
        return sum(1 for row in self.conflicts if row.decision is None)

    @property
    def open_with_suggestion(self) -> int:
        return sum(1 for row in self.conflicts if row.decision is None and row.suggested)

    @property
    def progress(self) -> str:
        """For the list of items: "2 of 7 conflicts to decide", "All 7 decided"."""
        if self.entry.withheld:
            return "Withheld from you"
        total = len(self.conflicts)
        if not total:
            return "No conflicts"
        if not self.open_count:
            return f"All {total} decided" if total > 1 else "Decided"
        return f"{self.open_count} of {total} to decide"


@dataclass(frozen=True)
class DeclarationRow:
    pk: int
    who: str
    interest: str
    item: str
    draft_created: bool
    about_item: bool
    settled: str  # "No action needed: reason", the decision on the item, or ""


@dataclass
class ConductScreen:
    meeting: Meeting
    items: list[ConductItem]
    declarations: list[DeclarationRow]
    headings: dict[int, str]  # the items the recorder may see, as they may see them

    @property
    def current(self) -> ConductItem | None:
        return next((c for c in self.items if c.current), None)

    @property
    def next_item(self) -> ConductItem | None:
        current = self.current
        if current is None:
            return None
        index = self.items.index(current)
        return self.items[index + 1] if index + 1 < len(self.items) else None


def conflict_rows(meeting: Meeting, assessment: MeetingAssessment) -> dict[int, list[ConflictRow]]:
    """Conflicts of the people attending (not those with apologies), per item."""
    return {
        item_id: [ConflictRow(c) for c in conflicts]
        for item_id, conflicts in meeting_conflicts(meeting, assessment).items()
    }


def _current_id(items: list[ConductItem], wanted: int | None) -> int | None:
    ids = [c.item.pk for c in items]
    if wanted in ids:
        return wanted
    # The first item still needing the chair, else the first item.
    for conduct in items:
        if not conduct.entry.withheld and conduct.open_count:
            return conduct.item.pk
    return ids[0] if ids else None


def conduct_screen(meeting: Meeting, user: Any, current_item: int | None = None) -> ConductScreen:
    """Items as the recorder may see them, with each attendee's conflicts and the minutes."""
    assessment = meeting_assessment(meeting)
    entries = readable_minutes(meeting, user, part=None).items
    conflicts = conflict_rows(meeting, assessment)
    items = []
    for entry in entries:
        conduct = ConductItem(entry=entry)
        if not entry.withheld:
            conduct.conflicts = conflicts.get(entry.item.pk, [])
            chair = assessment.chairs.get(entry.item.pk)
            if chair is not None and chair.needs_handover:
                conduct.chair_text = chair.text
        items.append(conduct)
    current = _current_id(items, current_item)
    for conduct in items:
        conduct.current = conduct.item.pk == current
    visible = {e.item.pk: e.heading for e in entries if not e.withheld}
    made = [d for d in declarations_made(meeting) if d.item_id is None or d.item_id in visible]
    entries_by_id = Interest.objects.in_bulk([d.interest_id for d in made if d.interest_id])
    decided = {
        (r.conflict.item.pk, r.member_id): r.decision for rows in conflicts.values() for r in rows
    }
    declarations = [
        _declaration_row(
            d,
            visible,
            entries_by_id.get(d.interest_id or 0),
            decided.get((d.item_id or 0, d.member_id)),
        )
        for d in made
    ]
    return ConductScreen(meeting, items, declarations, visible)


def _declaration_row(
    declaration: MeetingDeclaration,
    headings: dict[int, str],
    entry: Interest | None,
    decision: ConflictDecision | None,
) -> DeclarationRow:
    organisation = (
        declaration.organisation.name
        if declaration.organisation
        else (entry.organisation_name if entry else "")
    )
    interest = (
        f"{organisation}: {declaration.description}" if organisation else declaration.description
    )
    if declaration.item_id is None:
        settled = (
            f"No action needed: {declaration.no_action_reason}" if declaration.settled_at else ""
        )
    else:
        settled = Action(decision.action).label if decision is not None else ""
    return DeclarationRow(
        pk=declaration.pk,
        who=declaration.member.full_name,
        interest=interest,
        item=headings.get(declaration.item_id, "") if declaration.item_id else "",
        draft_created=bool(entry and entry.is_draft),
        about_item=declaration.item_id is not None,
        settled=settled,
    )


def item_withheld_from(meeting: Meeting, user: Any, item: AgendaItem) -> bool:
    entries = readable_minutes(meeting, user, part=None).items
    return next((e.withheld for e in entries if e.item.pk == item.pk), True)
