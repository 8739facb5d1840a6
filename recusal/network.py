"""Walking the organisation network: whose fortunes follow an affected organisation.

A relationship ``A —kind→ B`` means a decision that benefits B benefits A too:
a practice shares in what its federation wins; a subsidiary, an owned company
and a partner in a joint venture share in their parent's, owner's or venture's.
Ownership also works the other way: an owner shares in what the company it
owns wins. So a person with an interest in A is conflicted on an item
affecting B whenever A reaches B along these links, at any depth.

Paths are shortest-first (breadth-first), deterministic, and cycles are
harmless: each organisation is visited once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

from recusal.facts import EdgeFacts

FORWARD_LABELS = {
    "member_of": "member of",
    "subsidiary_of": "subsidiary of",
    "owned_by": "owned by",
    "partner_in": "partner in",
}
# An owner shares in what it owns: walk these edges backwards too.
REVERSE_LABELS = {
    "subsidiary_of": "parent company of",
    "owned_by": "owner of",
}


@dataclass(frozen=True)
class Hop:
    label: str
    organisation_id: int


class BenefitNetwork:
    """The network on one date, answering "who shares in what happens to X?"."""

    def __init__(self, edges: Iterable[EdgeFacts], day: datetime.date) -> None:
        # benefit flows from ``target`` to ``source``: store, for each target,
        # the organisations that share in it and the label of the link.
        self._sharers: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for edge in edges:
            if not edge.is_current_on(day) or edge.source == edge.target:
                continue
            self._sharers[edge.target].append(
                (edge.source, FORWARD_LABELS.get(edge.kind, edge.kind))
            )
            if edge.kind in REVERSE_LABELS:
                self._sharers[edge.source].append((edge.target, REVERSE_LABELS[edge.kind]))
        for sharers in self._sharers.values():
            sharers.sort()
        self._cache: dict[int, dict[int, tuple[Hop, ...]]] = {}

    def paths_to(self, target: int) -> dict[int, tuple[Hop, ...]]:
        """For every organisation that shares in ``target``: the hops from it to ``target``.

        ``target`` itself maps to an empty path.
        """
        if target in self._cache:
            return self._cache[target]
        paths: dict[int, tuple[Hop, ...]] = {target: ()}
        queue = deque([target])
        while queue:
            current = queue.popleft()
            for sharer, label in self._sharers.get(current, ()):
                if sharer in paths:
                    continue
                paths[sharer] = (Hop(label, current), *paths[current])
                queue.append(sharer)
        self._cache[target] = paths
        return paths
