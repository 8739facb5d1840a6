"""'What if this item affected these organisations?': the draft item on the form, judged by
the engine with the meeting's other facts, before anything is saved (``meetings.forecast``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from meetings.forecast import ItemForecast, forecast
from meetings.models import AgendaItem, Meeting
from meetings.selectors.network import current_network
from meetings.selectors.recusal_facts import meeting_facts
from recusal import ItemFacts

DRAFT_ITEM_ID = -1  # an item not saved yet


def draft_item_forecast(
    meeting: Meeting, item: AgendaItem | None, data: dict[str, Any]
) -> ItemForecast:
    facts = meeting_facts(meeting)
    current = next((i for i in facts.items if item is not None and i.id == item.pk), None)
    lot_id = data.get("lot")
    # The lot's bidders count when the lot is the one the item already decides.
    lot = current.lot if current and current.lot and current.lot.id == lot_id else None
    affected = tuple(sorted(o.pk for o in data.get("affected_organisations", ())))
    draft = ItemFacts(
        id=item.pk if item is not None else DRAFT_ITEM_ID,
        number=current.number if current else "",
        title=data.get("title", ""),
        purpose=data.get("purpose", "decision"),
        part=data.get("part", "I"),
        affected_ids=affected,
        lot=lot,
    )
    label = f"Item {draft.number}" if draft.number else "The new item"
    (result,) = forecast(facts, {draft.id: draft}, {draft.id: label}, extra_names=_names(affected))
    return result


def _names(organisation_ids: Iterable[int]) -> dict[int, str]:
    names = current_network().names
    return {pk: names[pk] for pk in organisation_ids if pk in names}
