"""Conflict forecasts: what the recusal engine would say if some organisations were affected.

"What if Northfield GP Federation bids?" is the engine's own question asked of facts that do
not exist yet: the meeting's facts as they stand, with an item's affected organisations (or
its lot's bidders) replaced by the ones named. Nothing is saved, no permission changes and no
audit record is written: a forecast is a pure computation over hypothetical facts, so it can
be shown before a bid or an item exists and recomputed on every request (it is never stored,
so a change to the register is in the next forecast).

The remedies are ranked as a chair would try them: reserve members, then clear clinicians
from neighbouring organisations, then referral to another committee, then a non-conflicted
panel, then deferral.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from recusal import InterestFacts, ItemFacts, MeetingFacts, PersonFacts, assess_meeting
from recusal.results import MeetingAssessment, QuorumOutcome, Remedy, Verdict

# Where each engine remedy ranks, and what a neighbour's co-option is called.
REMEDY_RANK = {"co_opt": 1, "neighbours": 2, "refer": 3, "panel": 4, "defer": 5}


@dataclass(frozen=True)
class Neighbours:
    """Clinicians from neighbouring organisations who could be co-opted (not on the committee
    or its reserve list), with their register entries."""

    people: dict[int, PersonFacts]
    interests: tuple[InterestFacts, ...] = ()


@dataclass(frozen=True)
class ForecastConflict:
    person_id: int
    name: str
    role: str  # "GP", "Lay member"
    is_voting: bool
    leaves: bool  # leaves the room for the item (else stays without a vote)
    action: str  # the suggested action, in words
    chains: tuple[str, ...]  # the engine's notation, checkable link by link


@dataclass(frozen=True)
class RankedRemedy:
    rank: int
    kind: str  # co_opt, neighbours, refer, panel, defer
    text: str
    people: int = 0  # how many people it brings in


@dataclass(frozen=True)
class ItemForecast:
    item_id: int
    item_label: str
    conflicts: tuple[ForecastConflict, ...]
    quorate: bool
    shortfalls: tuple[str, ...]
    remedies: tuple[RankedRemedy, ...]
    summary: str

    @property
    def conflicted_ids(self) -> frozenset[int]:
        return frozenset(c.person_id for c in self.conflicts)


def _plural(label: str, count: int) -> str:
    return label if count == 1 or label.endswith("s") else label + "s"


def _role_label(role: str, facts: MeetingFacts) -> str:
    return facts.role_labels.get(role, role.replace("_", " "))


def _conflict(verdict: Verdict, facts: MeetingFacts, voting: set[int]) -> ForecastConflict:
    person = facts.people[verdict.person_id]
    action = verdict.effective
    return ForecastConflict(
        person_id=person.id,
        name=person.name,
        role=_role_label(person.professional_role, facts),
        is_voting=person.id in voting,
        leaves=bool(action and action.leaves_room),
        action=action.label if action else "",
        chains=tuple(reason.text for reason in verdict.reasons),
    )


def _attending(facts: MeetingFacts) -> list[int]:
    return [a.person_id for a in facts.attendees if a.present and a.person_id in facts.people]


def _who_leaves(conflicts: list[ForecastConflict], facts: MeetingFacts) -> str:
    """ "6 of 7 GPs leave": per professional role of the voting members present."""
    voting_roles = Counter(
        facts.people[a.person_id].professional_role
        for a in facts.attendees
        if a.present and a.is_voting and a.person_id in facts.people
    )
    out = Counter(
        facts.people[c.person_id].professional_role for c in conflicts if c.is_voting and c.leaves
    )
    stay = Counter(
        facts.people[c.person_id].professional_role
        for c in conflicts
        if c.is_voting and not c.leaves
    )
    parts = []
    for role, total in sorted(voting_roles.items(), key=lambda kv: (-out[kv[0]], kv[0])):
        label = _plural(_role_label(role, facts), total)
        if out[role]:
            parts.append(f"{out[role]} of {total} {label} leave")
        if stay[role]:
            parts.append(f"{stay[role]} of {total} {label} may not vote")
    others = sum(1 for c in conflicts if not c.is_voting)
    if others:
        parts.append(
            f"{others} non-voting {'person is' if others == 1 else 'people are'} conflicted"
        )
    return ", ".join(parts) if parts else "nobody is conflicted"


def _quorum_words(quorum: QuorumOutcome, remedies: list[RankedRemedy]) -> str:
    if quorum.quorate:
        return "quorum holds"
    first = remedies[0] if remedies else None
    if first and first.kind == "co_opt":
        return f"quorum holds only with {first.people} {_plural('reserve', first.people)}"
    if first and first.kind == "neighbours":
        return (
            f"quorum holds only with {first.people} "
            f"{_plural('clinician', first.people)} from neighbouring organisations"
        )
    if first and first.kind == "refer":
        return "the item is inquorate: " + first.text[0].lower() + first.text[1:]
    return "the item is inquorate: convene a non-conflicted panel or defer it"


def _neighbour_remedy(
    facts: MeetingFacts, item: ItemFacts, neighbours: Neighbours
) -> RankedRemedy | None:
    """Would co-opting clear clinicians from outside restore quorum? The engine answers, with
    the neighbours standing in for the reserve list."""
    if not neighbours.people:
        return None
    borrowed = replace(
        facts,
        items=(item,),
        people={**facts.people, **neighbours.people},
        interests=facts.interests + neighbours.interests,
        reserve_ids=tuple(sorted(neighbours.people)),
        referral_committees=(),
    )
    outcome = assess_meeting(borrowed).quorum[item.id]
    co_opt = next((r for r in outcome.remedies if r.kind == "co_opt"), None)
    if co_opt is None:
        return None
    text = co_opt.text.replace("from the reserve list", "from neighbouring organisations")
    return RankedRemedy(REMEDY_RANK["neighbours"], "neighbours", text, len(co_opt.person_ids))


def _ranked(remedies: tuple[Remedy, ...], extra: RankedRemedy | None) -> list[RankedRemedy]:
    ranked = [
        RankedRemedy(REMEDY_RANK.get(r.kind, 9), r.kind, r.text, len(r.person_ids))
        for r in remedies
    ]
    if extra is not None:
        ranked.append(extra)
    return sorted(ranked, key=lambda r: r.rank)


def item_forecast(
    facts: MeetingFacts,
    assessment: MeetingAssessment,
    item: ItemFacts,
    item_label: str,
    *,
    scenario: str = "",
    neighbours: Neighbours | None = None,
) -> ItemForecast:
    voting = {a.person_id for a in facts.attendees if a.is_voting}
    attending = set(_attending(facts))
    conflicts = sorted(
        (
            _conflict(assessment.verdict(person_id, item.id), facts, voting)
            for person_id in attending
            if (person_id, item.id) in assessment.verdicts
            and assessment.verdict(person_id, item.id).conflicted
        ),
        key=lambda c: (not c.is_voting, c.name),
    )
    quorum = assessment.quorum[item.id]
    extra = None
    if not quorum.quorate and neighbours is not None:
        extra = _neighbour_remedy(facts, item, neighbours)
    remedies = [] if quorum.quorate else _ranked(quorum.remedies, extra)
    lead = f"If {scenario}, " if scenario else ""
    summary = f"{lead}{_who_leaves(conflicts, facts)}; {_quorum_words(quorum, remedies)}"
    summary = summary[0].upper() + summary[1:]
    return ItemForecast(
        item_id=item.id,
        item_label=item_label,
        conflicts=tuple(conflicts),
        quorate=quorum.quorate,
        shortfalls=quorum.shortfalls,
        remedies=tuple(remedies),
        summary=summary,
    )


def forecast(
    facts: MeetingFacts,
    items: dict[int, ItemFacts],
    labels: dict[int, str],
    *,
    scenario: str = "",
    extra_names: dict[int, str] | None = None,
    neighbours: Neighbours | None = None,
) -> list[ItemForecast]:
    """Each of ``items`` (by id: a replacement for the meeting's item, or a draft one) as the
    engine would judge it, with the meeting's other facts as they stand."""
    replaced = tuple(items.get(i.id, i) for i in facts.items)
    drafts = tuple(i for i in items.values() if i.id not in {x.id for x in facts.items})
    hypothetical = replace(
        facts,
        items=replaced + drafts,
        organisation_names={**facts.organisation_names, **(extra_names or {})},
    )
    assessment = assess_meeting(hypothetical)
    return [
        item_forecast(
            hypothetical,
            assessment,
            item,
            labels.get(item.id, item.title),
            scenario=scenario,
            neighbours=neighbours,
        )
        for item in items.values()
    ]
