"""What the engine needs to know about a meeting, as plain immutable data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from recusal.actions import Action, PaperPolicy


@dataclass(frozen=True)
class PersonFacts:
    id: int
    name: str  # as written in minutes, e.g. "Dr A. Patel"
    professional_role: str  # gp, nurse, lay, manager, secondary_care, other
    affiliation: str = ""  # e.g. "Southfield CCG", for co-optees


@dataclass(frozen=True)
class InterestFacts:
    id: int
    person_id: int
    organisation_id: int | None
    organisation_name: str  # the typed name when not linked to an organisation
    interest_type: str  # financial / non_financial_professional / non_financial_personal
    nature: str  # e.g. "partner"
    start: datetime.date | None  # None: never recorded, so "since before any meeting"
    end: datetime.date | None = None
    is_indirect: bool = False
    relationship: str = ""  # e.g. "spouse or partner"
    related_name: str = ""

    def is_current_on(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class EdgeFacts:
    """``source`` —kind→ ``target`` (e.g. a practice is a member of a federation)."""

    source: int
    target: int
    kind: str  # member_of, subsidiary_of, owned_by, partner_in
    start: datetime.date | None = None
    end: datetime.date | None = None

    def is_current_on(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class LotFacts:
    id: int
    label: str  # e.g. "Lot 2 Out-of-hours"
    bidder_ids: tuple[int, ...]


@dataclass(frozen=True)
class ItemFacts:
    id: int
    number: str
    title: str
    purpose: str  # decision / discussion / information
    part: str  # "I" or "II"
    affected_ids: tuple[int, ...] = ()
    lot: LotFacts | None = None
    remedy: str = ""  # a recorded remedy for lost quorum: co_opt, refer, defer, panel


@dataclass(frozen=True)
class AttendeeFacts:
    person_id: int
    kind: str  # member, co_opted, in_attendance
    is_voting: bool
    present: bool = True  # False when they sent apologies


@dataclass(frozen=True)
class QuorumRule:
    min_voting: int = 1
    role_minimums: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class CommitteeFacts:
    id: int
    name: str
    rule: QuorumRule
    chair_id: int | None = None
    vice_chair_id: int | None = None
    voting_member_ids: tuple[int, ...] = ()
    member_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class DecisionFacts:
    item_id: int
    person_id: int
    action: Action
    reason: str = ""


@dataclass(frozen=True)
class MeetingFacts:
    date: datetime.date
    committee: CommitteeFacts
    items: tuple[ItemFacts, ...]
    attendees: tuple[AttendeeFacts, ...]
    people: dict[int, PersonFacts]
    interests: tuple[InterestFacts, ...]
    edges: tuple[EdgeFacts, ...]
    organisation_names: dict[int, str]
    reserve_ids: tuple[int, ...] = ()
    referral_committees: tuple[CommitteeFacts, ...] = ()
    decisions: tuple[DecisionFacts, ...] = ()
    paper_policy: PaperPolicy = field(default_factory=PaperPolicy)
    role_labels: dict[str, str] = field(default_factory=dict)  # "gp" -> "GP"


@dataclass(frozen=True)
class LotCheckFacts:
    """What checking people against a lot's bidders needs (an evaluation panel)."""

    date: datetime.date
    lot: LotFacts
    people: dict[int, PersonFacts]
    interests: tuple[InterestFacts, ...]
    edges: tuple[EdgeFacts, ...]
    organisation_names: dict[int, str]


@dataclass(frozen=True)
class PersonMeetingFacts:
    """What one person's verdicts at one meeting need: their own entries, the items, the
    network on the day, the organisations' names and the chair's decisions about them.

    Nobody else's entries enter a person's verdict, so after a change to one person's
    register only their verdicts (and so their access to papers and minutes) can change.
    """

    date: datetime.date
    person: PersonFacts
    items: tuple[ItemFacts, ...]
    interests: tuple[InterestFacts, ...]
    edges: tuple[EdgeFacts, ...]
    organisation_names: dict[int, str]
    decisions: tuple[DecisionFacts, ...] = ()
    paper_policy: PaperPolicy = field(default_factory=PaperPolicy)
