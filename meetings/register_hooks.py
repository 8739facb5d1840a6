"""What meetings plug into the register's hooks (interests.hooks), registered in apps.py.

The register never imports meetings. Through these it tells meetings, inside its
own transaction, that an interest, the network or a person changed (so verdicts
and paper and minute permissions are recomputed at once), asks meetings to end a
leaver's committee places, and shows the committee places people hold.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django.utils import timezone

from interests.hooks import Page, PersonSection, PlaceEnded
from interests.models import Interest, Member
from meetings import recusal_sync
from meetings.models import Attendance, Committee, CommitteeMembership, ReserveMember
from meetings.services.committees import membership_add, membership_end


class MeetingsListener:
    """interests.hooks.RegisterListener for meetings."""

    def interest_changed(self, interest: Interest) -> None:
        recusal_sync.interest_changed(interest)

    def network_changed(self, organisation_ids: Collection[int] | None) -> None:
        recusal_sync.network_changed(organisation_ids)

    def member_changed(self, member: Member) -> None:
        recusal_sync.member_changed(member)

    def member_leaving(
        self, *, actor: Any, member: Member, left_on: datetime.date
    ) -> Sequence[PlaceEnded]:
        memberships = list(
            CommitteeMembership.objects.filter(member=member, end_date__isnull=True)
            .select_related("committee")
            .order_by("committee__name")
        )
        for membership in memberships:
            # A place due to start after they left never took effect: end it on its first day.
            end = max(left_on, membership.start_date) if membership.start_date else left_on
            membership_end(actor=actor, membership=membership, end_date=end)
        return [PlaceEnded("committee", m.committee.name) for m in memberships]


def committee_place_label(membership: CommitteeMembership) -> str:
    if membership.role == CommitteeMembership.Role.MEMBER:
        return membership.committee.name
    return f"{membership.committee.name} ({membership.get_role_display().lower()})"


class CommitteePlaces:
    """interests.hooks.CommitteeDirectory: who sits on which committee."""

    def places(self, member_ids: Collection[int], day: datetime.date) -> Mapping[int, list[str]]:
        memberships = (
            CommitteeMembership.objects.current_on(day)
            .filter(member_id__in=list(member_ids))
            .select_related("committee")
            .order_by("committee__name")
        )
        places: dict[int, list[str]] = defaultdict(list)
        for membership in memberships:
            places[membership.member_id].append(committee_place_label(membership))
        return places

    def choices(self) -> Sequence[tuple[int, str]]:
        return list(Committee.objects.order_by("name").values_list("pk", "name"))

    def member_ids(self, committee_id: int) -> Collection[int]:
        return CommitteeMembership.objects.filter(committee_id=committee_id).values_list(
            "member_id", flat=True
        )

    def place_add(
        self, *, actor: Any, member: Member, committee_id: int, role: str, start_date: datetime.date
    ) -> bool:
        committee = Committee.objects.get(pk=committee_id)
        if CommitteeMembership.objects.filter(
            committee=committee, member=member, end_date__isnull=True
        ).exists():
            return False
        membership_add(
            actor=actor,
            committee=committee,
            member=member,
            role=role,
            is_voting=True,
            start_date=start_date,
        )
        return True


def person_section(member: Member, page: Page) -> PersonSection | None:
    """interests.hooks.PersonSectionProvider: committee places, and a leaver's meetings."""
    if page == "leave":
        upcoming = list(
            Attendance.objects.filter(
                member=member, apologies=False, meeting__starts_at__gte=timezone.now()
            )
            .select_related("meeting__committee")
            .order_by("meeting__starts_at")
        )
        return PersonSection(
            "meetings/people/_upcoming_meetings.html", {"upcoming_attendances": upcoming}
        )
    today = timezone.localdate()
    memberships = sorted(
        CommitteeMembership.objects.filter(member=member).select_related("committee"),
        key=lambda m: (
            m.end_date is not None and m.end_date < today,
            m.committee.name,
            -(m.start_date or datetime.date.min).toordinal(),
        ),
    )
    reserve = list(ReserveMember.objects.filter(member=member).select_related("committee"))
    return PersonSection(
        "meetings/people/_committee_places.html",
        {"member": member, "memberships": memberships, "reserve_places": reserve},
    )
