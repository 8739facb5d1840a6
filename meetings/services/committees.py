"""Setting up committees: membership, quorum rules, reserve lists and referrals."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from core.concurrency import version_check, version_token
from interests.models import Member
from meetings.models import (
    Attendance,
    Committee,
    CommitteeMembership,
    Meeting,
    QuorumRoleRequirement,
    ReserveMember,
)
from meetings.recusal_sync import committee_changed


def committee_version(committee: Committee) -> str:
    """The token a committee's edit form carries (core.concurrency)."""
    return version_token(_committee_state(committee))


def _committee_state(committee: Committee) -> dict[str, Any]:
    return {
        "name": committee.name,
        "description": committee.description,
        "quorum_minimum_voting": committee.quorum_minimum_voting,
    }


def _committee_shown(committee: Committee) -> list[tuple[str, str]]:
    return [
        ("Name", committee.name),
        ("Description", committee.description or "None"),
        ("Minimum voting members present", str(committee.quorum_minimum_voting)),
    ]


@transaction.atomic
def committee_save(
    *,
    actor: Any,
    name: str,
    quorum_minimum_voting: int,
    description: str = "",
    committee: Committee | None = None,
    version: str | None = None,
) -> Committee:
    """Add a committee, or change one; with ``version`` (its form's token), a stale save is
    refused and nothing changes (core.concurrency)."""
    if committee is not None:
        committee = Committee.objects.select_for_update().get(pk=committee.pk)
        version_check(
            expected=version,
            state=_committee_state(committee),
            noun="committee",
            shown=_committee_shown(committee),
        )
    committee = committee or Committee()
    committee.name = name.strip()
    committee.description = description.strip()
    committee.quorum_minimum_voting = quorum_minimum_voting
    committee.full_clean()
    committee.save()
    audit_record(actor=actor, action="committee.saved", obj=committee)
    committee_changed(committee)
    return committee


@transaction.atomic
def committee_role_requirement_set(
    *, actor: Any, committee: Committee, professional_role: str, minimum: int
) -> None:
    """Set "at least N of this role", or remove the requirement with 0."""
    QuorumRoleRequirement.objects.filter(
        committee=committee, professional_role=professional_role
    ).delete()
    if minimum > 0:
        requirement = QuorumRoleRequirement(
            committee=committee, professional_role=professional_role, minimum=minimum
        )
        requirement.full_clean()
        requirement.save()
    audit_record(
        actor=actor,
        action="committee.quorum_changed",
        obj=committee,
        detail={"role": professional_role, "minimum": minimum},
    )
    committee_changed(committee)


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    committee: Committee,
    member: Member,
    role: str,
    is_voting: bool,
    start_date: datetime.date | None = None,
) -> CommitteeMembership:
    current = CommitteeMembership.objects.filter(
        committee=committee, member=member, end_date__isnull=True
    )
    if current.exists():
        raise ValidationError(
            {"member": f"{member.full_name} is already a member of {committee.name}"}
        )
    if role != CommitteeMembership.Role.MEMBER:
        taken = CommitteeMembership.objects.filter(
            committee=committee, role=role, end_date__isnull=True
        )
        if taken.exists():
            raise ValidationError(
                {"role": f"{committee.name} already has a {role.replace('_', '-')}"}
            )
    membership = CommitteeMembership(
        committee=committee, member=member, role=role, is_voting=is_voting, start_date=start_date
    )
    membership.full_clean()
    membership.save()
    audit_record(actor=actor, action="committee.member_added", obj=membership)
    committee_changed(committee)
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: CommitteeMembership, end_date: datetime.date) -> None:
    if membership.end_date is not None:
        raise ValidationError(f"This membership already ended on {membership.end_date:%-d %B %Y}")
    if membership.start_date and end_date < membership.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date"})
    membership.end_date = end_date
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    audit_record(actor=actor, action="committee.member_ended", obj=membership)
    _leave_later_meetings(membership, end_date)
    committee_changed(membership.committee)


def _leave_later_meetings(membership: CommitteeMembership, end_date: datetime.date) -> None:
    """Someone who has left the committee is no longer invited to its meetings not yet held."""
    later = Attendance.objects.filter(
        member=membership.member,
        kind=Attendance.Kind.MEMBER,
        meeting__committee=membership.committee,
        meeting__starts_at__date__gt=end_date,
        meeting__status__in=[Meeting.Status.DRAFT, Meeting.Status.AGENDA_PUBLISHED],
    )
    for attendance in later.select_related("meeting"):
        audit_record(
            actor=None,
            action="meeting.attendee_removed",
            obj=attendance,
            detail={"reason": f"left {membership.committee.name} on {end_date.isoformat()}"},
        )
    later.delete()


@transaction.atomic
def reserve_add(
    *, actor: Any, committee: Committee, member: Member, note: str = ""
) -> ReserveMember:
    if ReserveMember.objects.filter(committee=committee, member=member).exists():
        raise ValidationError({"member": f"{member.full_name} is already on the reserve list"})
    place = ReserveMember(committee=committee, member=member, note=note.strip())
    place.full_clean()
    place.save()
    audit_record(actor=actor, action="committee.reserve_added", obj=place)
    committee_changed(committee)
    return place
