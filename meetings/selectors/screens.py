"""What the meeting screens show, prepared here so templates hold no logic.

Readers who do not see everything get their agenda from
``meetings.selectors.documents`` (the one place that decides what a person may
read), so a screen never shows them more than their pack does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from interests.models import Interest, Member, Organisation
from meetings.access import can_manage, can_record, meetings_for_user, sees_everything
from meetings.models import (
    AgendaItem,
    Attendance,
    ConflictDecision,
    Meeting,
    MeetingDeclaration,
    Paper,
)
from meetings.recusal import Action, assess_meeting
from meetings.recusal.facts import MeetingFacts
from meetings.recusal.results import ChairOutcome, MeetingAssessment, QuorumOutcome, Verdict
from meetings.selectors.documents import (
    CONFIDENTIAL_ITEM,
    ItemEntry,
    MinutesDocument,
    agenda_pack,
    declarations_made,
    readable_minutes,
)
from meetings.selectors.recusal_facts import meeting_assessment, meeting_facts

SHORT_ACTIONS = {
    Action.NOT_ATTEND: "Does not attend",
    Action.NO_PAPERS: "No papers; leaves the room",
    Action.LEAVE_ROOM: "Leaves the room",
    Action.NO_VOTE: "Discusses; no vote",
    Action.NOTED: "Noted; takes full part",
}


# --- Lists and lookups ----------------------------------------------------


@dataclass(frozen=True)
class MeetingListing:
    upcoming: list[Meeting]
    past: list[Meeting]


def meeting_listing(user: Any) -> MeetingListing:
    """The meetings this user may see: the next one first, then the most recent past one."""
    now = timezone.now()
    meetings = meetings_for_user(user)
    return MeetingListing(
        upcoming=list(meetings.filter(starts_at__gte=now).order_by("starts_at")),
        past=list(meetings.filter(starts_at__lt=now).order_by("-starts_at")),
    )


def item_for_meeting(meeting: Meeting, pk: int) -> AgendaItem:
    """An item of a meeting the caller has already checked the user may see."""
    item = get_object_or_404(AgendaItem.objects.select_related("lot"), pk=pk, meeting=meeting)
    item.meeting = meeting
    return item


def attendance_for_meeting(meeting: Meeting, pk: int) -> Attendance:
    attendance = get_object_or_404(
        Attendance.objects.select_related("member"), pk=pk, meeting=meeting
    )
    attendance.meeting = meeting
    return attendance


def member_attending(meeting: Meeting, pk: int) -> Member:
    return get_object_or_404(Member, pk=pk, attendances__meeting=meeting)


def reserve_members(meeting: Meeting, ids: list[int]) -> list[Member]:
    return list(
        Member.objects.filter(pk__in=ids, reserve_places__committee_id=meeting.committee_id)
    )


def approved_meetings() -> QuerySet[Meeting]:
    """Meetings whose minutes are approved: their Part I minutes are public."""
    return (
        Meeting.objects.filter(status=Meeting.Status.MINUTES_APPROVED)
        .select_related("committee")
        .order_by("-starts_at")
    )


def approved_meeting(pk: int) -> Meeting:
    return get_object_or_404(approved_meetings(), pk=pk)


# --- What a reader may see ------------------------------------------------


def reader_entries(meeting: Meeting, user: Any) -> list[ItemEntry]:
    """Every item as this reader may see it: withheld items carry no papers and no details.

    An item is withheld when the reader may not have its papers *or* its
    minutes, so an item with no papers yet is still withheld from a conflicted
    reader.
    """
    return agenda_pack(meeting, user)


def item_headings(entries: list[ItemEntry]) -> dict[int, str]:
    return {e.item.pk: e.heading for e in entries}


# --- The meeting page -----------------------------------------------------


@dataclass
class AgendaRow:
    item: AgendaItem
    heading: str
    withheld: bool = False
    organisations: list[Organisation] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    can_move_up: bool = False
    can_move_down: bool = False


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
        .select_related("lot__procurement", "referred_to")
        .prefetch_related(
            "affected_organisations",
            Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at")),
        )
        .order_by("position")
    )
    return [
        AgendaRow(
            item=item,
            heading=f"Item {item.number}: {item.title}",
            organisations=sorted(item.affected_organisations.all(), key=lambda o: o.name),
            papers=list(item.papers.all()),
        )
        for item in items
    ]


def _reader_rows(meeting: Meeting, user: Any) -> list[AgendaRow]:
    return [
        AgendaRow(item=e.item, heading=e.heading, withheld=e.withheld, papers=e.papers)
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
    full = sees_everything(user)
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


# --- The recusal matrix ---------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    item_label: str  # "Item 3", for screen readers inside the cell
    conflicted: bool
    action: str = ""  # e.g. "Suggested: Leaves the room"
    action_full: str = ""
    chains: tuple[str, ...] = ()
    awaiting_decision: bool = False
    receives_papers: bool = True


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


@dataclass(frozen=True)
class Matrix:
    meeting: Meeting
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    conflicts: int


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
    headings = item_headings(reader_entries(meeting, user))
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    columns = []
    for item_facts in facts.items:
        outcome = assessment.quorum[item_facts.id]
        item = items[item_facts.id]
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
        cells = [_cell(assessment.verdicts.get((person_id, i.id)), i.number) for i in facts.items]
        conflicts += sum(1 for c in cells if c.conflicted)
        rows.append(MatrixRow(facts.people[person_id].name, standing, cells))
    return Matrix(meeting=meeting, columns=columns, rows=rows, conflicts=conflicts)


# --- The meeting itself ---------------------------------------------------


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


# --- Public minutes -------------------------------------------------------


@dataclass(frozen=True)
class PublicItem:
    heading: str
    minutes: str
    confidential: bool


def public_items(document: MinutesDocument) -> list[PublicItem]:
    """Part I items in full; Part II items by number only, whatever their title."""
    return [
        PublicItem(f"Item {e.item.number}: {CONFIDENTIAL_ITEM}", "", True)
        if e.item.is_confidential
        else PublicItem(f"Item {e.item.number}: {e.item.title}", e.minutes, False)
        for e in document.items
    ]
