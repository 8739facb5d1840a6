"""Checking evaluators against every bidder on a lot, with the meeting engine's chains."""

from __future__ import annotations

from recusal.facts import (
    CommitteeFacts,
    ItemFacts,
    LotCheckFacts,
    MeetingFacts,
    QuorumRule,
)
from recusal.network import BenefitNetwork
from recusal.results import Reason
from recusal.verdicts import current_interests_by_person, reasons_for


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
    interests = current_interests_by_person(facts.interests, meeting_like)
    return {
        person_id: reasons_for(
            facts.people[person_id],
            interests.get(person_id, ()),
            pseudo_item,
            network,
            meeting_like,
            lot_only=True,
        )
        for person_id in sorted(facts.people)
    }
