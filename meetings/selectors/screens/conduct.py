"""The meeting itself: conflicts to decide, declarations made, minutes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interests.models import Interest
from meetings.models import (
    AgendaItem,
    Attendance,
    ConflictDecision,
    Meeting,
    MeetingDeclaration,
)
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
    member_id: int
    name: str
    chains: tuple[str, ...]
    suggested: Action | None
    decision: ConflictDecision | None
    form: Any = None

    @property
    def decided_label(self) -> str:
        return Action(self.decision.action).label if self.decision else ""


@dataclass
class ConductItem:
    entry: ItemEntry
    conflicts: list[ConflictRow] = field(default_factory=list)
    chair_text: str = ""
    minutes_form: Any = None


@dataclass(frozen=True)
class DeclarationRow:
    who: str
    interest: str
    item: str
    draft_created: bool


@dataclass
class ConductScreen:
    meeting: Meeting
    items: list[ConductItem]
    declarations: list[DeclarationRow]
    headings: dict[int, str]  # the items the recorder may see, as they may see them


def conflict_rows(meeting: Meeting, assessment: MeetingAssessment) -> dict[int, list[ConflictRow]]:
    """Conflicts of the people attending (not those with apologies), per item."""
    attendances = list(
        Attendance.objects.filter(meeting=meeting, apologies=False).select_related("member")
    )
    decisions = {
        (d.item_id, d.member_id): d for d in ConflictDecision.objects.filter(item__meeting=meeting)
    }
    rows: dict[int, list[ConflictRow]] = {}
    for item_id in assessment.order.current:
        for attendance in attendances:
            verdict = assessment.verdicts.get((attendance.member_id, item_id))
            if verdict is None or not verdict.conflicted:
                continue
            rows.setdefault(item_id, []).append(
                ConflictRow(
                    member_id=attendance.member_id,
                    name=attendance.member.short_name,
                    chains=tuple(r.text for r in verdict.reasons),
                    suggested=verdict.suggested,
                    decision=decisions.get((item_id, attendance.member_id)),
                )
            )
    return rows


def conduct_screen(meeting: Meeting, user: Any) -> ConductScreen:
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
    visible = {e.item.pk: e.heading for e in entries if not e.withheld}
    made = [d for d in declarations_made(meeting) if d.item_id is None or d.item_id in visible]
    entries_by_id = Interest.objects.in_bulk([d.interest_id for d in made if d.interest_id])
    declarations = [
        _declaration_row(d, visible, entries_by_id.get(d.interest_id or 0)) for d in made
    ]
    return ConductScreen(meeting, items, declarations, visible)


def _declaration_row(
    declaration: MeetingDeclaration, headings: dict[int, str], entry: Interest | None
) -> DeclarationRow:
    organisation = (
        declaration.organisation.name
        if declaration.organisation
        else (entry.organisation_name if entry else "")
    )
    interest = (
        f"{organisation}: {declaration.description}" if organisation else declaration.description
    )
    return DeclarationRow(
        who=declaration.member.full_name,
        interest=interest,
        item=headings.get(declaration.item_id, "") if declaration.item_id else "",
        draft_created=bool(entry and entry.is_draft),
    )


def item_withheld_from(meeting: Meeting, user: Any, item: AgendaItem) -> bool:
    entries = readable_minutes(meeting, user, part=None).items
    return next((e.withheld for e in entries if e.item.pk == item.pk), True)
