"""What the committee set-up screens show: the list, one committee, and its quorum rule in words."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from interests.models import Member
from meetings.access import meetings_for_user
from meetings.models import (
    Committee,
    CommitteeMembership,
    Meeting,
    QuorumRoleRequirement,
    ReserveMember,
)

# Singular and plural, as the rule reads in a sentence ("including 1 GP and 2 lay members").
ROLE_WORDS: dict[str, tuple[str, str]] = {
    Member.ProfessionalRole.GP: ("GP", "GPs"),
    Member.ProfessionalRole.NURSE: ("nurse", "nurses"),
    Member.ProfessionalRole.LAY: ("lay member", "lay members"),
    Member.ProfessionalRole.MANAGER: ("manager", "managers"),
    Member.ProfessionalRole.SECONDARY_CARE: (
        "secondary care doctor",
        "secondary care doctors",
    ),
    Member.ProfessionalRole.OTHER: (
        "member of another profession",
        "members of another profession",
    ),
}
ROLE_ORDER = [value for value, _label in Member.ProfessionalRole.choices]


def _count(number: int, words: tuple[str, str]) -> str:
    return f"{number} {words[0] if number == 1 else words[1]}"


def _join(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def quorum_rule_text(minimum_voting: int, role_minimums: Iterable[tuple[str, int]]) -> str:
    """E.g. "At least 4 voting members, including 1 GP and 1 lay member"."""
    wanted = {role: minimum for role, minimum in role_minimums if minimum > 0}
    text = f"At least {_count(minimum_voting, ('voting member', 'voting members'))}"
    parts = [
        _count(wanted[role], ROLE_WORDS.get(role, (role, role)))
        for role in sorted(wanted, key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else 99)
    ]
    return f"{text}, including {_join(parts)}" if parts else text


def committee_quorum_text(committee: Committee) -> str:
    """The rule in words; uses ``role_requirements`` prefetched where the caller has it."""
    return quorum_rule_text(
        committee.quorum_minimum_voting,
        ((r.professional_role, r.minimum) for r in committee.role_requirements.all()),
    )


def role_minimums(committee: Committee) -> dict[str, int]:
    """Every professional role with its minimum (0 for no requirement)."""
    current = {r.professional_role: r.minimum for r in committee.role_requirements.all()}
    return {role: current.get(role, 0) for role in ROLE_ORDER}


def committee_name_taken(name: str, *, exclude: Committee | None = None) -> bool:
    """Another committee already has this name, whatever its capitals or spacing."""
    others = Committee.objects.filter(name__iexact=" ".join(name.split()))
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _not_ended(day: datetime.date) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gte=day)


@dataclass(frozen=True)
class CommitteeRow:
    committee: Committee
    voting_members: int
    quorum: str
    chair: Member | None
    vice_chair: Member | None


def _office_holder(memberships: Iterable[CommitteeMembership], role: str) -> Member | None:
    return next((m.member for m in memberships if m.role == role), None)


def committee_list() -> list[CommitteeRow]:
    """Every committee with its current voting members, quorum rule and officers.

    A fixed number of queries, however many committees there are.
    """
    today = timezone.localdate()
    officers = (
        CommitteeMembership.objects.current_on(today)
        .filter(role__in=[CommitteeMembership.Role.CHAIR, CommitteeMembership.Role.VICE_CHAIR])
        .select_related("member")
    )
    current_voting = Q(memberships__is_voting=True) & (
        Q(memberships__start_date__isnull=True) | Q(memberships__start_date__lte=today)
    )
    current_voting &= Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    committees = Committee.objects.annotate(
        voting_members=Count("memberships", filter=current_voting, distinct=True)
    ).prefetch_related(
        "role_requirements", Prefetch("memberships", queryset=officers, to_attr="officers")
    )
    return [
        CommitteeRow(
            committee=committee,
            voting_members=committee.voting_members,
            quorum=committee_quorum_text(committee),
            chair=_office_holder(committee.officers, CommitteeMembership.Role.CHAIR),
            vice_chair=_office_holder(committee.officers, CommitteeMembership.Role.VICE_CHAIR),
        )
        for committee in committees
    ]


@dataclass(frozen=True)
class CommitteeDetail:
    committee: Committee
    quorum: str
    current_members: list[CommitteeMembership]
    past_members: list[CommitteeMembership]
    voting_members: int
    reserve: list[ReserveMember]
    referral_committees: list[Committee]
    meetings: list[Meeting]
    today: datetime.date


def committee_detail(committee: Committee, user: Any) -> CommitteeDetail:
    """Members, quorum, reserve list, referrals, and the meetings ``user`` may see."""
    today = timezone.localdate()
    memberships = list(
        CommitteeMembership.objects.filter(committee=committee)
        .select_related("member")
        .order_by("member__last_name", "member__first_name", "start_date", "pk")
    )
    role_rank = {role: rank for rank, role in enumerate(CommitteeMembership.Role.values)}
    current = sorted(
        (m for m in memberships if m.end_date is None or m.end_date >= today),
        key=lambda m: role_rank[m.role],
    )
    past = sorted(
        (m for m in memberships if m.end_date is not None and m.end_date < today),
        key=lambda m: m.end_date or today,
        reverse=True,
    )
    voting = sum(
        1 for m in current if m.is_voting and (m.start_date is None or m.start_date <= today)
    )
    return CommitteeDetail(
        committee=committee,
        quorum=committee_quorum_text(committee),
        current_members=current,
        past_members=past,
        voting_members=voting,
        reserve=list(ReserveMember.objects.filter(committee=committee).select_related("member")),
        referral_committees=list(committee.referral_committees.order_by("name")),
        # Meetings are scoped through the one access helper, like every meeting list.
        meetings=list(meetings_for_user(user).filter(committee=committee)),
        today=today,
    )


def active_members() -> QuerySet[Member]:
    """The people who may be chosen for a committee or its reserve list."""
    return Member.objects.filter(is_active=True).order_by("last_name", "first_name")


def referral_choices(committee: Committee) -> QuerySet[Committee]:
    """Other active committees, and any inactive one already chosen (so it can be unticked)."""
    chosen = committee.referral_committees.values("pk")
    return (
        Committee.objects.exclude(pk=committee.pk)
        .filter(Q(is_active=True) | Q(pk__in=chosen))
        .order_by("name")
    )


def requirements_total(committee: Committee) -> int:
    return sum(
        QuorumRoleRequirement.objects.filter(committee=committee).values_list("minimum", flat=True)
    )
