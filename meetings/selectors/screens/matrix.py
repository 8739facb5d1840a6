"""The recusal matrix: people x items, with the chains."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from meetings.chain_pictures import chain_picture
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
)
from meetings.selectors.possible_conflicts import PossibleConflictRow, meeting_possible_conflicts
from meetings.selectors.recusal_facts import meeting_facts
from meetings.selectors.screens.lookups import item_headings, reader_entries
from recusal import Action, assess_meeting
from recusal.facts import MeetingFacts
from recusal.results import Verdict

SHORT_ACTIONS = {
    Action.NOT_ATTEND: "Does not attend",
    Action.NO_PAPERS: "No papers; leaves the room",
    Action.LEAVE_ROOM: "Leaves the room",
    Action.NO_VOTE: "Discusses; no vote",
    Action.NOTED: "Noted; takes full part",
}


@dataclass(frozen=True)
class MatrixCell:
    item_label: str  # "Item 3", for screen readers inside the cell
    conflicted: bool
    action: str = ""  # e.g. "Suggested: Leaves the room"
    action_full: str = ""
    chains: tuple[str, ...] = ()
    pictures: tuple[SafeString, ...] = ()  # each chain drawn (meetings.chain_pictures)
    awaiting_decision: bool = False
    receives_papers: bool = True
    withheld: bool = False  # the viewer is excluded from this item: nothing about it is shown


@dataclass(frozen=True)
class MatrixRow:
    name: str
    standing: str  # e.g. "Member", "Co-opted", "Apologies", "Committee member, not attending"
    cells: list[MatrixCell]


@dataclass(frozen=True)
class MatrixColumn:
    number: str
    heading: str
    part: str
    quorate: bool
    quorum: str
    remedy: str
    withheld: bool = False


@dataclass(frozen=True)
class Matrix:
    meeting: Meeting
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    conflicts: int
    # Typed names whose proposed link to an organisation is undecided (ADR 0027).
    possible: list[PossibleConflictRow] = field(default_factory=list)


def _cell(verdict: Verdict | None, number: str) -> MatrixCell:
    label = f"Item {number}"
    if verdict is None or not verdict.conflicted:
        return MatrixCell(label, False)
    if verdict.decided is not None:
        action = verdict.decided
        prefix = "Decided"
    else:
        action = verdict.suggested or Action.NOTED
        prefix = "Suggested"
    return MatrixCell(
        item_label=label,
        conflicted=True,
        action=f"{prefix}: {SHORT_ACTIONS[action]}",
        action_full=f"{prefix}: {action.label}",
        chains=tuple(r.text for r in verdict.reasons),
        pictures=tuple(chain_picture(r.chain) for r in verdict.reasons if r.chain is not None),
        awaiting_decision=verdict.flagged,
        receives_papers=verdict.receives_papers,
    )


def _standing(attendance: Any) -> str:
    if not attendance.present:
        return "Apologies"
    return dict(Attendance.Kind.choices).get(attendance.kind, attendance.kind)


def recusal_matrix(meeting: Meeting, user: Any) -> Matrix:
    facts: MeetingFacts = meeting_facts(meeting)
    assessment = assess_meeting(facts)
    # Column headings as this viewer may see them: a conflicted chair does not
    # learn a confidential title from the matrix.
    entries = reader_entries(meeting, user)
    headings = item_headings(entries)
    # Nothing about an item the viewer is excluded from: not its title, not others' chains to
    # it (which would say what it is about), not its quorum.
    withheld = {e.item.pk for e in entries if e.withheld}
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    columns = []
    for item_facts in facts.items:
        outcome = assessment.quorum[item_facts.id]
        item = items[item_facts.id]
        if item_facts.id in withheld:
            columns.append(
                MatrixColumn(
                    number=item_facts.number,
                    heading=headings.get(item_facts.id, f"Item {item_facts.number}"),
                    part=item_facts.part,
                    quorate=True,
                    quorum="",
                    remedy="",
                    withheld=True,
                )
            )
            continue
        columns.append(
            MatrixColumn(
                number=item_facts.number,
                heading=headings.get(item_facts.id, f"Item {item_facts.number}"),
                part=item_facts.part,
                quorate=outcome.quorate,
                quorum="Quorate" if outcome.quorate else "; ".join(outcome.shortfalls),
                remedy=item.get_remedy_display() if item.remedy else "",
            )
        )
    attendee_ids = [a.person_id for a in facts.attendees]
    others = sorted(
        (p for p in facts.committee.member_ids if p not in attendee_ids and p in facts.people),
        key=lambda p: facts.people[p].name,
    )
    rows = []
    conflicts = 0
    people: list[tuple[int, str]] = [
        (a.person_id, _standing(a)) for a in facts.attendees if a.person_id in facts.people
    ]
    people += [(p, "Committee member, not attending") for p in others]
    for person_id, standing in people:
        cells = [
            MatrixCell(f"Item {i.number}", False, withheld=True)
            if i.id in withheld
            else _cell(assessment.verdicts.get((person_id, i.id)), i.number)
            for i in facts.items
        ]
        conflicts += sum(1 for c in cells if c.conflicted)
        rows.append(MatrixRow(facts.people[person_id].name, standing, cells))
    possible = [
        row for row in meeting_possible_conflicts(meeting, facts) if row.item_id not in withheld
    ]
    return Matrix(
        meeting=meeting, columns=columns, rows=rows, conflicts=conflicts, possible=possible
    )
