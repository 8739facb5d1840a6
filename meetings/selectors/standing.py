"""Where a member stands on each item: their own interest, and what the chair is expected
to do about it (or has decided). Shown in their pack, on the agenda and on their dashboard,
before the meeting, in their own words ("you are a partner in ...")."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from interests.models import Member
from meetings.chain_words import chain_words, interest_words, sentence
from meetings.models import Meeting, MeetingDeclaration
from meetings.selectors.recusal_facts import meeting_assessment
from recusal import Action

EXPECTED = {
    Action.NOT_ATTEND: "The chair is expected to ask you not to attend the meeting",
    Action.NO_PAPERS: (
        "The chair is expected to ask you to leave the room for it; you do not receive its "
        "papers or minutes"
    ),
    Action.LEAVE_ROOM: "The chair is expected to ask you to leave the room for it",
    Action.NO_VOTE: (
        "The chair is expected to let you take part in the discussion but not in the decision"
    ),
    Action.NOTED: "The chair is expected to note your interest; you may take full part",
}
DECIDED = {
    Action.NOT_ATTEND: "The chair has decided that you do not attend the meeting",
    Action.NO_PAPERS: (
        "The chair has decided that you leave the room for it and do not receive its papers "
        "or minutes"
    ),
    Action.LEAVE_ROOM: "The chair has decided that you leave the room for it",
    Action.NO_VOTE: (
        "The chair has decided that you may take part in the discussion but not in the decision"
    ),
    Action.NOTED: "The chair has noted your interest: you take full part",
}


def contact_sentence() -> str:
    return (
        "If you think this is wrong, contact the governance team at "
        f"{settings.GOVERNANCE_CONTACT_EMAIL} before the meeting."
    )


@dataclass(frozen=True)
class Standing:
    item_id: int
    interest: str  # "you are a partner in Hillview Medical Centre"
    chain: str  # the same, with how it reaches the item
    expectation: str  # "The chair is expected to ask you to leave the room for it"
    interests: int = 1  # how many of the member's own interests it rests on
    interest_ids: tuple[int, ...] = ()  # the register entries it rests on

    @property
    def notice(self) -> str:
        """For an item whose papers the member keeps (the ``flag`` policy)."""
        return f"You have an interest in this item: {self.chain}. {sentence(self.expectation)}"

    @property
    def withheld_notice(self) -> str:
        """For an item withheld from the member: their own interest, never the item's subject."""
        return (
            f"Withheld because of your declared interest{'s' if self.interests > 1 else ''}: "
            f"{self.interest}. "
            f"{sentence(self.expectation)} {contact_sentence()}"
        )


def _join(parts: list[str]) -> str:
    unique = list(dict.fromkeys(parts))
    return "; and ".join(unique)


def member_standing(meeting: Meeting, member: Member | None) -> dict[int, Standing]:
    """item id -> where the member stands, for each item they have an interest in."""
    if member is None:
        return {}
    assessment = meeting_assessment(meeting)
    declared: dict[int, list[str]] = {}
    for item_id, description in (
        MeetingDeclaration.objects.standing()
        .filter(meeting=meeting, member=member, item__isnull=False)
        .values_list("item_id", "description")
    ):
        declared.setdefault(item_id, []).append(f"you declared at the meeting: {description}")
    standings = {}
    for (person_id, item_id), verdict in assessment.verdicts.items():
        if person_id != member.pk:
            continue
        chains = [r.chain for r in verdict.reasons if r.chain is not None]
        made = declared.get(item_id, [])
        action = verdict.decided or verdict.suggested
        if not (chains or made) or action is None:
            continue
        own = [interest_words(c, second_person=True) for c in chains] + made
        whole = [chain_words(c, second_person=True, this_item=True) for c in chains] + made
        phrases = DECIDED if verdict.decided is not None else EXPECTED
        standings[item_id] = Standing(
            item_id,
            _join(own),
            _join(whole),
            phrases[action],
            len(set(own)),
            tuple(dict.fromkeys(r.interest_id for r in verdict.reasons if r.chain is not None)),
        )
    return standings
