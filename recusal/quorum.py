"""Quorum after recusals, in words, and the remedies that would restore it."""

from __future__ import annotations

from collections.abc import Iterable

from recusal.facts import CommitteeFacts, ItemFacts, MeetingFacts, PersonFacts, QuorumRule
from recusal.results import QuorumOutcome, Remedy, Verdict


def _plural(label: str, count: int) -> str:
    if count == 1:
        return label
    return label + "s"


def _role_label(role: str, facts: MeetingFacts) -> str:
    label = facts.role_labels.get(role, role.replace("_", " "))
    return label if label.isupper() else label.lower()


def rule_shortfalls(rule: QuorumRule, voter_ids: Iterable[int], facts: MeetingFacts) -> list[str]:
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


def may_vote_on(verdict: Verdict | None) -> bool:
    return verdict is None or verdict.effective is None or verdict.effective.may_vote


def eligible_voters(
    item: ItemFacts, verdicts: dict[tuple[int, int], Verdict], absent: set[int], facts: MeetingFacts
) -> list[int]:
    return sorted(
        a.person_id
        for a in facts.attendees
        if a.is_voting
        and a.person_id not in absent
        and may_vote_on(verdicts.get((a.person_id, item.id)))
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
    if not chosen or rule_shortfalls(rule, voters + chosen, facts):
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
            if v in facts.people and may_vote_on(verdicts.get((v, item.id)))
        ]
        if not rule_shortfalls(committee.rule, voters, facts):
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


def quorum_for_item(
    item: ItemFacts, verdicts: dict[tuple[int, int], Verdict], absent: set[int], facts: MeetingFacts
) -> QuorumOutcome:
    voters = eligible_voters(item, verdicts, absent, facts)
    shortfalls = rule_shortfalls(facts.committee.rule, voters, facts)
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


def committee_is_quorate(
    committee: CommitteeFacts, voter_ids: Iterable[int], facts: MeetingFacts
) -> bool:
    return not rule_shortfalls(committee.rule, voter_ids, facts)
