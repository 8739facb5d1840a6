"""The procurement decisions register: one row per award decision, built from the data.

"Conflicts noted" and "how they were managed" are never typed in: they come
from the chair's recorded decisions on the award's agenda item and from what
happened on the lot's evaluation panel (people the recusal engine refused,
people who declared an interest, people a later change conflicted).

The published register leaves out unpublished rows, never names the related
person behind an indirect interest (only the relationship), never quotes an
evaluator's own statement and never shows anything of a Part II item beyond
the summary of conflicts. The full register is built for its reader: an award's
item whose title is confidential is named only to a reader it is not withheld
from (a conflicted secretary or Guardian in the room reads "confidential title",
as on the item's own pages; ADR 0013). Every row is built in a fixed number of
queries.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, QuerySet

from core.models import AuditEvent
from interests.models import Member
from meetings.access import items_withheld_from
from meetings.models import AgendaItem, ConflictDecision
from procurements.models import AwardDecision, Lot, PanelMember

COLUMNS: tuple[str, ...] = (
    "Reference",
    "Contract or service title",
    "Description",
    "New procurement or existing contract",
    "Procurement route",
    "Clinical lead",
    "Contract manager",
    "How the decision was made and by which committee",
    "Summary of conflicts noted",
    "How the conflicts were managed, and why",
    "Award (supplier name and address)",
    "Contract value",
    "Comments",
)

NO_CONFLICTS = "None noted"

REFUSED = "panel.evaluator_refused"
DECLARED = "panel.declaration_declared"
CONFLICTED_AT_DECLARATION = "panel.declaration_conflicted"
CONFLICTED_BY_CHANGE = "panel.evaluator_conflicted"
PLACE_EVENTS = (DECLARED, CONFLICTED_AT_DECLARATION, CONFLICTED_BY_CHANGE)


def first_link(chain: str) -> str:
    """ "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ ..." becomes
    "financial (partner), Riverside Surgery": the interest and where it starts."""
    _who, separator, rest = chain.strip().partition(" —")
    label, arrow, tail = rest.partition("→ ")
    if not (separator and arrow):
        return chain.strip()
    return f"{label}, {tail.split(' —', 1)[0]}"


def split_chains(text: str, who: str) -> list[str]:
    """Chains stored joined in one text (sometimes after a cause): each starts with the name."""
    parts = re.split(rf"\s+(?={re.escape(who)} —)", text.strip())
    return [part for part in parts if part.startswith(f"{who} —")]


def _interest_summary(who: str, chains: Iterable[str], words: Iterable[str] = ()) -> str:
    """The chains in plain words where they were kept ("Dr A. Patel is a partner in
    Riverside Surgery, a member of ..."); else, for records made before the words were
    kept, the interest where each chain starts. The published register gets the published
    chains (no related person named)."""
    sentences = list(dict.fromkeys(w.strip() for w in words if w.strip()))
    if sentences:
        return " ".join(sentences)
    links = list(dict.fromkeys(first_link(chain) for chain in chains if chain.strip()))
    return f"{who}: {'; '.join(links)}" if links else who


@dataclass(frozen=True)
class ConflictNote:
    noted: str
    managed: str


@dataclass(frozen=True)
class RegisterRow:
    award_id: int
    reference: str
    title: str
    description: str
    new_or_existing: str
    route: str
    clinical_lead: str
    contract_manager: str
    how_decided: str
    conflicts: tuple[ConflictNote, ...]
    supplier: str
    contract_value: Decimal
    comments: str

    @property
    def value_text(self) -> str:
        return f"£{self.contract_value:,.2f}"

    @property
    def conflicts_noted(self) -> list[str]:
        return [note.noted for note in self.conflicts] or [NO_CONFLICTS]

    @property
    def conflicts_managed(self) -> list[str]:
        return [note.managed for note in self.conflicts] or [NO_CONFLICTS]

    def cells(self) -> list[str]:
        """The row as the CSV download writes it: exactly what the page shows."""
        return [
            self.reference,
            self.title,
            self.description,
            self.new_or_existing,
            self.route,
            self.clinical_lead,
            self.contract_manager,
            self.how_decided,
            "\n".join(self.conflicts_noted),
            "\n".join(self.conflicts_managed),
            self.supplier,
            self.value_text,
            self.comments,
        ]


@dataclass(frozen=True)
class Register:
    rows: list[RegisterRow]
    public: bool
    last_updated: datetime.datetime | None

    columns = COLUMNS


def _date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _time(value: datetime.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _decision_note(decision: ConflictDecision, public: bool) -> ConflictNote:
    who = decision.member.short_name
    managed = f"{who}: {decision.get_action_display()}"
    left, returned = _time(decision.left_at), _time(decision.returned_at)
    if left and returned:
        managed += f" (left the room at {left} and returned at {returned})"
    elif left:
        managed += f" (left the room at {left})"
    managed += "."
    if decision.reason:
        managed += f" Reason: {decision.reason}"
    chain = decision.public_chain if public else decision.chain
    words = decision.public_words if public else decision.words
    return ConflictNote(_interest_summary(who, chain.splitlines(), words.splitlines()), managed)


def _labelled(label: str, chains: list[str], words: list[str]) -> str:
    summary = _interest_summary(label, chains, words)
    return f"{label}: {summary}" if any(w.strip() for w in words) else summary


def _refusal_note(lot: Lot, who: str, chains: list[str], words: list[str]) -> ConflictNote:
    return ConflictNote(
        _labelled(f"{who} (proposed evaluator for {lot.label})", chains, words),
        f"{who}: refused a place on the evaluation panel for {lot.label}; the conflict was "
        "found before they were invited, so they never saw the bids.",
    )


def _place_note(place: PanelMember, events: list[AuditEvent], public: bool) -> ConflictNote | None:
    who = place.member.short_name
    label = f"{who} (evaluator for {place.lot.label})"
    chains: list[str] = []
    words: list[str] = []
    statements: list[str] = []
    for event in events:
        if event.action in (CONFLICTED_BY_CHANGE, CONFLICTED_AT_DECLARATION):
            words += [str(w) for w in event.detail.get("public_words" if public else "words", [])]
        if public and event.action in (CONFLICTED_BY_CHANGE, CONFLICTED_AT_DECLARATION):
            chains += [str(c) for c in event.detail.get("public_chains", [])]
        elif event.action == CONFLICTED_BY_CHANGE:
            chains += [str(c) for c in event.detail.get("chains", [])]
        elif event.action == CONFLICTED_AT_DECLARATION:
            chains += split_chains(str(event.detail.get("text", "")), who)
        elif event.action == DECLARED:
            statements.append(str(event.detail.get("text", "")))
    if not (chains or statements):
        return None
    noted_parts = []
    if chains:
        noted_parts.append(_labelled(label, chains, words))
    if statements:
        declared = f"{label}: declared an interest in a bidder"
        if not public:
            declared += f" ({'; '.join(statements)})"
        noted_parts.append(declared)
    if chains:
        managed = f"{who}: access to the lot's bid documents was withdrawn at once"
    else:
        managed = f"{who}: did not receive the lot's bid documents"
    if place.status == PanelMember.Status.REMOVED:
        managed += f"; removed from the panel. Reason: {place.status_note}"
    else:
        managed += "; no longer evaluates the lot"
    return ConflictNote(". ".join(noted_parts), managed + ".")


def _how_decided(award: AwardDecision, public: bool, title_withheld: bool = False) -> str:
    how = award.how_decided.rstrip()
    text = how if how.endswith((".", "!", "?")) else f"{how}."
    text += f" Decided on {_date(award.decided_on)}"
    item = award.agenda_item
    if item is not None:
        meeting = item.meeting
        text += f", item {item.number} of the {meeting.committee.name} meeting of "
        text += _date(meeting.date)
        if not public:
            title = "confidential title" if title_withheld else item.title
            text += f" ({title}, Part {item.part})"
    return text + "."


def _titles_withheld(reader: Any, awards: Sequence[AwardDecision]) -> set[int]:
    """The awards' items with a confidential title that the reader's own conflict withholds
    from them (a Guardian or secretary in the room is withheld like any member)."""
    items: dict[int, AgendaItem] = {
        award.agenda_item.pk: award.agenda_item
        for award in awards
        if award.agenda_item is not None and award.agenda_item.title_is_confidential
    }
    return items_withheld_from(reader, items.values()) if items else set()


def _supplier(award: AwardDecision) -> str:
    organisation = award.bid.organisation
    address = ", ".join(line.strip() for line in organisation.address.splitlines() if line.strip())
    return ", ".join(part for part in (organisation.name, address, organisation.postcode) if part)


def _name(member: Member | None) -> str:
    return member.full_name if member is not None else "Not recorded"


def register_awards(*, public: bool) -> QuerySet[AwardDecision]:
    """The register's award decisions, newest first (only published ones when ``public``)."""
    awards = AwardDecision.objects.select_related(
        "lot__procurement__clinical_lead",
        "lot__procurement__contract_manager",
        "bid__organisation",
        "agenda_item__meeting__committee",
    ).order_by("-decided_on", "-pk")
    return awards.filter(is_published=True) if public else awards


def register_last_updated(*, public: bool) -> datetime.datetime | None:
    """When the register last changed: an award recorded or a chair's decision on an award's
    item (two aggregates, whatever the register's size)."""
    awards = register_awards(public=public).order_by()
    recorded = awards.aggregate(latest=Max("recorded_at"))["latest"]
    decided = ConflictDecision.objects.filter(
        item_id__in=awards.filter(agenda_item__isnull=False).values("agenda_item_id")
    ).aggregate(latest=Max("decided_at"))["latest"]
    return max((t for t in (recorded, decided) if t is not None), default=None)


def procurement_register(
    *, public: bool, reader: Any = None, awards: Sequence[AwardDecision] | None = None
) -> Register:
    """The register's rows for ``awards`` (a page or a batch; every decision when not given),
    in 5 queries whatever their number. The full register needs its ``reader``: it names
    an item's confidential title only to someone the item is not withheld from (a fixed
    few queries more, whatever the number of items)."""
    if not public and reader is None:
        raise ValueError("The full register is built for a reader: pass reader=")
    if awards is None:
        awards = list(register_awards(public=public))
    titles_withheld = set() if public else _titles_withheld(reader, awards)
    lot_ids = {award.lot_id for award in awards}
    item_ids = {award.agenda_item_id for award in awards if award.agenda_item_id}

    decisions: dict[int, list[ConflictDecision]] = defaultdict(list)
    for decision in (
        ConflictDecision.objects.filter(item_id__in=item_ids)
        .select_related("member")
        .order_by("member__last_name", "member__first_name", "pk")
    ):
        decisions[decision.item_id].append(decision)

    places = list(
        PanelMember.objects.filter(lot_id__in=lot_ids)
        .select_related("member", "lot")
        .order_by("added_at", "pk")
    )
    events = AuditEvent.objects.filter(
        Q(action=REFUSED, object_type="procurements.lot", object_id__in=[str(i) for i in lot_ids])
        | Q(
            action__in=PLACE_EVENTS,
            object_type="procurements.panelmember",
            object_id__in=[str(p.pk) for p in places],
        )
    ).order_by("at", "pk")
    refusals: dict[int, dict[int, tuple[list[str], list[str]]]] = defaultdict(dict)
    place_events: dict[int, list[AuditEvent]] = defaultdict(list)
    for event in events:
        if event.action == REFUSED:
            member_id = int(event.detail.get("member", 0))
            # The latest refusal of a person on a lot says why; repeats add nothing.
            key = "public_chains" if public else "chains"
            words_key = "public_words" if public else "words"
            refusals[int(event.object_id)][member_id] = (
                list(event.detail.get(key, [])),
                list(event.detail.get(words_key, [])),
            )
        else:
            place_events[int(event.object_id)].append(event)
    refused_ids = {m for by_member in refusals.values() for m in by_member}
    refused_names = (
        {m.pk: m.short_name for m in Member.objects.filter(pk__in=refused_ids)}
        if refused_ids
        else {}
    )

    places_by_lot: dict[int, list[PanelMember]] = defaultdict(list)
    for place in places:
        places_by_lot[place.lot_id].append(place)

    rows = []
    latest: list[datetime.datetime] = []
    for award in awards:
        lot = award.lot
        procurement = lot.procurement
        notes: list[ConflictNote] = []
        for decision in decisions.get(award.agenda_item_id or 0, []):
            notes.append(_decision_note(decision, public))
            latest.append(decision.decided_at)
        for member_id, (chains, words) in refusals.get(lot.pk, {}).items():
            who = refused_names.get(member_id, "A proposed evaluator")
            notes.append(_refusal_note(lot, who, chains, words))
        for place in places_by_lot.get(lot.pk, []):
            note = _place_note(place, place_events.get(place.pk, []), public)
            if note is not None:
                notes.append(note)
        latest.append(award.recorded_at)
        rows.append(
            RegisterRow(
                award_id=award.pk,
                reference=procurement.reference,
                title=f"{procurement.title}: {lot.label}",
                description=procurement.description,
                new_or_existing="New procurement"
                if procurement.is_new_service
                else "Existing contract",
                route=procurement.get_route_display(),
                clinical_lead=_name(procurement.clinical_lead),
                contract_manager=_name(procurement.contract_manager),
                how_decided=_how_decided(
                    award, public, title_withheld=award.agenda_item_id in titles_withheld
                ),
                conflicts=tuple(notes),
                supplier=_supplier(award),
                contract_value=award.contract_value,
                comments=award.comments,
            )
        )
    return Register(rows=rows, public=public, last_updated=max(latest) if latest else None)


def register_csv_rows(register: Register) -> Iterable[list[Any]]:
    return (row.cells() for row in register.rows)


CSV_BATCH_AWARDS = 200


def register_csv_rows_streamed(*, public: bool, reader: Any = None) -> Iterator[list[Any]]:
    """Every row of the register, built a batch of awards at a time (memory stays flat)."""
    batch: list[AwardDecision] = []
    for award in register_awards(public=public).iterator(chunk_size=CSV_BATCH_AWARDS):
        batch.append(award)
        if len(batch) == CSV_BATCH_AWARDS:
            yield from register_csv_rows(
                procurement_register(public=public, reader=reader, awards=batch)
            )
            batch = []
    if batch:
        yield from register_csv_rows(
            procurement_register(public=public, reader=reader, awards=batch)
        )
