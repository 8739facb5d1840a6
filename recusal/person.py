"""One person's verdicts on a meeting's items, with the meeting engine's own ``verdict_for``.

Recomputing access after a change to one person's register needs only their verdicts: a
verdict depends on the person's own interests, the network, the item and the chair's
decision about them, never on anyone else's entries (``recusal.verdicts.verdict_for``).
"""

from __future__ import annotations

from recusal.facts import CommitteeFacts, MeetingFacts, PersonMeetingFacts, QuorumRule
from recusal.network import BenefitNetwork
from recusal.results import Verdict
from recusal.verdicts import current_interests_by_person, verdict_for


def assess_person(
    facts: PersonMeetingFacts, network: BenefitNetwork | None = None
) -> dict[int, Verdict]:
    """item id -> the person's verdict, exactly as ``assess_meeting`` gives it.

    ``network`` may be passed to share one walk of the network between meetings whose
    days see the same relationships current; it must be the network on ``facts.date``.
    """
    network = network or BenefitNetwork(facts.edges, facts.date)
    person_id = facts.person.id
    # The same shape as recusal.panels: verdict_for reads only the day, the people, the
    # organisations' names and the paper policy of the meeting's facts.
    meeting_like = MeetingFacts(
        date=facts.date,
        committee=CommitteeFacts(0, "", QuorumRule()),
        items=facts.items,
        attendees=(),
        people={person_id: facts.person},
        interests=facts.interests,
        edges=facts.edges,
        organisation_names=facts.organisation_names,
        decisions=facts.decisions,
        paper_policy=facts.paper_policy,
    )
    interests = current_interests_by_person(facts.interests, meeting_like).get(person_id, ())
    decisions = {(d.person_id, d.item_id): d for d in facts.decisions if d.person_id == person_id}
    return {
        item.id: verdict_for(person_id, item, interests, network, meeting_like, decisions)
        for item in facts.items
    }
