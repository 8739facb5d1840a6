"""What the apps built on meetings plug in, registered in their ``AppConfig.ready()``.

Meetings never import the apps above them (procurements, compliance), not even inside a
function (``make lint`` fails if they do). Two hooks:

``ItemLots`` (procurements registers it)
    The procurement lots an agenda item can decide. Every organisation bidding
    on an item's lot counts as affected by the item, so the recusal engine needs
    the lot's bidders; the item form offers the lots; the agenda names the lot.
    Procurements owns the link between an item and its lot, and re-assesses the
    meetings concerned when a lot's bidders change.

``MinutesApproved`` (compliance registers one)
    Told, inside the approval's transaction, that a meeting's minutes were approved: the
    record of the meeting is settled, so its conflicts can be checked for likely breaches.
    A listener that queues work does so with ``transaction.on_commit``.

With nothing registered (meetings on their own) the item form has no lot field,
no item decides a lot and approving minutes tells nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ValidationError

from recusal import LotFacts

if TYPE_CHECKING:
    from meetings.models import AgendaItem, Meeting


@dataclass(frozen=True)
class LinkedLot:
    """The lot an agenda item decides, as meetings need it."""

    label: str  # "PRC-2026-004: Lot 2 Out-of-hours", as the agenda and the item form show it
    facts: LotFacts  # what the engine needs: the lot and its current bidders


class ItemLots(Protocol):
    def choices(self) -> Sequence[tuple[int, str]]:
        """Every lot an item may decide: (lot id, label)."""

    def for_items(self, item_ids: Collection[int]) -> Mapping[int, LinkedLot]:
        """The lot of each of these items that decides one, with its bidders (a few queries)."""

    def link(self, *, item: AgendaItem, lot_id: int | None) -> None:
        """Make the item decide this lot (``None``: none), in the caller's transaction."""

    def items_bid_for_by(self, organisation_ids: Collection[int]) -> Collection[int]:
        """The items deciding a lot on which any of these organisations bids (one query)."""


_item_lots: list[ItemLots] = []


def register_item_lots(source: ItemLots) -> None:
    _item_lots[:] = [source]


def lot_choices() -> Sequence[tuple[int, str]] | None:
    """The lots an item may decide, or ``None`` when no app offers lots."""
    return _item_lots[0].choices() if _item_lots else None


def lots_of_items(item_ids: Collection[int]) -> Mapping[int, LinkedLot]:
    return _item_lots[0].for_items(item_ids) if _item_lots and item_ids else {}


def items_bid_for_by(organisation_ids: Collection[int]) -> Collection[int]:
    return _item_lots[0].items_bid_for_by(organisation_ids) if _item_lots else ()


def item_lot_set(*, item: AgendaItem, lot_id: int | None) -> None:
    if _item_lots:
        _item_lots[0].link(item=item, lot_id=lot_id)
    elif lot_id is not None:
        raise ValidationError({"lot": "Procurement lots are not available here"})


MinutesApproved = Callable[["Meeting"], None]
_minutes_approved: list[MinutesApproved] = []


def register_minutes_approved(listener: MinutesApproved) -> None:
    if listener not in _minutes_approved:
        _minutes_approved.append(listener)


def notify_minutes_approved(meeting: Meeting) -> None:
    for listener in _minutes_approved:
        listener(meeting)
