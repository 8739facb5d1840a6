"""The meeting page: agenda rows, quorum warnings, chair handovers and the proposed order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from interests.models import Organisation
from meetings.access import can_manage, can_record, sees_everything
from meetings.hooks import lots_of_items
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Paper,
)
from meetings.selectors.recusal_facts import meeting_assessment, meeting_facts
from meetings.selectors.screens.lookups import reader_entries
from meetings.selectors.standing import Standing
from recusal import Action, assess_meeting
from recusal.results import ChairOutcome, QuorumOutcome

SHORT_ACTIONS = {
    Action.NOT_ATTEND: "Does not attend",
    Action.NO_PAPERS: "No papers; leaves the room",
    Action.LEAVE_ROOM: "Leaves the room",
    Action.NO_VOTE: "Discusses; no vote",
    Action.NOTED: "Noted; takes full part",
}


@dataclass
class AgendaRow:
    item: AgendaItem
    heading: str
    withheld: bool = False
    organisations: list[Organisation] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    can_move_up: bool = False
    can_move_down: bool = False
    lot: str = ""  # the procurement lot the item decides, if any (meetings.hooks)
    standing: Standing | None = None  # the reader's own interest in the item

    @property
    def notice(self) -> str:
        if self.standing is None:
            return ""
        return self.standing.withheld_notice if self.withheld else self.standing.notice


@dataclass(frozen=True)
class RemedyOption:
    kind: str
    text: str
    person_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class QuorumWarning:
    item: AgendaItem
    heading: str
    summary: str
    shortfalls: tuple[str, ...]
    remedies: tuple[RemedyOption, ...]
    remedy_recorded: str
    blocks_publication: bool


@dataclass(frozen=True)
class ChairHandover:
    heading: str
    text: str


@dataclass(frozen=True)
class OrderProposal:
    departures_current: int
    departures_proposed: int
    headings: list[str]


@dataclass
class AgendaScreen:
    meeting: Meeting
    full: bool
    manage: bool
    record: bool
    part_one: list[AgendaRow]
    part_two: list[AgendaRow]
    attendances: list[Attendance]
    warnings: list[QuorumWarning] = field(default_factory=list)
    handovers: list[ChairHandover] = field(default_factory=list)
    order: OrderProposal | None = None
    parts_out_of_order: bool = False

    @property
    def editable(self) -> bool:
        return self.manage and self.meeting.status != Meeting.Status.MINUTES_APPROVED

    @property
    def before_meeting(self) -> bool:
        return self.meeting.status in (Meeting.Status.DRAFT, Meeting.Status.AGENDA_PUBLISHED)

    @property
    def blocked(self) -> bool:
        return any(w.blocks_publication for w in self.warnings)


def _full_rows(meeting: Meeting) -> list[AgendaRow]:
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("referred_to")
        .prefetch_related(
            "affected_organisations",
            Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at")),
        )
        .order_by("position")
    )
    lots = lots_of_items([item.pk for item in items])
    return [
        AgendaRow(
            item=item,
            heading=f"Item {item.number}: {item.title}",
            organisations=sorted(item.affected_organisations.all(), key=lambda o: o.name),
            papers=list(item.papers.all()),
            lot=lots[item.pk].label if item.pk in lots else "",
        )
        for item in items
    ]


def _reader_rows(meeting: Meeting, user: Any) -> list[AgendaRow]:
    return [
        AgendaRow(
            item=e.item,
            heading=e.heading,
            withheld=e.withheld,
            papers=e.papers,
            standing=e.standing,
        )
        for e in reader_entries(meeting, user)
    ]


def _mark_moves(rows: list[AgendaRow]) -> None:
    for index, row in enumerate(rows):
        row.can_move_up = index > 0 and rows[index - 1].item.part == row.item.part
        row.can_move_down = index + 1 < len(rows) and rows[index + 1].item.part == row.item.part


def _warning(outcome: QuorumOutcome, item: AgendaItem, heading: str) -> QuorumWarning:
    recorded = ""
    if item.remedy:
        recorded = item.get_remedy_display()
        if item.referred_to_id:
            recorded += f" ({item.referred_to})"
        if item.remedy_note:
            recorded += f": {item.remedy_note}"
    return QuorumWarning(
        item=item,
        heading=heading,
        summary=outcome.summary,
        shortfalls=outcome.shortfalls,
        remedies=tuple(RemedyOption(r.kind, r.text, r.person_ids) for r in outcome.remedies),
        remedy_recorded=recorded,
        blocks_publication=outcome.blocks_publication,
    )


def departures_sentence(proposal: OrderProposal) -> str:
    def times(n: int) -> str:
        return "once" if n == 1 else f"{n} times"

    return (
        f"People leave the room {times(proposal.departures_current)} in this order and "
        f"{times(proposal.departures_proposed)} in the proposed order"
    )


def agenda_screen(meeting: Meeting, user: Any) -> AgendaScreen:
    full = sees_everything(user, meeting)
    manage = can_manage(user)
    record = can_record(user, meeting)
    rows = _full_rows(meeting) if full else _reader_rows(meeting, user)
    _mark_moves(rows)
    screen = AgendaScreen(
        meeting=meeting,
        full=full,
        manage=manage,
        record=record,
        part_one=[r for r in rows if r.item.part == AgendaItem.Part.OPEN],
        part_two=[r for r in rows if r.item.part == AgendaItem.Part.CONFIDENTIAL],
        attendances=list(
            Attendance.objects.filter(meeting=meeting)
            .select_related("member")
            .order_by("apologies", "member__last_name", "member__first_name")
        ),
    )
    parts = [r.item.part for r in rows]
    screen.parts_out_of_order = parts != sorted(parts)
    if not (full or manage or record):
        # Members see the agenda and their own pack, never anyone's verdicts.
        return screen
    assessment = assess_meeting(meeting_facts(meeting))
    by_id = {r.item.pk: r for r in rows}
    for item_id in assessment.order.current:
        row = by_id[item_id]
        outcome = assessment.quorum[item_id]
        if not outcome.quorate:
            screen.warnings.append(_warning(outcome, row.item, row.heading))
        chair: ChairOutcome = assessment.chairs[item_id]
        if chair.needs_handover and chair.text:
            screen.handovers.append(ChairHandover(row.heading, chair.text))
    if assessment.order.improves:
        screen.order = OrderProposal(
            departures_current=assessment.order.departures_current,
            departures_proposed=assessment.order.departures_proposed,
            headings=[by_id[i].heading for i in assessment.order.proposed],
        )
    return screen


def co_opt_candidates(meeting: Meeting, item: AgendaItem) -> tuple[int, ...]:
    """The reserve people the engine names to make this item quorate, if any."""
    outcome = meeting_assessment(meeting).quorum.get(item.pk)
    if outcome is None:
        return ()
    for remedy in outcome.remedies:
        if remedy.kind == "co_opt":
            return remedy.person_ids
    return ()


def proposed_order(meeting: Meeting) -> tuple[int, ...]:
    return meeting_assessment(meeting).order.proposed


def parts_first_order(meeting: Meeting) -> list[int]:
    """The current order with every Part I item before the Part II items."""
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    return [i.pk for i in sorted(items, key=lambda i: (i.part != AgendaItem.Part.OPEN, i.position))]
