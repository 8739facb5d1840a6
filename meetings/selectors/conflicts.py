"""The conflicts the chair must settle at a meeting, item by item.

Two sources: every conflict the recusal engine finds for someone present, and every
interest declared at the meeting about an item, which the engine may not see (a name
typed at the meeting, an organisation outside the network). Both are settled the same
way, by the chair's decision on that person and item (a ``ConflictDecision``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from meetings.chain_words import chain_words, sentence
from meetings.models import (
    AgendaItem,
    Attendance,
    ConflictDecision,
    Meeting,
    MeetingDeclaration,
)
from recusal import Action
from recusal.actions import suggest_action
from recusal.results import MeetingAssessment, Reason


@dataclass
class Conflict:
    """One person's conflict on one item, and the chair's decision if recorded."""

    item: AgendaItem
    member_id: int
    name: str  # "Dr B. Okafor"
    full_name: str
    reasons: tuple[Reason, ...] = ()
    declarations: list[MeetingDeclaration] = field(default_factory=list)
    suggested: Action | None = None
    decision: ConflictDecision | None = None

    @property
    def is_open(self) -> bool:
        return self.decision is None

    @property
    def declared_at_meeting(self) -> bool:
        return bool(self.declarations)

    def _declared(self) -> list[str]:
        return [sentence(f"Declared at the meeting: {d.description}") for d in self.declarations]

    @property
    def arrows(self) -> list[str]:
        """The checkable chains (the recusal matrix's notation)."""
        return [r.text for r in self.reasons] or self._declared()

    @property
    def public_arrows(self) -> list[str]:
        return [r.public_text for r in self.reasons] or self._declared()

    @property
    def words(self) -> list[str]:
        """Each chain as a sentence anyone can read."""
        return [sentence(chain_words(r.chain)) for r in self.reasons if r.chain] or self._declared()

    @property
    def public_words(self) -> list[str]:
        return [
            sentence(chain_words(r.chain, public=True)) for r in self.reasons if r.chain
        ] or self._declared()


def _declared_suggestion(item: AgendaItem, declarations: list[MeetingDeclaration]) -> Action | None:
    """The engine's rule for the declared kind of interest; the chair may depart from it."""
    types = [d.interest.interest_type for d in declarations if d.interest is not None]
    if not types:
        return None
    return min(suggest_action(t, item.purpose, item.part) for t in types)


def meeting_conflicts(meeting: Meeting, assessment: MeetingAssessment) -> dict[int, list[Conflict]]:
    """item id -> the conflicts of the people present (not those with apologies), by name."""
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    for item in items.values():
        item.meeting = meeting
    present = {
        a.member_id: a.member
        for a in Attendance.objects.filter(meeting=meeting, apologies=False).select_related(
            "member"
        )
    }
    decisions = {
        (d.item_id, d.member_id): d for d in ConflictDecision.objects.filter(item__meeting=meeting)
    }
    declared: dict[tuple[int, int], list[MeetingDeclaration]] = {}
    for declaration in (
        MeetingDeclaration.objects.standing()
        .filter(meeting=meeting, item__isnull=False)
        .select_related("interest")
    ):
        if declaration.item_id is not None:  # always, by the filter; narrows the type
            key = (declaration.item_id, declaration.member_id)
            declared.setdefault(key, []).append(declaration)
    conflicts: dict[int, list[Conflict]] = {}
    for item_id in assessment.order.current:
        item = items[item_id]
        for member_id, member in present.items():
            verdict = assessment.verdicts.get((member_id, item_id))
            reasons = verdict.reasons if verdict is not None else ()
            made = declared.get((item_id, member_id), [])
            if not reasons and not made:
                continue
            suggested = (
                verdict.suggested
                if verdict is not None and verdict.suggested is not None
                else _declared_suggestion(item, made)
            )
            conflicts.setdefault(item_id, []).append(
                Conflict(
                    item=item,
                    member_id=member_id,
                    name=member.short_name,
                    full_name=member.full_name,
                    reasons=reasons,
                    declarations=made,
                    suggested=suggested,
                    decision=decisions.get((item_id, member_id)),
                )
            )
    for rows in conflicts.values():
        rows.sort(key=lambda c: (present[c.member_id].last_name, present[c.member_id].first_name))
    return conflicts


def conflict_of(
    meeting: Meeting, assessment: MeetingAssessment, item: AgendaItem, member_id: int
) -> Conflict | None:
    return next(
        (
            c
            for c in meeting_conflicts(meeting, assessment).get(item.pk, [])
            if c.member_id == member_id
        ),
        None,
    )
