"""An agenda order that sends people out of the room as few times as possible."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import permutations

from recusal.actions import Part
from recusal.facts import ItemFacts
from recusal.results import AgendaOrder, Verdict

EXACT_ORDER_LIMIT = 7  # groups of items: up to 7! orders are tried exhaustively


def _leavers(
    item: ItemFacts, verdicts: dict[tuple[int, int], Verdict], present: set[int]
) -> frozenset[int]:
    return frozenset(
        p
        for p in present
        if (v := verdicts.get((p, item.id))) is not None
        and v.effective is not None
        and v.effective.leaves_room
    )


def count_departures(sequence: Sequence[frozenset[int]]) -> int:
    """How many times someone leaves the room: one per run of consecutive items they sit out."""
    departures = 0
    previous: frozenset[int] = frozenset()
    for leavers in sequence:
        departures += len(leavers - previous)
        previous = leavers
    return departures


def _order_groups(
    groups: list[list[ItemFacts]], leavers: dict[int, frozenset[int]], before: frozenset[int]
) -> list[list[ItemFacts]]:
    def cost(order: Iterable[list[ItemFacts]]) -> int:
        return count_departures([before, *(leavers[g[0].id] for g in order)]) - len(before)

    if len(groups) <= EXACT_ORDER_LIMIT:
        return list(min(permutations(groups), key=cost)) if groups else []
    remaining = list(groups)
    ordered: list[list[ItemFacts]] = []
    current = before
    while remaining:
        best = min(
            remaining,
            key=lambda g: (len(leavers[g[0].id] - current), -len(leavers[g[0].id] & current)),
        )
        ordered.append(best)
        remaining.remove(best)
        current = leavers[best[0].id]
    return ordered


def agenda_order(
    items: Sequence[ItemFacts], verdicts: dict[tuple[int, int], Verdict], present: set[int]
) -> AgendaOrder:
    leavers = {item.id: _leavers(item, verdicts, present) for item in items}
    proposed: list[ItemFacts] = []
    for part in (Part.OPEN, Part.CONFIDENTIAL):
        in_part = [i for i in items if i.part == part]
        clear = [i for i in in_part if not leavers[i.id]]
        groups: dict[frozenset[int], list[ItemFacts]] = {}
        for item in in_part:
            if leavers[item.id]:
                groups.setdefault(leavers[item.id], []).append(item)
        before = leavers[proposed[-1].id] if proposed else frozenset()
        ordered = _order_groups(list(groups.values()), leavers, before)
        proposed += clear + [item for group in ordered for item in group]
    return AgendaOrder(
        current=tuple(i.id for i in items),
        proposed=tuple(i.id for i in proposed),
        departures_current=count_departures([leavers[i.id] for i in items]),
        departures_proposed=count_departures([leavers[i.id] for i in proposed]),
    )
