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

import bisect
import datetime
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


def organisations_touched(edges: Iterable[EdgeFacts], changed: Iterable[int]) -> frozenset[int]:
    """The organisations whose sharers a change at ``changed`` can alter: those organisations
    and every organisation they share in, along any of ``edges`` on any day.

    A person with an interest in A is conflicted on an item affecting B when A reaches B
    (``BenefitNetwork``). Adding, ending or renaming at X (a link from or to X, or X's
    name) can only change who reaches B, or the words of the chain, when X is B or
    shares in B; so only items affecting these organisations need their verdicts
    recomputed. Walking every edge whatever its dates keeps the answer a superset on
    every day.
    """
    shares_in: dict[int, list[int]] = defaultdict(list)
    for edge in edges:
        shares_in[edge.source].append(edge.target)
        if edge.kind in REVERSE_LABELS:
            shares_in[edge.target].append(edge.source)
    seen = set(changed)
    queue = deque(seen)
    while queue:
        for shared in shares_in.get(queue.popleft(), ()):
            if shared not in seen:
                seen.add(shared)
                queue.append(shared)
    return frozenset(seen)


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
        self._cache: dict[int, Paths] = {}
        self._any_cache: dict[tuple[int, ...], frozenset[int]] = {}

    def sharers_of_any(self, targets: tuple[int, ...]) -> frozenset[int]:
        """Every organisation that shares in at least one of ``targets`` (and the targets)."""
        if targets not in self._any_cache:
            self._any_cache[targets] = frozenset().union(*(self.paths_to(t) for t in targets))
        return self._any_cache[targets]

    def paths_to(self, target: int) -> Paths:
        """For every organisation that shares in ``target``: the hops from it to ``target``.

        ``target`` itself maps to an empty path.
        """
        if target in self._cache:
            return self._cache[target]
        # Breadth-first, keeping only each organisation's next hop towards the target: a
        # federation reaches thousands of practices, and only the few a person has an
        # interest in ever need their whole path spelled out.
        next_hop: dict[int, Hop | None] = {target: None}
        queue = deque([target])
        while queue:
            current = queue.popleft()
            for sharer, label in self._sharers.get(current, ()):
                if sharer in next_hop:
                    continue
                next_hop[sharer] = Hop(label, current)
                queue.append(sharer)
        paths = Paths(next_hop)
        self._cache[target] = paths
        return paths


def stretch_boundaries(edges: Iterable[EdgeFacts]) -> list[datetime.date]:
    """The days on which the set of current edges can change, in order: an edge is current
    from its start to its end inclusive, so only a start day or the day after an end. Days
    with the same number of boundaries on or before them see the same edges current."""
    changes = {e.start for e in edges if e.start is not None}
    changes |= {e.end + datetime.timedelta(days=1) for e in edges if e.end is not None}
    return sorted(changes)


class NetworksByDay:
    """The network on a day, built once per stretch of days with the same current edges, so
    meetings (and their walks of the network) share one ``BenefitNetwork``.

    An edge is current from its start to its end inclusive, so the current set can change
    only on a start day or on the day after an end: days between two such boundaries share
    one network (``stretch_boundaries``).
    """

    def __init__(self, edges: Sequence[EdgeFacts]) -> None:
        self._edges = edges
        self._boundaries = stretch_boundaries(edges)
        self._built: dict[int, BenefitNetwork] = {}

    def on(self, day: datetime.date) -> BenefitNetwork:
        stretch = bisect.bisect_right(self._boundaries, day)
        if stretch not in self._built:
            self._built[stretch] = BenefitNetwork(self._edges, day)
        return self._built[stretch]


class Paths(Mapping[int, tuple[Hop, ...]]):
    """organisation -> the hops from it to the target, spelled out when asked for."""

    def __init__(self, next_hop: dict[int, Hop | None]) -> None:
        self._next_hop = next_hop
        self._spelled: dict[int, tuple[Hop, ...]] = {}

    def __getitem__(self, start: int) -> tuple[Hop, ...]:
        if start not in self._next_hop:
            raise KeyError(start)
        if start not in self._spelled:
            hops = []
            hop = self._next_hop[start]
            while hop is not None:
                hops.append(hop)
                hop = self._next_hop[hop.organisation_id]
            self._spelled[start] = tuple(hops)
        return self._spelled[start]

    def get(self, start: int, default: Any = None) -> Any:
        # Most lookups miss (a person's organisation rarely shares in the target): answer
        # them without raising and catching a KeyError each time.
        if start not in self._next_hop:
            return default
        return self[start]

    def __contains__(self, start: object) -> bool:
        return start in self._next_hop

    def __iter__(self) -> Iterator[int]:
        return iter(self._next_hop)

    def __len__(self) -> int:
        return len(self._next_hop)
