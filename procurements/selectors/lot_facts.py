"""Checking people against a lot's bidders with the recusal engine, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from interests.models import Interest, Member
from meetings.selectors.entry_facts import interest_facts
from meetings.selectors.network import current_network
from procurements.models import Bid, Lot
from recusal import LotCheckFacts, LotFacts, PersonFacts, lot_conflicts
from recusal.results import Reason


def lot_facts(lot: Lot) -> LotFacts:
    bidders = (
        Bid.objects.filter(lot=lot)
        .exclude(status=Bid.Status.WITHDRAWN)
        .values_list("organisation_id", flat=True)
    )
    return LotFacts(lot.pk, lot.label, tuple(sorted(bidders)))


def lot_check(
    lot: Lot,
    members: Iterable[Member],
    day: datetime.date | None = None,
    *,
    bidder_ids: tuple[int, ...] | None = None,
) -> dict[int, tuple[Reason, ...]]:
    """For each member: the chains that would conflict them on the lot (empty when clear).

    ``bidder_ids`` asks "what if these organisations bid?" instead of reading the lot's bids.
    """
    day = day or timezone.localdate()
    people = {
        m.pk: PersonFacts(m.pk, m.short_name, m.professional_role, m.affiliation) for m in members
    }
    if not people:
        return {}
    entries = (
        Interest.objects.filter(declarant_id__in=list(people))
        .filter(~Q(status=Interest.Status.DRAFT))
        .current_on(day)
    )
    interests = tuple(interest_facts(entries))
    network = current_network()  # every relationship and name, kept while they stand
    edges = network.edges_on(day)
    facts_lot = (
        lot_facts(lot) if bidder_ids is None else LotFacts(lot.pk, lot.label, tuple(bidder_ids))
    )
    names = network.names
    return lot_conflicts(
        LotCheckFacts(
            date=day,
            lot=facts_lot,
            people=people,
            interests=interests,
            edges=edges,
            organisation_names=names,
        )
    )
