"""Committees with quorum rules and reserves, and their meetings over four years, with agendas."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from ccg_governance.scale.organisations import Network
from interests.models import Member
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    ItemMinutes,
    Meeting,
    QuorumRoleRequirement,
    ReserveMember,
)

NAMES = [
    "Governing Body",
    "Primary Care Commissioning Committee",
    "Audit Committee",
    "Quality and Performance Committee",
    "Finance Committee",
    "Remuneration Committee",
]
TITLES = [
    "Finance report",
    "Quality and safety report",
    "Contract award",
    "Service specification",
    "Risk register",
    "Estates plan",
    "Out-of-hours service review",
    "Extended access",
    "Community services",
    "Workforce plan",
]


@dataclass
class Committees:
    committees: list[Committee]
    members_of: dict[int, list[Member]]


def build_committees(rng: random.Random, members: list[Member], count: int) -> Committees:
    decision_makers = [m for m in members if m.is_decision_maker and m.is_active] or members
    committees = [
        Committee(
            name=NAMES[n] if n < len(NAMES) else f"Committee {n + 1}",
            quorum_minimum_voting=4,
        )
        for n in range(count)
    ]
    Committee.objects.bulk_create(committees)
    memberships, requirements, reserves = [], [], []
    members_of: dict[int, list[Member]] = {}
    for committee in committees:
        seats = rng.sample(decision_makers, min(len(decision_makers), rng.randrange(8, 16)))
        members_of[committee.pk] = seats
        for n, member in enumerate(seats):
            role = CommitteeMembership.Role.MEMBER
            if n == 0:
                role = CommitteeMembership.Role.CHAIR
            elif n == 1:
                role = CommitteeMembership.Role.VICE_CHAIR
            memberships.append(
                CommitteeMembership(
                    committee=committee,
                    member=member,
                    role=role,
                    start_date=datetime.date(2020, 4, 1),
                )
            )
        requirements.append(
            QuorumRoleRequirement(committee=committee, professional_role="lay", minimum=1)
        )
        reserves += [
            ReserveMember(committee=committee, member=member)
            for member in rng.sample(decision_makers, min(3, len(decision_makers)))
            if member not in seats
        ]
    CommitteeMembership.objects.bulk_create(memberships, batch_size=5000)
    QuorumRoleRequirement.objects.bulk_create(requirements)
    ReserveMember.objects.bulk_create(reserves, ignore_conflicts=True)
    return Committees(committees, members_of)


def _status(starts_at: datetime.datetime, now: datetime.datetime) -> str:
    if starts_at < now:
        return Meeting.Status.MINUTES_APPROVED
    if starts_at < now + datetime.timedelta(days=21):
        return Meeting.Status.AGENDA_PUBLISHED
    return Meeting.Status.DRAFT


def build_meetings(
    rng: random.Random, committees: Committees, network: Network, count: int
) -> list[Meeting]:
    now = timezone.now()
    first = now - datetime.timedelta(days=3 * 365)
    span = datetime.timedelta(days=4 * 365)
    meetings = []
    for n in range(count):
        committee = committees.committees[n % len(committees.committees)]
        starts_at = (first + span * (n / count)).replace(hour=10, minute=0, second=0)
        status = _status(starts_at, now)
        meetings.append(
            Meeting(
                committee=committee,
                starts_at=starts_at,
                status=status,
                agenda_published_at=starts_at - datetime.timedelta(days=7)
                if status != Meeting.Status.DRAFT
                else None,
                minutes_approved_at=starts_at + datetime.timedelta(days=14)
                if status == Meeting.Status.MINUTES_APPROVED
                else None,
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, member=member, apologies=rng.random() < 0.1)
            for meeting in meetings
            for member in committees.members_of[meeting.committee_id]
        ],
        batch_size=5000,
    )
    _build_items(rng, meetings, network)
    return meetings


def _build_items(rng: random.Random, meetings: list[Meeting], network: Network) -> None:
    items = []
    for meeting in meetings:
        total = rng.randrange(20, 41)
        part_two_from = round(total * 0.7)
        for position in range(1, total + 1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=f"{rng.choice(TITLES)} ({position})",
                    purpose=rng.choice(AgendaItem.Purpose.values),
                    part=AgendaItem.Part.OPEN
                    if position <= part_two_from
                    else AgendaItem.Part.CONFIDENTIAL,
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    ItemMinutes.objects.bulk_create([ItemMinutes(item=item) for item in items], batch_size=5000)
    affected = AgendaItem.affected_organisations.through
    targets = network.federations + network.providers + network.pcns
    links = []
    for item in items:
        for organisation in rng.sample(targets, min(len(targets), rng.randrange(0, 4))):
            links.append(affected(agendaitem_id=item.pk, organisation_id=organisation.pk))
    affected.objects.bulk_create(links, batch_size=10000)
