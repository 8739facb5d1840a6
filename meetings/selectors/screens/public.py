"""The public Part I minutes."""

from __future__ import annotations

from dataclasses import dataclass

from meetings.selectors.documents import (
    CONFIDENTIAL_ITEM,
    MinutesDocument,
)
from recusal import Action

SHORT_ACTIONS = {
    Action.NOT_ATTEND: "Does not attend",
    Action.NO_PAPERS: "No papers; leaves the room",
    Action.LEAVE_ROOM: "Leaves the room",
    Action.NO_VOTE: "Discusses; no vote",
    Action.NOTED: "Noted; takes full part",
}


@dataclass(frozen=True)
class PublicItem:
    heading: str
    minutes: str
    confidential: bool
    anchor: str = ""  # the id corrections (errata) link to


def public_items(document: MinutesDocument) -> list[PublicItem]:
    """Part I items in full; Part II items by number only, whatever their title."""
    return [
        PublicItem(f"Item {e.item.number}: {CONFIDENTIAL_ITEM}", "", True)
        if e.item.is_confidential
        else PublicItem(
            f"Item {e.item.number}: {e.item.title}",
            e.minutes,
            False,
            f"minutes-item-{e.item.pk}",
        )
        for e in document.items
    ]
