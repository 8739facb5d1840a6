"""'May I discuss this with them?': the people who must not be told about a restricted item
(its restricted circle reversed), for staff who are themselves entitled to know.

An item is restricted when it is taken in Part II or its title is confidential. The people
who must not be told are those the engine finds conflicted on it or who do not receive its
papers: the same verdicts that withhold its papers and minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from meetings.access import can_record, item_withheld_from, sees_all_meetings
from meetings.chain_words import chain_words, sentence
from meetings.models import AgendaItem
from meetings.selectors.recusal_facts import meeting_facts
from recusal import assess_meeting

NOT_ENTITLED = (
    "Only the governance team and the meeting's chair, when they are not conflicted "
    "themselves, may see whom not to tell about an item."
)
CONFLICTED = "You are conflicted on this item, so you cannot see whom not to tell about it."


@dataclass(frozen=True)
class KeepOut:
    person_id: int
    name: str
    why: tuple[str, ...]  # each chain in words; or why they do not receive the papers


def is_restricted(item: AgendaItem) -> bool:
    return item.part == "II" or bool(item.title_is_confidential)


def item_keep_out(user: Any, item: AgendaItem) -> list[KeepOut]:
    """Whom not to tell about the item, for someone entitled to know (else PermissionDenied;
    the caller has already checked the user may know the meeting)."""
    if not (sees_all_meetings(user) or can_record(user, item.meeting)):
        raise PermissionDenied(NOT_ENTITLED)
    if item_withheld_from(user, item):
        raise PermissionDenied(CONFLICTED)
    facts = meeting_facts(item.meeting)
    assessment = assess_meeting(facts)
    member = getattr(user, "member", None)
    own = assessment.verdicts.get((member.pk, item.pk)) if member is not None else None
    if own is not None and own.conflicted:
        raise PermissionDenied(CONFLICTED)
    rows = []
    for (person_id, item_id), verdict in assessment.verdicts.items():
        if item_id != item.pk or not (verdict.conflicted or not verdict.receives_papers):
            continue
        why = tuple(sentence(chain_words(r.chain)) for r in verdict.reasons if r.chain)
        name = facts.people[person_id].name
        rows.append(KeepOut(person_id, name, why or ("Does not receive the papers.",)))
    return sorted(rows, key=lambda r: r.name)
