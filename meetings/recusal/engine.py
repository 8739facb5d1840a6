"""Assessing a meeting: a verdict for every (person, item), quorum after recusals,
who chairs each item, and an agenda order that sends people out of the room as
few times as possible."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import permutations

from meetings.recusal.actions import Action, Part, Policy, receives_papers, suggest_action
from meetings.recusal.facts import (
    CommitteeFacts,
    DecisionFacts,
    InterestFacts,
    ItemFacts,
    LotCheckFacts,
    MeetingFacts,
    PersonFacts,
    QuorumRule,
)
from meetings.recusal.network import BenefitNetwork, Hop
from meetings.recusal.results import (
    AgendaOrder,
    ChairOutcome,
    MeetingAssessment,
    QuorumOutcome,
    Reason,
    Remedy,
    Verdict,
)

TYPE_LABELS = {
    "financial": "financial",
    "non_financial_professional": "non-financial professional",
    "non_financial_personal": "non-financial personal",
}
EXACT_ORDER_LIMIT = 7  # groups of items: up to 7! orders are tried exhaustively


def assess_meeting(facts: MeetingFacts) -> MeetingAssessment:
    network = BenefitNetwork(facts.edges, facts.date)
    interests = _current_interests_by_person(facts.interests, facts)
    decisions = {(d.person_id, d.item_id): d for d in facts.decisions}
    verdicts = {
        (person_id, item.id): _verdict(
            person_id, item, interests.get(person_id, ()), network, facts, decisions
        )
        for person_id in _people_to_assess(facts)
        for item in facts.items
    }
    absent = _absent_for_meeting(facts, decisions)
    quorum = {item.id: _quorum_for_item(item, verdicts, absent, facts) for item in facts.items}
    chairs = {item.id: _chair_for_item(item, verdicts, absent, facts) for item in facts.items}
    order = _agenda_order(facts.items, verdicts, _present_ids(facts, absent))
    return MeetingAssessment(verdicts=verdicts, quorum=quorum, chairs=chairs, order=order)


# --- Who is assessed ------------------------------------------------------


def _people_to_assess(facts: MeetingFacts) -> list[int]:
    ids: set[int] = {a.person_id for a in facts.attendees}
    ids.update(facts.committee.member_ids)
    ids.update(facts.reserve_ids)
    for committee in facts.referral_committees:
        ids.update(committee.member_ids)
    return sorted(i for i in ids if i in facts.people)


def _current_interests_by_person(
    interests: Iterable[InterestFacts], facts: MeetingFacts
) -> dict[int, tuple[InterestFacts, ...]]:
    grouped: dict[int, list[InterestFacts]] = {}
    for interest in interests:
        if interest.is_current_on(facts.date):
            grouped.setdefault(interest.person_id, []).append(interest)
    return {person: tuple(sorted(items, key=lambda i: i.id)) for person, items in grouped.items()}


def _absent_for_meeting(
    facts: MeetingFacts, decisions: dict[tuple[int, int], DecisionFacts]
) -> set[int]:
    """People with apologies, and anyone the chair has asked not to attend at all."""
    absent = {a.person_id for a in facts.attendees if not a.present}
    absent.update(d.person_id for d in decisions.values() if d.action == Action.NOT_ATTEND)
    return absent


def _present_ids(facts: MeetingFacts, absent: set[int]) -> set[int]:
    return {a.person_id for a in facts.attendees if a.person_id not in absent}


# --- Verdicts -------------------------------------------------------------


def _targets(item: ItemFacts) -> list[tuple[int, bool]]:
    """(organisation, through the lot?) for every organisation the item affects."""
    targets = [(org, False) for org in item.affected_ids]
    direct = set(item.affected_ids)
    if item.lot is not None:
        targets += [(org, True) for org in item.lot.bidder_ids if org not in direct]
    return targets


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _interest_label(interest: InterestFacts) -> str:
    kind = f"{TYPE_LABELS.get(interest.interest_type, interest.interest_type)} ({interest.nature})"
    if interest.is_indirect:
        whose = " ".join(part for part in (interest.relationship, interest.related_name) if part)
        return f"indirect: {whose}, {kind}"
    return kind


def _chain_text(
    person: PersonFacts,
    interest: InterestFacts,
    start_name: str,
    hops: Sequence[Hop],
    item: ItemFacts,
    via_lot: bool,
    names: dict[int, str],
    lot_only: bool = False,
) -> str:
    parts = [f"{person.name} —{_interest_label(interest)}→ {start_name}"]
    parts += [f"—{hop.label}→ {names.get(hop.organisation_id, '?')}" for hop in hops]
    if via_lot and item.lot is not None:
        parts.append(f"—bidder on→ {item.lot.label}")
        if not lot_only:
            parts.append(f"—decided by→ item {item.number}")
    else:
        parts.append(f"—affected by→ item {item.number}")
    return " ".join(parts)


def _reasons(
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
    names = facts.organisation_names
    by_name = {_name_key(names[org]): org for org, _ in targets if org in names}
    reasons = []
    for interest in interests:
        start = interest.organisation_id
        start_name = names.get(start, "") if start is not None else ""
        if start is None:
            # A typed name not yet linked still conflicts if it names an affected organisation.
            start = by_name.get(_name_key(interest.organisation_name))
            start_name = f"{interest.organisation_name} (as typed)"
        if start is None:
            continue
        for target, via_lot in targets:
            hops = network.paths_to(target).get(start)
            if hops is None:
                continue
            reasons.append(
                Reason(
                    interest_id=interest.id,
                    interest_type=interest.interest_type,
                    affected_id=target,
                    via_lot=via_lot,
                    text=_chain_text(
                        person, interest, start_name, hops, item, via_lot, names, lot_only
                    ),
                )
            )
    return tuple(reasons)


def _verdict(
    person_id: int,
    item: ItemFacts,
    interests: Sequence[InterestFacts],
    network: BenefitNetwork,
    facts: MeetingFacts,
    decisions: dict[tuple[int, int], DecisionFacts],
) -> Verdict:
    person = facts.people[person_id]
    reasons = _reasons(person, interests, item, network, facts)
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


# --- Quorum ---------------------------------------------------------------


def _plural(label: str, count: int) -> str:
    if count == 1:
        return label
    return label + "s"


def _role_label(role: str, facts: MeetingFacts) -> str:
    label = facts.role_labels.get(role, role.replace("_", " "))
    return label if label.isupper() else label.lower()


def _shortfalls(rule: QuorumRule, voter_ids: Iterable[int], facts: MeetingFacts) -> list[str]:
    voters = list(voter_ids)
    shortfalls = []
    if len(voters) < rule.min_voting:
        shortfalls.append(
            f"needs {rule.min_voting} {_plural('voting member', rule.min_voting)}; "
            f"{len(voters)} non-conflicted {_plural('voting member', len(voters))} present"
        )
    for role, minimum in rule.role_minimums:
        have = sum(1 for v in voters if facts.people[v].professional_role == role)
        if have < minimum:
            label = _role_label(role, facts)
            shortfalls.append(
                f"needs {minimum} {_plural(label, minimum)}; "
                f"{have} non-conflicted {_plural(label, have)} present"
            )
    return shortfalls


def _may_vote_on(verdict: Verdict | None) -> bool:
    return verdict is None or verdict.effective is None or verdict.effective.may_vote


def _eligible_voters(
    item: ItemFacts, verdicts: dict[tuple[int, int], Verdict], absent: set[int], facts: MeetingFacts
) -> list[int]:
    return sorted(
        a.person_id
        for a in facts.attendees
        if a.is_voting
        and a.person_id not in absent
        and _may_vote_on(verdicts.get((a.person_id, item.id)))
    )


def _describe(person: PersonFacts, facts: MeetingFacts) -> str:
    role = facts.role_labels.get(person.professional_role, person.professional_role)
    detail = ", ".join(part for part in (role, person.affiliation) if part)
    return f"{person.name} ({detail})" if detail else person.name


def _co_opt_remedy(
    item: ItemFacts,
    voters: list[int],
    verdicts: dict[tuple[int, int], Verdict],
    facts: MeetingFacts,
) -> Remedy | None:
    attending = {a.person_id for a in facts.attendees}
    candidates = sorted(
        (
            p
            for p in facts.reserve_ids
            if p not in attending and p in facts.people and not verdicts[(p, item.id)].conflicted
        ),
        key=lambda p: facts.people[p].name,
    )
    chosen: list[int] = []
    rule = facts.committee.rule
    for role, minimum in rule.role_minimums:
        have = sum(1 for v in voters + chosen if facts.people[v].professional_role == role)
        for candidate in candidates:
            if have >= minimum:
                break
            if candidate not in chosen and facts.people[candidate].professional_role == role:
                chosen.append(candidate)
                have += 1
    for candidate in candidates:
        if len(voters) + len(chosen) >= rule.min_voting:
            break
        if candidate not in chosen:
            chosen.append(candidate)
    if not chosen or _shortfalls(rule, voters + chosen, facts):
        return None
    names = ", ".join(_describe(facts.people[p], facts) for p in chosen)
    return Remedy(
        kind="co_opt", text=f"Co-opt {names} from the reserve list", person_ids=tuple(chosen)
    )


def _referral_remedies(
    item: ItemFacts, verdicts: dict[tuple[int, int], Verdict], facts: MeetingFacts
) -> list[Remedy]:
    remedies = []
    for committee in facts.referral_committees:
        voters = [
            v
            for v in committee.voting_member_ids
            if v in facts.people and _may_vote_on(verdicts.get((v, item.id)))
        ]
        if not _shortfalls(committee.rule, voters, facts):
            remedies.append(
                Remedy(
                    kind="refer",
                    text=(
                        f"Refer the item to {committee.name}, which has {len(voters)} "
                        f"non-conflicted voting {_plural('member', len(voters))}"
                    ),
                    committee_id=committee.id,
                )
            )
    return remedies


def _quorum_for_item(
    item: ItemFacts, verdicts: dict[tuple[int, int], Verdict], absent: set[int], facts: MeetingFacts
) -> QuorumOutcome:
    voters = _eligible_voters(item, verdicts, absent, facts)
    shortfalls = _shortfalls(facts.committee.rule, voters, facts)
    if not shortfalls:
        return QuorumOutcome(item_id=item.id, quorate=True, eligible_voter_ids=tuple(voters))
    remedies: list[Remedy] = []
    co_opt = _co_opt_remedy(item, voters, verdicts, facts)
    if co_opt:
        remedies.append(co_opt)
    remedies += _referral_remedies(item, verdicts, facts)
    remedies.append(
        Remedy(
            kind="panel",
            text=(
                "Convene a panel of non-conflicted members, with the Conflicts of Interest Guardian"
            ),
        )
    )
    remedies.append(
        Remedy(kind="defer", text="Defer the item to a later meeting that can be quorate")
    )
    return QuorumOutcome(
        item_id=item.id,
        quorate=False,
        shortfalls=tuple(shortfalls),
        eligible_voter_ids=tuple(voters),
        remedies=tuple(remedies),
        remedy_recorded=item.remedy,
    )


# --- Chairing -------------------------------------------------------------


def _presiding_chair(facts: MeetingFacts, absent: set[int]) -> int | None:
    present = {a.person_id for a in facts.attendees if a.person_id not in absent}
    for candidate in (facts.committee.chair_id, facts.committee.vice_chair_id):
        if candidate is not None and candidate in present:
            return candidate
    return None


def _free_to_chair(verdict: Verdict | None) -> bool:
    return verdict is None or verdict.effective is None or verdict.effective == Action.NOTED


def _chair_for_item(
    item: ItemFacts, verdicts: dict[tuple[int, int], Verdict], absent: set[int], facts: MeetingFacts
) -> ChairOutcome:
    presiding = _presiding_chair(facts, absent)
    if presiding is not None and _free_to_chair(verdicts.get((presiding, item.id))):
        return ChairOutcome(
            item_id=item.id, presiding_id=presiding, conflicted=False, recommended_id=presiding
        )
    present = {a.person_id for a in facts.attendees if a.person_id not in absent}
    vice = facts.committee.vice_chair_id
    candidates: list[int] = []
    if (
        vice is not None
        and vice != presiding
        and vice in present
        and _free_to_chair(verdicts.get((vice, item.id)))
    ):
        candidates.append(vice)
    others = sorted(
        (
            a.person_id
            for a in facts.attendees
            if a.is_voting
            and a.person_id in present
            and a.person_id not in (presiding, vice)
            and _free_to_chair(verdicts.get((a.person_id, item.id)))
        ),
        key=lambda p: facts.people[p].name,
    )
    candidates += others
    recommended = candidates[0] if candidates else None
    if presiding is None:
        text = "Neither the chair nor the vice-chair is present"
    else:
        text = f"{facts.people[presiding].name} is conflicted on this item and should not chair it"
    if recommended is None:
        text += "; no non-conflicted voting member is present to take the chair."
    elif recommended == vice:
        text += f"; the vice-chair, {facts.people[vice].name}, should chair it."
    else:
        text += (
            f"; {facts.people[recommended].name}, a non-conflicted voting member, should chair it."
        )
    return ChairOutcome(
        item_id=item.id,
        presiding_id=presiding,
        conflicted=presiding is not None,
        recommended_id=recommended,
        alternatives=tuple(candidates[1:]),
        text=text,
    )


# --- Agenda order ---------------------------------------------------------


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


def _agenda_order(
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


def committee_is_quorate(
    committee: CommitteeFacts, voter_ids: Iterable[int], facts: MeetingFacts
) -> bool:
    return not _shortfalls(committee.rule, voter_ids, facts)


# --- Procurement panels ----------------------------------------------------


def lot_conflicts(facts: LotCheckFacts) -> dict[int, tuple[Reason, ...]]:
    """For each person: why they would be conflicted as an evaluator of the lot (empty if clear).

    The same chains as at a meeting, ending at the lot: "... —bidder on→ Lot 2 Out-of-hours".
    """
    network = BenefitNetwork(facts.edges, facts.date)
    pseudo_item = ItemFacts(
        id=0, number="", title=facts.lot.label, purpose="decision", part="II", lot=facts.lot
    )
    meeting_like = MeetingFacts(
        date=facts.date,
        committee=CommitteeFacts(0, "", QuorumRule()),
        items=(pseudo_item,),
        attendees=(),
        people=facts.people,
        interests=facts.interests,
        edges=facts.edges,
        organisation_names=facts.organisation_names,
    )
    interests = _current_interests_by_person(facts.interests, meeting_like)
    return {
        person_id: _reasons(
            facts.people[person_id],
            interests.get(person_id, ()),
            pseudo_item,
            network,
            meeting_like,
            lot_only=True,
        )
        for person_id in sorted(facts.people)
    }
