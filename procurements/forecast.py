"""The conflict forecast for a planned procurement: who would be conflicted if these
organisations bid, before any bid exists.

For every meeting from today on that decides one of the procurement's lots (or, with none
arranged, the deciding committee as it stands), each such item is judged by the engine as if
the named organisations bid for its lot (``meetings.forecast``); each lot's evaluation panel
is checked the same way. One scenario per organisation named ("if Northfield GP Federation
bids"), and one with all of them when more than one is named. A pure computation over
hypothetical facts: nothing is saved and no access changes (ADR 0031).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.utils import timezone

from interests.models import Member, Organisation
from meetings.forecast import ItemForecast, Neighbours, forecast
from meetings.selectors.recusal_facts import committee_facts, meeting_facts, people_facts
from meetings.services.access import meetings_from_today
from procurements.models import AgendaItemLot, Lot, PanelMember, Procurement
from procurements.selectors.lot_facts import lot_check
from procurements.selectors.screens import ON_PANEL
from recusal import ItemFacts, LotFacts, MeetingFacts

# One scenario per organisation up to this many; past it only "if all of them bid".
SCENARIOS_PER_ORGANISATION = 8
CLINICAL_ROLES = ("gp", "nurse", "secondary_care")
CLEAR_CANDIDATES_SHOWN = 5


@dataclass(frozen=True)
class MeetingForecast:
    heading: str  # "Governing Body, 20 December 2026" or "Governing Body (no meeting arranged)"
    items: tuple[ItemForecast, ...]


@dataclass(frozen=True)
class EvaluatorForecast:
    name: str
    chains: tuple[str, ...]

    @property
    def conflicted(self) -> bool:
        return bool(self.chains)


@dataclass(frozen=True)
class PanelForecast:
    lot_label: str
    evaluators: tuple[EvaluatorForecast, ...]
    clear_candidates: tuple[str, ...]  # neighbouring clinicians who would be clear
    summary: str


@dataclass(frozen=True)
class ScenarioForecast:
    label: str  # "Northfield GP Federation bids"
    organisation_ids: tuple[int, ...]
    meetings: tuple[MeetingForecast, ...]
    panels: tuple[PanelForecast, ...]

    @property
    def summaries(self) -> list[str]:
        return [item.summary for meeting in self.meetings for item in meeting.items]


@dataclass(frozen=True)
class ProcurementForecast:
    organisations: tuple[str, ...]
    scenarios: tuple[ScenarioForecast, ...]


def organisations_named(organisation_ids: list[int], kinds: list[str]) -> list[Organisation]:
    """The organisations named, and every organisation of the kinds chosen, by name."""
    named = Organisation.objects.filter(pk__in=organisation_ids)
    of_kind = Organisation.objects.filter(kind__in=kinds)
    return list((named | of_kind).distinct().order_by("name"))


def _scenarios(organisations: list[Organisation]) -> list[tuple[str, tuple[int, ...]]]:
    scenarios: list[tuple[str, tuple[int, ...]]] = []
    if len(organisations) <= SCENARIOS_PER_ORGANISATION:
        scenarios = [(f"{o.name} bids", (o.pk,)) for o in organisations]
    if len(organisations) > 1:
        scenarios.append(
            (f"all {len(organisations)} organisations bid", tuple(o.pk for o in organisations))
        )
    return scenarios


def neighbouring_clinicians(exclude: set[int], day: datetime.date) -> Neighbours:
    """Active clinicians from other organisations (an affiliation recorded) not already
    counted, with their entries: the "clinicians bussed in from the north"."""
    members = (
        Member.objects.filter(is_active=True, professional_role__in=CLINICAL_ROLES)
        .exclude(affiliation="")
        .exclude(pk__in=exclude)
    )
    people, interests = people_facts(members, day)
    return Neighbours(people=people, interests=tuple(interests))


@dataclass(frozen=True)
class _Deciding:
    heading: str
    facts: MeetingFacts
    items: dict[int, ItemFacts]  # item id -> the item (its lot's bidders to be replaced)
    labels: dict[int, str]


def _lot_item(lot: Lot) -> ItemFacts:
    # A negative id: an item that does not exist yet.
    return ItemFacts(
        id=-lot.pk,
        number="",
        title=f"Award of {lot.label}",
        purpose="decision",
        part="II",
        lot=LotFacts(lot.pk, lot.label, ()),
    )


def _deciding(procurement: Procurement, lots: list[Lot], day: datetime.date) -> list[_Deciding]:
    links = AgendaItemLot.objects.filter(lot__in=lots).values_list("item_id", "item__meeting_id")
    meeting_ids = {meeting_id for _, meeting_id in links}
    linked_items = {item_id for item_id, _ in links}
    meetings = meetings_from_today(day).filter(pk__in=meeting_ids)
    deciding = []
    for meeting in meetings.select_related("committee").order_by("starts_at"):
        facts = meeting_facts(meeting)
        items = {i.id: i for i in facts.items if i.id in linked_items and i.lot is not None}
        labels = {i.id: f"Item {i.number}: {i.title}" for i in items.values()}
        heading = f"{meeting.committee.name}, {meeting.date:%-d %B %Y}"
        deciding.append(_Deciding(heading, facts, items, labels))
    if not deciding and procurement.deciding_committee is not None:
        pseudo = tuple(_lot_item(lot) for lot in lots)
        facts = committee_facts(procurement.deciding_committee, day, pseudo)
        deciding.append(
            _Deciding(
                f"{procurement.deciding_committee.name} (as it stands; no meeting arranged yet)",
                facts,
                {i.id: i for i in pseudo},
                {i.id: i.title for i in pseudo},
            )
        )
    return deciding


def _with_bidders(items: dict[int, ItemFacts], bidder_ids: tuple[int, ...]) -> dict[int, ItemFacts]:
    return {
        item_id: replace(item, lot=replace(item.lot, bidder_ids=bidder_ids)) if item.lot else item
        for item_id, item in items.items()
    }


def _panel_forecast(
    lot: Lot,
    places: list[PanelMember],
    neighbours: list[Member],
    bidder_ids: tuple[int, ...],
    day: datetime.date,
) -> PanelForecast:
    members = [p.member for p in places]
    verdicts = lot_check(lot, [*members, *neighbours], day, bidder_ids=bidder_ids)
    evaluators = tuple(
        EvaluatorForecast(m.short_name, tuple(r.text for r in verdicts.get(m.pk, ())))
        for m in members
    )
    clear = tuple(
        f"{m.short_name} ({m.affiliation})" for m in neighbours if not verdicts.get(m.pk)
    )[:CLEAR_CANDIDATES_SHOWN]
    out = sum(1 for e in evaluators if e.conflicted)
    if not evaluators:
        summary = f"{lot.label}: no panel yet"
    elif out:
        summary = f"{lot.label}: {out} of {len(evaluators)} evaluators would be conflicted"
    else:
        summary = f"{lot.label}: the panel stays clear"
    if out or not evaluators:
        summary += (
            f"; {len(clear)} clinicians from neighbouring organisations would be clear"
            if clear
            else "; convene a non-conflicted panel from elsewhere"
        )
    return PanelForecast(lot.label, evaluators, clear, summary)


def procurement_forecast(
    procurement: Procurement, organisations: list[Organisation], day: datetime.date | None = None
) -> ProcurementForecast:
    day = day or timezone.localdate()
    lots = list(procurement.lots.order_by("number"))
    deciding = _deciding(procurement, lots, day)
    counted: set[int] = set()
    for d in deciding:
        counted |= set(d.facts.people)
    neighbours = neighbouring_clinicians(counted, day)
    neighbour_members = list(
        Member.objects.filter(pk__in=list(neighbours.people)).order_by("last_name", "first_name")
    )
    places: dict[int, list[PanelMember]] = {lot.pk: [] for lot in lots}
    for place in PanelMember.objects.filter(lot__in=lots, status__in=ON_PANEL).select_related(
        "member"
    ):
        places[place.lot_id].append(place)
    names = {o.pk: o.name for o in organisations}
    scenarios: list[ScenarioForecast] = []
    for label, bidder_ids in _scenarios(organisations):
        meetings = tuple(
            MeetingForecast(
                d.heading,
                tuple(
                    forecast(
                        d.facts,
                        _with_bidders(d.items, bidder_ids),
                        d.labels,
                        scenario=label,
                        extra_names=names,
                        neighbours=neighbours,
                    )
                ),
            )
            for d in deciding
        )
        panels = tuple(
            _panel_forecast(lot, places[lot.pk], neighbour_members, bidder_ids, day) for lot in lots
        )
        scenarios.append(ScenarioForecast(label, bidder_ids, meetings, panels))
    return ProcurementForecast(tuple(o.name for o in organisations), tuple(scenarios))
