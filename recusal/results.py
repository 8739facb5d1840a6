"""What the engine concludes, as plain immutable data."""

from __future__ import annotations

from dataclasses import dataclass

from recusal.actions import Action


@dataclass(frozen=True)
class ChainLink:
    """One link of the network: "—member of→ Northfield GP Federation"."""

    label: str  # member of, subsidiary of, owned by, partner in, parent company of, owner of
    organisation: str


@dataclass(frozen=True)
class Chain:
    """A chain as structured data, so a presenter can put it into words for each reader.

    From the person, through their interest in ``start`` and each link, to the
    affected organisation (the last one named), which either is affected by the item
    or bids for ``lot``.
    """

    person: str  # as written in minutes, e.g. "Dr A. Patel"
    interest_type: str  # financial / non_financial_professional / non_financial_personal
    nature: str  # e.g. "partner", "consultant or adviser"
    start: str  # the organisation the interest is in, as named on the register
    start_as_typed: bool = False  # a name typed by the declarant, not yet linked
    is_indirect: bool = False
    relationship: str = ""  # for an indirect interest, e.g. "spouse or partner"
    related_person: str = ""  # never shown in public
    links: tuple[ChainLink, ...] = ()
    lot: str = ""  # e.g. "Lot 2 Out-of-hours" when the organisation bids for the item's lot
    item_number: str = ""  # empty when checking a lot rather than an agenda item

    @property
    def affected(self) -> str:
        """The organisation the item affects or that bids: the last one in the chain."""
        return self.links[-1].organisation if self.links else self.start


@dataclass(frozen=True)
class Reason:
    """One checkable chain from a person's interest to the item."""

    interest_id: int
    interest_type: str
    affected_id: int
    via_lot: bool
    text: str
    public_text: str = ""  # the same chain without the related person's name (indirect interests)
    chain: Chain | None = None  # the same, as data for the presenters that put it into words


@dataclass(frozen=True)
class Verdict:
    person_id: int
    item_id: int
    reasons: tuple[Reason, ...] = ()
    suggested: Action | None = None
    decided: Action | None = None
    decision_reason: str = ""
    effective: Action | None = None
    receives_papers: bool = True
    flagged: bool = False

    @property
    def conflicted(self) -> bool:
        return bool(self.reasons)

    @property
    def may_vote(self) -> bool:
        return self.effective is None or self.effective.may_vote

    @property
    def may_discuss(self) -> bool:
        return self.effective is None or self.effective.may_discuss

    @property
    def leaves_room(self) -> bool:
        return self.effective is not None and self.effective.leaves_room


@dataclass(frozen=True)
class Remedy:
    kind: str  # co_opt, refer, panel, defer
    text: str
    person_ids: tuple[int, ...] = ()
    committee_id: int | None = None


@dataclass(frozen=True)
class QuorumOutcome:
    item_id: int
    quorate: bool
    shortfalls: tuple[str, ...] = ()
    eligible_voter_ids: tuple[int, ...] = ()
    remedies: tuple[Remedy, ...] = ()
    remedy_recorded: str = ""

    @property
    def blocks_publication(self) -> bool:
        return not self.quorate and not self.remedy_recorded

    @property
    def summary(self) -> str:
        return "Quorate" if self.quorate else "Inquorate: " + "; ".join(self.shortfalls)


@dataclass(frozen=True)
class ChairOutcome:
    item_id: int
    presiding_id: int | None
    conflicted: bool
    recommended_id: int | None
    alternatives: tuple[int, ...] = ()
    text: str = ""

    @property
    def needs_handover(self) -> bool:
        return self.recommended_id != self.presiding_id


@dataclass(frozen=True)
class AgendaOrder:
    current: tuple[int, ...]
    proposed: tuple[int, ...]
    departures_current: int
    departures_proposed: int

    @property
    def improves(self) -> bool:
        return self.departures_proposed < self.departures_current


@dataclass(frozen=True)
class MeetingAssessment:
    verdicts: dict[tuple[int, int], Verdict]
    quorum: dict[int, QuorumOutcome]
    chairs: dict[int, ChairOutcome]
    order: AgendaOrder

    def verdict(self, person_id: int, item_id: int) -> Verdict:
        return self.verdicts[(person_id, item_id)]

    def conflicts(self) -> list[Verdict]:
        return [v for v in self.verdicts.values() if v.conflicted]

    def excluded_from_papers(self, item_id: int) -> set[int]:
        return {
            v.person_id
            for v in self.verdicts.values()
            if v.item_id == item_id and not v.receives_papers
        }

    def items_blocking_publication(self) -> list[int]:
        return [item_id for item_id, q in self.quorum.items() if q.blocks_publication]
