"""The lots agenda items decide: procurements' side of ``meetings.hooks.ItemLots``.

An item that decides a lot counts every organisation bidding on the lot as
affected. The link is ours; meetings ask for it through the hook (registered
in apps.py) and never import procurements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from django.core.exceptions import ValidationError

from meetings.hooks import LinkedLot
from meetings.models import AgendaItem
from meetings.services.access import meetings_access_sync, meetings_from_today
from procurements.models import AgendaItemLot, Bid, Lot
from recusal import LotFacts


def lot_label(reference: str, number: int, title: str) -> str:
    return f"{reference}: Lot {number} {title}"


class ProcurementLots:
    """meetings.hooks.ItemLots."""

    def choices(self) -> Sequence[tuple[int, str]]:
        lots = Lot.objects.order_by("procurement__reference", "number").values_list(
            "pk", "procurement__reference", "number", "title"
        )
        return [(pk, lot_label(reference, number, title)) for pk, reference, number, title in lots]

    def for_items(self, item_ids: Collection[int]) -> Mapping[int, LinkedLot]:
        # One query: each link with its lot, joined to the lot's bids (one row per bid).
        rows = AgendaItemLot.objects.filter(item_id__in=list(item_ids)).values_list(
            "item_id",
            "lot_id",
            "lot__procurement__reference",
            "lot__number",
            "lot__title",
            "lot__bids__organisation_id",
            "lot__bids__status",
        )
        lots: dict[int, tuple[int, str, str]] = {}
        bidders: dict[int, set[int]] = defaultdict(set)
        for item_id, lot_id, reference, number, title, bidder_id, status in rows:
            lots[item_id] = (lot_id, lot_label(reference, number, title), f"Lot {number} {title}")
            if bidder_id is not None and status != Bid.Status.WITHDRAWN:
                bidders[item_id].add(bidder_id)
        return {
            item_id: LinkedLot(label, LotFacts(lot_id, short, tuple(sorted(bidders[item_id]))))
            for item_id, (lot_id, label, short) in lots.items()
        }

    def items_bid_for_by(self, organisation_ids: Collection[int]) -> Collection[int]:
        # Withdrawn bids too: a superset is safe, and the bid may be reinstated.
        return set(
            AgendaItemLot.objects.filter(lot__bids__organisation_id__in=list(organisation_ids))
            .order_by()
            .values_list("item_id", flat=True)
        )

    def link(self, *, item: AgendaItem, lot_id: int | None) -> None:
        if lot_id is None:
            AgendaItemLot.objects.filter(item=item).delete()
            return
        lot = Lot.objects.filter(pk=lot_id).first()
        if lot is None:
            raise ValidationError({"lot": "That procurement lot does not exist: choose another"})
        AgendaItemLot.objects.update_or_create(item=item, defaults={"lot": lot})


def meetings_deciding_lot_sync(lot: Lot) -> None:
    """A lot's bidders changed: every meeting from today on with an item on the lot may have
    new conflicts (a meeting already held keeps its access, ADR 0022)."""
    meetings = meetings_from_today().filter(items__procurement_lot__lot=lot).distinct()
    meetings_access_sync(meetings=list(meetings.select_related("committee")))
