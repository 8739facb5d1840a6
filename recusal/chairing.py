"""Who chairs each item when the chair is conflicted."""

from __future__ import annotations

from recusal.actions import Action
from recusal.facts import ItemFacts, MeetingFacts
from recusal.results import ChairOutcome, Verdict


def _presiding_chair(facts: MeetingFacts, absent: set[int]) -> int | None:
    present = {a.person_id for a in facts.attendees if a.person_id not in absent}
    for candidate in (facts.committee.chair_id, facts.committee.vice_chair_id):
        if candidate is not None and candidate in present:
            return candidate
    return None


def _free_to_chair(verdict: Verdict | None) -> bool:
    return verdict is None or verdict.effective is None or verdict.effective == Action.NOTED


def chair_for_item(
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
