"""Verdicts: the chains from a person's interests to an item, and what follows from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from recusal.actions import Policy, receives_papers, suggest_action
from recusal.facts import (
    DecisionFacts,
    InterestFacts,
    ItemFacts,
    MeetingFacts,
    PersonFacts,
)
from recusal.network import BenefitNetwork, Hop
from recusal.results import Chain, ChainLink, Reason, Verdict

TYPE_LABELS = {
    "financial": "financial",
    "non_financial_professional": "non-financial professional",
    "non_financial_personal": "non-financial personal",
}


def current_interests_by_person(
    interests: Iterable[InterestFacts], facts: MeetingFacts
) -> dict[int, tuple[InterestFacts, ...]]:
    grouped: dict[int, list[InterestFacts]] = {}
    for interest in interests:
        if interest.is_current_on(facts.date):
            grouped.setdefault(interest.person_id, []).append(interest)
    return {person: tuple(sorted(items, key=lambda i: i.id)) for person, items in grouped.items()}


def _targets(item: ItemFacts) -> list[tuple[int, bool]]:
    """(organisation, through the lot?) for every organisation the item affects."""
    targets = [(org, False) for org in item.affected_ids]
    direct = set(item.affected_ids)
    if item.lot is not None:
        targets += [(org, True) for org in item.lot.bidder_ids if org not in direct]
    return targets


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _interest_label(chain: Chain, public: bool = False) -> str:
    """E.g. "financial (partner)", or "indirect: spouse or partner David Wright, financial
    (employee)". The public version names the relationship but never the related person."""
    kind = f"{TYPE_LABELS.get(chain.interest_type, chain.interest_type)} ({chain.nature})"
    if chain.is_indirect:
        related = "" if public else chain.related_person
        whose = " ".join(part for part in (chain.relationship, related) if part)
        return f"indirect: {whose}, {kind}"
    return kind


def arrow_text(chain: Chain, public: bool = False) -> str:
    """The checkable notation: "Dr A. Patel —financial (partner)→ Riverside Surgery
    —member of→ Northfield GP Federation —bidder on→ Lot 2 Out-of-hours —decided by→ item 6"."""
    start = f"{chain.start} (as typed)" if chain.start_as_typed else chain.start
    parts = [f"{chain.person} —{_interest_label(chain, public)}→ {start}"]
    parts += [f"—{link.label}→ {link.organisation}" for link in chain.links]
    if chain.lot:
        parts.append(f"—bidder on→ {chain.lot}")
        if chain.item_number:
            parts.append(f"—decided by→ item {chain.item_number}")
    else:
        parts.append(f"—affected by→ item {chain.item_number}")
    return " ".join(parts)


def _chain(
    person: PersonFacts,
    interest: InterestFacts,
    start_name: str,
    typed: bool,
    hops: Sequence[Hop],
    item: ItemFacts,
    via_lot: bool,
    names: dict[int, str],
    lot_only: bool = False,
) -> Chain:
    return Chain(
        person=person.name,
        interest_type=interest.interest_type,
        nature=interest.nature,
        start=start_name,
        start_as_typed=typed,
        is_indirect=interest.is_indirect,
        relationship=interest.relationship if interest.is_indirect else "",
        related_person=interest.related_name if interest.is_indirect else "",
        links=tuple(ChainLink(hop.label, names.get(hop.organisation_id, "?")) for hop in hops),
        lot=item.lot.label if via_lot and item.lot is not None else "",
        item_number="" if lot_only else item.number,
    )


def reasons_for(
    person: PersonFacts,
    interests: Sequence[InterestFacts],
    item: ItemFacts,
    network: BenefitNetwork,
    facts: MeetingFacts,
    lot_only: bool = False,
) -> tuple[Reason, ...]:
    targets = _targets(item)
    if not targets:
        return ()
    # Most people share in nothing an item affects: one set test says so, before any path.
    reach = network.sharers_of_any(tuple(org for org, _ in targets))
    if all(i.organisation_id is not None and i.organisation_id not in reach for i in interests):
        return ()
    names = facts.organisation_names
    by_name: dict[str, int] | None = None
    reasons = []
    for interest in interests:
        start = interest.organisation_id
        start_name = names.get(start, "") if start is not None else ""
        typed = start is None
        if start is None:
            # A typed name not yet linked still conflicts if it names an affected organisation.
            if by_name is None:
                by_name = {_name_key(names[org]): org for org, _ in targets if org in names}
            start = by_name.get(_name_key(interest.organisation_name))
            start_name = interest.organisation_name
        if start is None:
            continue
        for target, via_lot in targets:
            hops = network.paths_to(target).get(start)
            if hops is None:
                continue
            chain = _chain(
                person, interest, start_name, typed, hops, item, via_lot, names, lot_only
            )
            reasons.append(
                Reason(
                    interest_id=interest.id,
                    interest_type=interest.interest_type,
                    affected_id=target,
                    via_lot=via_lot,
                    text=arrow_text(chain),
                    public_text=arrow_text(chain, public=True),
                    chain=chain,
                )
            )
    return tuple(reasons)


def verdict_for(
    person_id: int,
    item: ItemFacts,
    interests: Sequence[InterestFacts],
    network: BenefitNetwork,
    facts: MeetingFacts,
    decisions: dict[tuple[int, int], DecisionFacts],
) -> Verdict:
    person = facts.people[person_id]
    reasons = reasons_for(person, interests, item, network, facts)
    decision = decisions.get((person_id, item.id))
    suggested = (
        min(suggest_action(r.interest_type, item.purpose, item.part) for r in reasons)
        if reasons
        else None
    )
    decided = decision.action if decision else None
    effective = decided if decided is not None else suggested
    if decided is not None:
        papers = receives_papers(decided, item.part)
    elif reasons:
        papers = facts.paper_policy.for_part(item.part) == Policy.FLAG
    else:
        papers = True
    return Verdict(
        person_id=person_id,
        item_id=item.id,
        reasons=reasons,
        suggested=suggested,
        decided=decided,
        decision_reason=decision.reason if decision else "",
        effective=effective,
        receives_papers=papers,
        flagged=bool(reasons) and decided is None,
    )
