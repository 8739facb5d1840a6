"""Procurements with lots, 2-6 bidders a lot, items deciding them, and awards for the signed."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import User

from ccg_governance.scale.meetings import Committees
from ccg_governance.scale.organisations import Network
from meetings.models import AgendaItem
from procurements.models import AgendaItemLot, AwardDecision, Bid, Lot, Procurement

Stage = Procurement.Stage


def build_procurements(
    rng: random.Random, committees: Committees, network: Network, count: int, recorder: User
) -> None:
    stages = [Stage.PLANNING, Stage.INVITATION, Stage.EVALUATION, Stage.AWARD]
    stages += [Stage.CONTRACT_SIGNED] * 3
    procurements = [
        Procurement(
            reference=f"SCALE-{n + 1:04d}",
            title=f"{rng.choice(['Community', 'Out-of-hours', 'Diagnostics', 'Mental health'])} "
            f"services {n + 1}",
            stage=rng.choice(stages),
            route=rng.choice(Procurement.Route.values),
            deciding_committee=committees.committees[n % len(committees.committees)],
        )
        for n in range(count)
    ]
    Procurement.objects.bulk_create(procurements)
    lots = [
        Lot(procurement=p, number=n, title=f"Lot {n}", estimated_value=Decimal(1_000_000 * n))
        for p in procurements
        for n in range(1, rng.randrange(2, 4))
    ]
    Lot.objects.bulk_create(lots)
    bidders = network.federations + network.providers
    bids = [
        Bid(lot=lot, organisation=organisation, status=Bid.Status.SUBMITTED)
        for lot in lots
        for organisation in rng.sample(bidders, min(len(bidders), rng.randrange(2, 7)))
    ]
    Bid.objects.bulk_create(bids, batch_size=5000)
    _link_items(rng, lots)
    first_bid: dict[int, Bid] = {}
    for bid in bids:
        first_bid.setdefault(bid.lot_id, bid)
    _award(rng, lots, first_bid, recorder)


def _link_items(rng: random.Random, lots: list[Lot]) -> None:
    """One confidential item of the deciding committee's meetings decides each lot."""
    free: dict[int, list[int]] = {}
    for item_id, committee_id in AgendaItem.objects.filter(
        part=AgendaItem.Part.CONFIDENTIAL
    ).values_list("pk", "meeting__committee_id"):
        free.setdefault(committee_id, []).append(item_id)
    links = []
    for lot in lots:
        candidates = free.get(lot.procurement.deciding_committee_id or 0, [])
        if candidates:
            links.append(
                AgendaItemLot(item_id=candidates.pop(rng.randrange(len(candidates))), lot=lot)
            )
    AgendaItemLot.objects.bulk_create(links, batch_size=5000)


def _award(rng: random.Random, lots: list[Lot], first_bid: dict[int, Bid], recorder: User) -> None:
    awards = []
    for lot in lots:
        bid = first_bid.get(lot.pk)
        if lot.procurement.stage != Stage.CONTRACT_SIGNED or bid is None:
            continue
        awards.append(
            AwardDecision(
                lot=lot,
                bid=bid,
                decided_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(600)),
                how_decided="Governing Body: decided in Part II after conflicts were managed",
                contract_value=Decimal(rng.randrange(100_000, 9_000_000)),
                recorded_by=recorder,
            )
        )
    AwardDecision.objects.bulk_create(awards)
