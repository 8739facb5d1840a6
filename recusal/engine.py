"""Assessing a meeting: a verdict for every (person, item), quorum after recusals,
who chairs each item, and an agenda order that sends people out of the room as
few times as possible. The pieces live in ``verdicts``, ``quorum``, ``chairing``
and ``ordering``; this module puts them together."""

from __future__ import annotations

from recusal.actions import Action
from recusal.chairing import chair_for_item
from recusal.facts import DecisionFacts, MeetingFacts
from recusal.network import BenefitNetwork
from recusal.ordering import agenda_order
from recusal.quorum import quorum_for_item
from recusal.results import MeetingAssessment, Verdict
from recusal.verdicts import current_interests_by_person, verdict_for


def assess_meeting(facts: MeetingFacts) -> MeetingAssessment:
    verdicts = assess_verdicts(facts)
    decisions = {(d.person_id, d.item_id): d for d in facts.decisions}
    absent = absent_for_meeting(facts, decisions)
    quorum = {item.id: quorum_for_item(item, verdicts, absent, facts) for item in facts.items}
    chairs = {item.id: chair_for_item(item, verdicts, absent, facts) for item in facts.items}
    order = agenda_order(facts.items, verdicts, present_ids(facts, absent))
    return MeetingAssessment(verdicts=verdicts, quorum=quorum, chairs=chairs, order=order)


def assess_verdicts(
    facts: MeetingFacts, network: BenefitNetwork | None = None
) -> dict[tuple[int, int], Verdict]:
    """(person id, item id) -> verdict, for everyone assessed on every item of ``facts``:
    the verdicts of ``assess_meeting`` without quorum, chairing and order, which is all a
    paper permission follows. An item's verdicts depend on no other item, so facts holding
    some of a meeting's items give those items' verdicts exactly.

    ``network`` may be passed to share one walk of the network between meetings whose days
    see the same relationships current (``NetworksByDay``); it must be the network on
    ``facts.date``."""
    network = network or BenefitNetwork(facts.edges, facts.date)
    interests = current_interests_by_person(facts.interests, facts)
    decisions = {(d.person_id, d.item_id): d for d in facts.decisions}
    return {
        (person_id, item.id): verdict_for(
            person_id, item, interests.get(person_id, ()), network, facts, decisions
        )
        for person_id in people_to_assess(facts)
        for item in facts.items
    }


# --- Who is assessed ------------------------------------------------------


def people_to_assess(facts: MeetingFacts) -> list[int]:
    ids: set[int] = {a.person_id for a in facts.attendees}
    ids.update(facts.committee.member_ids)
    ids.update(facts.reserve_ids)
    for committee in facts.referral_committees:
        ids.update(committee.member_ids)
    return sorted(i for i in ids if i in facts.people)


def absent_for_meeting(
    facts: MeetingFacts, decisions: dict[tuple[int, int], DecisionFacts]
) -> set[int]:
    """People with apologies, and anyone the chair has asked not to attend at all."""
    absent = {a.person_id for a in facts.attendees if not a.present}
    absent.update(d.person_id for d in decisions.values() if d.action == Action.NOT_ATTEND)
    return absent


def present_ids(facts: MeetingFacts, absent: set[int]) -> set[int]:
    return {a.person_id for a in facts.attendees if a.person_id not in absent}
