"""The recusal engine on a large register: 40 items x 25 attendees, 10,000 interests, 2,000 organisations."""

from __future__ import annotations

import datetime
import random

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from interests.models import Interest, Member, Organisation, OrganisationRelationship
from meetings.models import AgendaItem, Attendance, Committee, ItemMinutes, Meeting
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services.access import meeting_access_sync
from procurements.models import AgendaItemLot, Bid, Lot, Procurement
from tests.benchmarks.conftest import measure

ORGANISATIONS = 2_000
PEOPLE = 2_000
INTERESTS = 10_000
ITEMS = 40
ATTENDEES = 25


def _build_register(rng: random.Random) -> tuple[list[Organisation], list[Member]]:
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {n:04d}", kind="gp_practice" if n >= 100 else "gp_federation"
        )
        for n in range(ORGANISATIONS)
    )
    federations, practices = organisations[:100], organisations[100:]
    edges = [
        OrganisationRelationship(source=p, target=rng.choice(federations), kind="member_of")
        for p in practices
    ]
    edges += [
        OrganisationRelationship(source=f, target=rng.choice(federations[:10]), kind="partner_in")
        for f in federations[10:]
    ]
    OrganisationRelationship.objects.bulk_create(edges)
    users = User.objects.bulk_create(User(username=f"bench{n}") for n in range(PEOPLE))
    members = Member.objects.bulk_create(
        Member(
            user=u,
            first_name="Bench",
            last_name=f"Person {n}",
            job_title="Member",
            professional_role=rng.choice(["gp", "gp", "lay", "nurse", "manager"]),
        )
        for n, u in enumerate(users)
    )
    now = timezone.now()
    Interest.objects.bulk_create(
        Interest(
            declarant=members[n % PEOPLE],
            category=rng.choice(["financial", "non_financial_personal"]),
            organisation=rng.choice(organisations),
            nature="partner",
            description="Bench",
            start_date=datetime.date(2015, 1, 1),
            status="submitted",
            submitted_at=now,
        )
        for n in range(INTERESTS)
    )
    return organisations, members


def _build_meeting(
    rng: random.Random, organisations: list[Organisation], members: list[Member]
) -> Meeting:
    committee = Committee.objects.create(name="Bench committee", quorum_minimum_voting=8)
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=m) for m in members[:ATTENDEES]
    )
    procurement = Procurement.objects.create(reference="BENCH", title="Bench")
    lots = [
        Lot.objects.create(procurement=procurement, number=n, title=f"Lot {n}") for n in range(1, 6)
    ]
    for lot in lots:
        Bid.objects.bulk_create(
            Bid(lot=lot, organisation=o) for o in rng.sample(organisations[:100], 3)
        )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=f"Item {n}",
            purpose="decision",
            part="I" if n <= 30 else "II",
        )
        for n in range(1, ITEMS + 1)
    )
    AgendaItemLot.objects.bulk_create(
        AgendaItemLot(item=item, lot=lots[item.position % 5])
        for item in items
        if item.position % 4 == 0
    )
    for item in items:
        item.affected_organisations.set(rng.sample(organisations, 3))
    ItemMinutes.objects.bulk_create(ItemMinutes(item=item) for item in items)
    return meeting


@pytest.mark.django_db
def test_bench_meeting_assessment_on_a_large_register() -> None:
    rng = random.Random(2026)
    organisations, members = _build_register(rng)
    meeting = _build_meeting(rng, organisations, members)
    assessment = meeting_assessment(meeting)
    conflicts = len(assessment.conflicts())
    print(
        f"\n{ITEMS} items x {ATTENDEES} attendees, {INTERESTS} interests, "
        f"{ORGANISATIONS} organisations: {conflicts} conflicted (person, item) pairs"
    )
    measure("meeting assessment (facts + engine)", lambda: meeting_assessment(meeting))
    measure("paper and minute permission sync", lambda: meeting_access_sync(meeting=meeting))
