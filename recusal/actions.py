"""How a conflict is managed: the options in the guidance, strongest first, and the rules
that suggest one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Action(IntEnum):
    """Each option includes every restriction of the weaker ones below it."""

    NOT_ATTEND = 1
    NO_PAPERS = 2
    LEAVE_ROOM = 3
    NO_VOTE = 4
    NOTED = 5

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]

    @property
    def leaves_room(self) -> bool:
        return self <= Action.LEAVE_ROOM

    @property
    def may_discuss(self) -> bool:
        return self >= Action.NO_VOTE

    @property
    def may_vote(self) -> bool:
        return self == Action.NOTED


ACTION_LABELS = {
    Action.NOT_ATTEND: "Does not attend the meeting",
    Action.NO_PAPERS: "Does not receive the papers or minutes for the item, and leaves the room",
    Action.LEAVE_ROOM: "Leaves the room for the discussion and the decision",
    Action.NO_VOTE: "May take part in the discussion but not in the decision",
    Action.NOTED: "Interest noted: takes full part",
}


class Purpose(StrEnum):
    DECISION = "decision"
    DISCUSSION = "discussion"
    INFORMATION = "information"


class Part(StrEnum):
    OPEN = "I"
    CONFIDENTIAL = "II"


class InterestType(StrEnum):
    FINANCIAL = "financial"
    NON_FINANCIAL_PROFESSIONAL = "non_financial_professional"
    NON_FINANCIAL_PERSONAL = "non_financial_personal"


class Policy(StrEnum):
    HIDE = "hide"  # conflicted people lose the item's papers and minutes until the chair decides
    FLAG = "flag"  # they keep access; the conflict is flagged for the chair's decision


@dataclass(frozen=True)
class PaperPolicy:
    """What a conflict does to papers before the chair decides, for each part of the agenda."""

    part_i: Policy = Policy.FLAG
    part_ii: Policy = Policy.HIDE

    def for_part(self, part: str) -> Policy:
        return self.part_ii if part == Part.CONFIDENTIAL else self.part_i


def suggest_action(interest_type: str, purpose: str, part: str) -> Action:
    """The rule-based suggestion for one reason; the chair may override it.

    - A financial interest (direct or indirect): no papers or presence for a
      confidential item; leave the room for an open item that is discussed or decided.
    - A non-financial interest: may discuss but not vote on a decision.
    - Otherwise the interest is noted.
    """
    if interest_type == InterestType.FINANCIAL:
        if part == Part.CONFIDENTIAL:
            return Action.NO_PAPERS
        if purpose in (Purpose.DECISION, Purpose.DISCUSSION):
            return Action.LEAVE_ROOM
        return Action.NOTED
    if purpose == Purpose.DECISION:
        return Action.NO_VOTE
    return Action.NOTED


def receives_papers(action: Action, part: str) -> bool:
    """Whether a managed conflict still lets the person have the item's papers and minutes."""
    if action <= Action.NO_PAPERS:
        return False
    if action == Action.LEAVE_ROOM:
        # Part I papers are public anyway; Part II ones go only to those in the room.
        return part != Part.CONFIDENTIAL
    return True
