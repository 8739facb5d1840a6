"""organisations_touched: what a change to the network at some organisations can alter."""

from __future__ import annotations

import datetime

from recusal import EdgeFacts
from recusal.network import BenefitNetwork, organisations_touched

PRACTICE, PCN, FEDERATION, OTHER_PCN, COMPANY, OWNER = 1, 2, 3, 4, 5, 6
EDGES = [
    EdgeFacts(PRACTICE, PCN, "member_of"),
    EdgeFacts(PCN, FEDERATION, "member_of"),
    EdgeFacts(OTHER_PCN, FEDERATION, "member_of", end=datetime.date(2020, 1, 1)),
    EdgeFacts(COMPANY, OWNER, "owned_by"),
]


def test_a_practice_touches_what_it_shares_in_and_nothing_below_or_beside() -> None:
    assert organisations_touched(EDGES, {PRACTICE}) == {PRACTICE, PCN, FEDERATION}
    assert organisations_touched(EDGES, {PCN}) == {PCN, FEDERATION}
    assert organisations_touched(EDGES, {FEDERATION}) == {FEDERATION}


def test_ended_links_still_count_and_ownership_works_both_ways() -> None:
    assert organisations_touched(EDGES, {OTHER_PCN}) == {OTHER_PCN, FEDERATION}
    assert organisations_touched(EDGES, {COMPANY}) == {COMPANY, OWNER}
    assert organisations_touched(EDGES, {OWNER}) == {COMPANY, OWNER}
    assert organisations_touched(EDGES, set()) == frozenset()


def test_every_item_whose_sharers_change_affects_a_touched_organisation() -> None:
    """Add each possible link in turn: wherever who shares in an organisation changes, that
    organisation is among those touched by the link's two ends."""
    day = datetime.date(2026, 1, 1)
    nodes = range(1, 7)
    before = BenefitNetwork(EDGES, day)
    for source in nodes:
        for target in nodes:
            for kind in ("member_of", "owned_by"):
                if source == target:
                    continue
                edges = [*EDGES, EdgeFacts(source, target, kind)]
                after = BenefitNetwork(edges, day)
                touched = organisations_touched(edges, {source, target})
                for organisation in nodes:
                    if set(before.paths_to(organisation)) != set(after.paths_to(organisation)):
                        assert organisation in touched, (source, target, kind, organisation)
