"""At the meeting: declarations, the chair's decisions, who left and returned, minutes."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.audit import audit_record
from interests.models import Interest, Member, Organisation
from meetings.models import (
    AgendaItem,
    Attendance,
    ConflictDecision,
    ItemMinutes,
    Meeting,
    MeetingDeclaration,
)
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services.access import meeting_access_sync
from recusal import Action


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
    if getattr(actor, "member", None) is not None and actor.member.pk == member.pk:
        raise PermissionDenied(
            "Nobody decides on their own conflict: the vice-chair or the secretary records it."
        )
    verdict = meeting_assessment(item.meeting).verdicts.get((member.pk, item.pk))
    if verdict is None or not verdict.conflicted:
        raise ValidationError(f"{member.full_name} has no recorded conflict on item {item.number}.")
    chosen = Action(action)
    if chosen != verdict.suggested and not reason.strip():
        raise ValidationError(
            {"reason": "Give the reason for a decision that differs from the suggested action"}
        )
    if left_at and returned_at and returned_at < left_at:
        raise ValidationError(
            {"returned_at": "The time they returned must be after the time they left"}
        )
    decision, _ = ConflictDecision.objects.get_or_create(
        item=item, member=member, defaults={"action": chosen, "decided_by": actor}
    )
    decision.action = chosen
    decision.reason = reason.strip()
    decision.suggested_action = verdict.suggested
    decision.chain = "\n".join(r.text for r in verdict.reasons)
    decision.public_chain = "\n".join(r.public_text for r in verdict.reasons)
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
            "suggested": int(verdict.suggested) if verdict.suggested else None,
        },
    )
    meeting_access_sync(meeting=item.meeting)
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
            related_person_name="(to be completed)"
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
    return declaration


def _not_approved(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError("The minutes of this meeting are approved and can no longer change.")


@transaction.atomic
def item_minutes_save(*, actor: Any, item: AgendaItem, text: str) -> ItemMinutes:
    _not_approved(item.meeting)
    minutes, _ = ItemMinutes.objects.get_or_create(item=item)
    minutes.text = text.strip()
    minutes.full_clean()
    minutes.save()
    audit_record(actor=actor, action="minutes.saved", obj=minutes)
    return minutes
