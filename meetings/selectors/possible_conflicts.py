"""Possible conflicts on a meeting's items: typed names whose proposed link is undecided."""

from __future__ import annotations

from dataclasses import dataclass

from interests.selectors.name_matches import proposed_organisations
from meetings.models import Meeting
from meetings.selectors.recusal_facts import meeting_facts
from recusal.facts import MeetingFacts
from recusal.possible import ProposedLink, possible_conflicts


@dataclass(frozen=True)
class PossibleConflictRow:
    person: str
    item_id: int
    item_number: str
    typed_name: str
    organisation_name: str
    chain: str


def meeting_possible_conflicts(
    meeting: Meeting, facts: MeetingFacts | None = None
) -> list[PossibleConflictRow]:
    facts = facts or meeting_facts(meeting)
    typed = {i.organisation_name for i in facts.interests if i.organisation_id is None}
    proposals = {
        key: [ProposedLink(p.organisation_id, p.organisation_name) for p in found]
        for key, found in proposed_organisations(typed).items()
    }
    numbers = {item.id: item.number for item in facts.items}
    return [
        PossibleConflictRow(
            person=facts.people[c.person_id].name,
            item_id=c.item_id,
            item_number=numbers[c.item_id],
            typed_name=c.typed_name,
            organisation_name=c.organisation_name,
            chain=c.chain,
        )
        for c in possible_conflicts(facts, proposals)
    ]
