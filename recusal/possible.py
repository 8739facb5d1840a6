"""Possible conflicts: what a typed name would connect if its proposed link were confirmed.

A register entry that names its organisation only as typed text conflicts only where
the text is the name of an affected organisation. When matching has proposed that the
text means an organisation on the list, and the secretary has not yet decided, the
engine asks: would that organisation reach an item? If so, the item shows the
secretary and the chair a possible conflict, with the two names side by side, until the
proposal is confirmed (then it is a conflict like any other) or rejected (ADR 0027).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from recusal.engine import people_to_assess
from recusal.facts import MeetingFacts
from recusal.network import BenefitNetwork
from recusal.verdicts import current_interests_by_person, reasons_for


@dataclass(frozen=True)
class ProposedLink:
    organisation_id: int
    organisation_name: str


@dataclass(frozen=True)
class PossibleConflict:
    person_id: int
    item_id: int
    interest_id: int
    typed_name: str  # as the entry has it
    organisation_id: int  # the organisation proposed for it
    organisation_name: str
    chain: str  # the chain it would make, in the matrix's notation


def possible_conflicts(
    facts: MeetingFacts, proposals: Mapping[str, Sequence[ProposedLink]]
) -> list[PossibleConflict]:
    """``proposals``: for each typed name's key (trimmed, lower case), the organisations
    proposed for it. Entries already conflicted through their typed name are left out."""
    if not proposals:
        return []
    network = BenefitNetwork(facts.edges, facts.date)
    interests = current_interests_by_person(facts.interests, facts)
    names = dict(facts.organisation_names)
    for links in proposals.values():
        names.update((link.organisation_id, link.organisation_name) for link in links)
    with_names = dataclasses.replace(facts, organisation_names=names)
    found = []
    for person_id in people_to_assess(facts):
        person = facts.people[person_id]
        for interest in interests.get(person_id, ()):
            if interest.organisation_id is not None:
                continue
            links = proposals.get(" ".join(interest.organisation_name.split()).casefold(), ())
            for item in facts.items:
                if reasons_for(person, (interest,), item, network, facts):
                    continue  # already a conflict as typed
                for link in links:
                    linked = dataclasses.replace(interest, organisation_id=link.organisation_id)
                    reasons = reasons_for(person, (linked,), item, network, with_names)
                    if reasons:
                        found.append(
                            PossibleConflict(
                                person_id=person_id,
                                item_id=item.id,
                                interest_id=interest.id,
                                typed_name=interest.organisation_name,
                                organisation_id=link.organisation_id,
                                organisation_name=link.organisation_name,
                                chain=reasons[0].text,
                            )
                        )
    return found
