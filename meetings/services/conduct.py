"""At the meeting: declarations, the chair's decisions, who left and returned, minutes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.concurrency import version_check, version_token
from interests.models import Interest, Member, Organisation
from meetings import recusal_sync
from meetings.models import (
    RELATED_PERSON_TO_COMPLETE,
    AgendaItem,
    Attendance,
    ConflictDecision,
    ItemMinutes,
    Meeting,
    MeetingDeclaration,
)
from meetings.selectors.conflicts import Conflict, conflict_of, meeting_conflicts
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services.access import meeting_access_sync
from recusal import Action


def _not_own(actor: Any, member_id: int) -> None:
    if getattr(actor, "member", None) is not None and actor.member.pk == member_id:
        raise PermissionDenied(
            "Nobody decides on their own conflict: the vice-chair or the secretary records it."
        )


def _open_conflict(item: AgendaItem, member: Member) -> Conflict:
    conflict = conflict_of(item.meeting, meeting_assessment(item.meeting), item, member.pk)
    if conflict is None:
        raise ValidationError(f"{member.full_name} has no recorded conflict on item {item.number}.")
    return conflict


def _save_decision(
    *,
    actor: Any,
    conflict: Conflict,
    chosen: Action,
    reason: str,
    left_at: datetime.time | None,
    returned_at: datetime.time | None,
) -> ConflictDecision:
    decision = conflict.decision or ConflictDecision(
        item=conflict.item, member_id=conflict.member_id
    )
    decision.action = chosen
    decision.reason = reason.strip()
    decision.suggested_action = conflict.suggested
    # What was shown to the chair when deciding, kept with the decision for the minutes.
    decision.chain = "\n".join(conflict.arrows)
    decision.public_chain = "\n".join(conflict.public_arrows)
    decision.words = "\n".join(conflict.words)
    decision.public_words = "\n".join(conflict.public_words)
    decision.left_at = left_at
    decision.returned_at = returned_at
    decision.decided_by = actor
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action="meeting.conflict_decided",
        obj=decision,
        detail={
            "action": int(chosen),
            "suggested": int(conflict.suggested) if conflict.suggested else None,
        },
    )
    return decision


@transaction.atomic
def conflict_decision_record(
    *,
    actor: Any,
    item: AgendaItem,
    member: Member,
    action: int,
    reason: str = "",
    left_at: datetime.time | None = None,
    returned_at: datetime.time | None = None,
) -> ConflictDecision:
    """The chair's decision on a conflict; a departure from the suggestion needs a reason."""
    _not_approved(item.meeting)
    _not_own(actor, member.pk)
    conflict = _open_conflict(item, member)
    chosen = Action(action)
    if chosen != conflict.suggested and not reason.strip():
        raise ValidationError(
            {"reason": "Give the reason for a decision that differs from the suggested action"}
        )
    if left_at and returned_at and returned_at < left_at:
        raise ValidationError(
            {"returned_at": "The time they returned must be after the time they left"}
        )
    decision = _save_decision(
        actor=actor,
        conflict=conflict,
        chosen=chosen,
        reason=reason,
        left_at=left_at,
        returned_at=returned_at,
    )
    meeting_access_sync(meeting=item.meeting)
    return decision


@dataclass(frozen=True)
class SuggestionsAccepted:
    decided: list[ConflictDecision]
    skipped_own: bool  # the recorder's own conflict was left for someone else to decide


@transaction.atomic
def conflict_suggestions_accept(*, actor: Any, item: AgendaItem) -> SuggestionsAccepted:
    """Accept the suggested action for every open conflict on the item in one step.

    Still one decision per person, each audited, with the recorder as decider; the
    recorder's own conflict is left for the vice-chair or the secretary.
    """
    meeting = item.meeting
    _not_approved(meeting)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    conflicts = meeting_conflicts(meeting, meeting_assessment(meeting)).get(item.pk, [])
    own = getattr(getattr(actor, "member", None), "pk", None)
    open_conflicts = [c for c in conflicts if c.is_open and c.suggested is not None]
    decided = [
        _save_decision(
            actor=actor, conflict=c, chosen=c.suggested, reason="", left_at=None, returned_at=None
        )
        for c in open_conflicts
        if c.member_id != own and c.suggested is not None
    ]
    if decided:
        meeting_access_sync(meeting=meeting)
    return SuggestionsAccepted(decided, any(c.member_id == own for c in open_conflicts))


@transaction.atomic
def conflict_departure_stamp(
    *, actor: Any, item: AgendaItem, member: Member, moment: str, at: datetime.time
) -> ConflictDecision:
    """Record that the person left the room, or came back, at this time ("left now")."""
    _not_approved(item.meeting)
    _not_own(actor, member.pk)
    decision = ConflictDecision.objects.select_for_update().filter(item=item, member=member).first()
    if decision is None:
        raise ValidationError(
            "Record the chair's decision before the times they left and returned."
        )
    at = at.replace(second=0, microsecond=0)
    if moment == "left":
        decision.left_at = at
        if decision.returned_at is not None and decision.returned_at < at:
            decision.returned_at = None  # they have left again
    elif moment == "returned":
        if decision.left_at is None:
            raise ValidationError("Record the time they left before the time they returned.")
        decision.returned_at = max(at, decision.left_at)
    else:
        raise ValidationError("Say whether they left or returned.")
    decision.decided_by = actor
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action=f"meeting.conflict_{moment}",
        obj=decision,
        detail={"at": at.strftime("%H:%M")},
    )
    return decision


def _matching_entry(
    member: Member, organisation: Organisation | None, day: datetime.date
) -> Interest | None:
    if organisation is None:
        return None
    return (
        member.interests.declared()
        .current_on(day)
        .filter(organisation=organisation)
        .order_by("-start_date")
        .first()
    )


@transaction.atomic
def meeting_declaration_record(
    *,
    actor: Any,
    meeting: Meeting,
    member: Member,
    description: str,
    category: str,
    nature: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    item: AgendaItem | None = None,
    indirect_type: str = "",
) -> MeetingDeclaration:
    """Record an interest declared at the meeting.

    If it is already on the register, the declaration points at that entry;
    otherwise a draft register entry is made for the member to complete, so
    the register and the minutes never disagree.
    """
    _not_approved(meeting)
    if not Attendance.objects.filter(meeting=meeting, member=member).exists():
        raise ValidationError(
            {"member": f"{member.full_name} is not on this meeting's attendance list"}
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "That item is not on this meeting's agenda"})
    if organisation is None and not organisation_name.strip():
        raise ValidationError(
            {"organisation": "Choose or type the organisation the interest is in"}
        )
    entry = _matching_entry(member, organisation, meeting.date)
    new_draft = entry is None
    if entry is None:
        entry = Interest(
            declarant=member,
            category=category,
            indirect_type=indirect_type if category == Interest.Category.INDIRECT else "",
            related_person_relationship=(
                Interest.Relationship.CLOSE_RELATIVE
                if category == Interest.Category.INDIRECT
                else ""
            ),
            related_person_name=RELATED_PERSON_TO_COMPLETE
            if category == Interest.Category.INDIRECT
            else "",
            organisation=organisation,
            organisation_name="" if organisation else " ".join(organisation_name.split()),
            nature=nature,
            description=description.strip(),
            start_date=meeting.date,
            status=Interest.Status.DRAFT,
            source=Interest.Source.MEETING,
        )
        entry.full_clean()
        entry._change_reason = f"Declared at {meeting}"  # type: ignore[attr-defined]
        entry.save()
    declaration = MeetingDeclaration(
        meeting=meeting,
        item=item,
        member=member,
        organisation=organisation,
        description=description.strip(),
        interest=entry,
        recorded_by=actor,
    )
    declaration.full_clean()
    declaration.save()
    audit_record(
        actor=actor,
        action="meeting.declaration_recorded",
        obj=declaration,
        detail={"interest": entry.pk, "new_draft": entry.is_draft},
    )
    meeting_access_sync(meeting=meeting)
    if new_draft:
        # The declaration counts from now at every later meeting too (recusal_facts): the
        # member's papers there are withdrawn in this transaction, as at this meeting.
        recusal_sync.member_changed(member)
    return declaration


def _register_words(interest: Interest) -> str:
    """What a register entry says, for the minutes: no related person named."""
    words = f"{interest.get_nature_display()}, {interest.organisation_label}"
    if interest.is_indirect:
        relation = interest.get_related_person_relationship_display().lower()
        return f"{words} (an interest of a {relation}, on the register)"
    return f"{words} (on the register)"


@transaction.atomic
def conflict_declared_record(*, actor: Any, item: AgendaItem, member: Member) -> MeetingDeclaration:
    """Record that the person declared, when the item came up, the interest the engine found
    on the register. A conflict nobody declared at the meeting is a likely breach."""
    meeting = item.meeting
    _not_approved(meeting)
    conflict = _open_conflict(item, member)
    if not conflict.reasons:
        raise ValidationError(
            "This conflict is not on the register: record what they declared with the "
            "declaration form."
        )
    if conflict.declared_at_meeting:
        raise ValidationError(f"{member.full_name}'s declaration on this item is already recorded.")
    entry = Interest.objects.select_related("organisation").get(pk=conflict.reasons[0].interest_id)
    declaration = MeetingDeclaration(
        meeting=meeting,
        item=item,
        member=member,
        organisation=entry.organisation,
        description=_register_words(entry),
        interest=entry,
        recorded_by=actor,
    )
    declaration.full_clean()
    declaration.save()
    audit_record(
        actor=actor,
        action="meeting.declaration_recorded",
        obj=declaration,
        detail={"interest": entry.pk, "new_draft": False, "from_register": True},
    )
    return declaration


@transaction.atomic
def meeting_declaration_settle(
    *, actor: Any, declaration: MeetingDeclaration, reason: str
) -> MeetingDeclaration:
    """ "No action needed", with the chair's reason, for a declaration about no one item.

    A declaration about an item is settled by the decision on that item instead.
    """
    _not_approved(declaration.meeting)
    _not_own(actor, declaration.member_id)
    if declaration.item_id is not None:
        raise ValidationError(
            "This declaration is about one item: record the chair's decision on that item."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason no action is needed"})
    declaration.no_action_reason = reason.strip()
    declaration.settled_by = actor
    declaration.settled_at = timezone.now()
    declaration.full_clean()
    declaration.save(update_fields=["no_action_reason", "settled_by", "settled_at"])
    audit_record(actor=actor, action="meeting.declaration_settled", obj=declaration)
    return declaration


def _not_approved(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError("The minutes of this meeting are approved and can no longer change.")


def minutes_version(text: str) -> str:
    """The token an item's minutes form carries (core.concurrency)."""
    return version_token({"text": text})


@transaction.atomic
def item_minutes_save(
    *, actor: Any, item: AgendaItem, text: str, version: str | None = None
) -> ItemMinutes:
    """Save an item's minutes; with ``version`` (the form's token), minutes saved by someone
    else since the form was shown are never overwritten (core.concurrency)."""
    _not_approved(item.meeting)
    ItemMinutes.objects.get_or_create(item=item)
    minutes = ItemMinutes.objects.select_for_update().get(item=item)
    version_check(
        expected=version,
        state={"text": minutes.text},
        noun="item's minutes",
        shown=[("Minutes", minutes.text or "None written")],
    )
    minutes.text = text.strip()
    minutes.full_clean()
    minutes.save()
    audit_record(actor=actor, action="minutes.saved", obj=minutes)
    return minutes
