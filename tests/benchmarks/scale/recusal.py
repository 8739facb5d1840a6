"""The engine at 10, 40 and 160 items, and recomputing after one declaration."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from interests.models import Member, Organisation
from interests.services.declarations import Publication, interest_declare
from interests.services.organisations import organisation_relationship_add
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    ItemMinutes,
    Meeting,
)
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services.access import (
    meetings_affecting,
    meetings_concerning,
    meetings_from_today,
    member_access_sync,
)
from tests.benchmarks.scale.results import Results
from tests.benchmarks.scale.timing import timed

ATTENDEES = 25


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    """Build what a measurement needs, measure, and leave the database as it was."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _meeting(rng: random.Random, items: int) -> Meeting:
    committee = Committee.objects.order_by("pk").first()
    assert committee is not None, "run seed_scale first"
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    people = list(Member.objects.filter(user__isnull=False, is_active=True).order_by("pk"))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=m) for m in rng.sample(people, ATTENDEES)
    )
    organisations = list(
        Organisation.objects.exclude(kind="gp_practice").values_list("pk", flat=True)
    )
    rows = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=f"Item {n}", part="I" if n % 3 else "II")
        for n in range(1, items + 1)
    )
    through = AgendaItem.affected_organisations.through
    through.objects.bulk_create(
        through(agendaitem_id=item.pk, organisation_id=org)
        for item in rows
        for org in rng.sample(organisations, 3)
    )
    ItemMinutes.objects.bulk_create(ItemMinutes(item=item) for item in rows)
    return meeting


def bench_engine(results: Results) -> None:
    rng = random.Random(40)
    timings = {}
    for items in (10, 40, 160):
        with rolled_back():
            meeting = _meeting(rng, items)
            timing = timed(lambda m=meeting: meeting_assessment(m), repeat=9)
        timings[items] = timing
        results.figure(
            "recusal",
            f"one meeting, {items} items x {ATTENDEES} attendees",
            f"{timing.median_ms:.1f} ms median ({timing.cpu_ms:.1f} ms CPU), "
            f"{timing.queries} queries",
        )
    results.aim("recusal 40x25: median", 50, timings[40].median_ms, "ms")
    # Process time: the part of the median the machine's load barely moves.
    results.aim("recusal 40x25: CPU (process time)", 50, timings[40].cpu_ms, "ms")
    results.aim("recusal 40x25: queries", 15, timings[40].queries, "queries")
    per_item = [timings[n].median_ms / n for n in (10, 40, 160)]
    results.aim(
        "recusal: time per item at 160 items / at 40 (linear or better)",
        1.0,
        per_item[2] / per_item[1],
        "ratio",
    )


def _member_on_five_committees() -> Member:
    """A member sitting on five committees, with thirty meetings to come between them, and
    already holding the papers those meetings give them (as the services would have left)."""
    today = timezone.localdate()
    member = Member.objects.filter(user__isnull=False, is_active=True).order_by("-pk").first()
    assert member is not None
    committees = list(Committee.objects.order_by("pk")[:5])
    for committee in committees:
        CommitteeMembership.objects.get_or_create(
            committee=committee, member=member, defaults={"start_date": datetime.date(2020, 1, 1)}
        )
    future = Meeting.objects.filter(committee__in=committees, starts_at__date__gte=today)
    missing = 30 - future.count()
    for n in range(max(0, missing)):
        Meeting.objects.create(
            committee=committees[n % 5],
            starts_at=timezone.now() + datetime.timedelta(days=7 * (n + 1)),
        )
    member_access_sync(member=member, meetings=meetings_concerning(member))
    return member


def bench_declaration(results: Results) -> None:
    organisation = Organisation.objects.filter(kind="gp_federation").order_by("pk").first()
    assert organisation is not None
    durations = []
    cpu = []
    queries = 0
    for _ in range(3):
        with rolled_back():
            member = _member_on_five_committees()
            timing = timed(
                lambda m=member: interest_declare(
                    member=m,
                    actor=m.user,
                    confirmed_complete=True,
                    acknowledged_duty=True,
                    publication=Publication(consent=True),
                    fields={
                        "category": "financial",
                        "organisation": organisation,
                        "organisation_name": "",
                        "nature": "director",
                        "description": "Director of the federation",
                        "start_date": datetime.date(2024, 4, 1),
                    },
                ),
                repeat=1,
                warm_up=0,
            )
            durations.append(timing.median_ms)
            cpu.append(timing.cpu_ms)
            queries = timing.queries
    durations.sort()
    cpu.sort()
    results.figure(
        "recompute",
        "one declaration, member on 5 committees with 30 future meetings",
        f"{durations[1]:.0f} ms median ({cpu[1]:.0f} ms CPU), {queries} queries",
    )
    results.aim("recompute after one declaration", 500, durations[1], "ms")
    bench_network_change(results)


def _practice_joining() -> tuple[Organisation, Organisation]:
    """A practice with no federation yet, and the federation with the most future meetings
    deciding about it (or its member PCNs) that the practice will join."""
    federation = (
        Organisation.objects.filter(kind="gp_federation")
        .annotate(
            items=Count(
                "agenda_items",
                filter=Q(agenda_items__meeting__starts_at__gte=timezone.now()),
            )
        )
        .order_by("-items", "pk")
        .first()
    )
    practice = (
        Organisation.objects.filter(kind="gp_practice", relationships_out__isnull=True)
        .order_by("pk")
        .first()
    ) or Organisation.objects.filter(kind="gp_practice").order_by("-pk").first()
    assert federation is not None and practice is not None
    return practice, federation


def bench_network_change(results: Results) -> None:
    """A practice joins a federation: only the meetings from today on with an item the
    federation (or what it shares in) is affected by are re-checked, in the transaction."""
    secretary = User.objects.get(username="scale.secretary")
    durations = []
    cpu = []
    queries = 0
    for _ in range(3):
        with rolled_back():
            practice, federation = _practice_joining()
            meetings = len(meetings_affecting({practice.pk, federation.pk}))
            timing = timed(
                lambda p=practice, f=federation: organisation_relationship_add(
                    actor=secretary,
                    source=p,
                    target=f,
                    kind="member_of",
                    start_date=datetime.date(2024, 4, 1),
                ),
                repeat=1,
                warm_up=0,
            )
            durations.append(timing.median_ms)
            cpu.append(timing.cpu_ms)
            queries = timing.queries
    durations.sort()
    cpu.sort()
    everything = meetings_from_today().count()
    results.figure(
        "recompute",
        "a practice joins a federation (network change)",
        f"{durations[1]:.0f} ms median ({cpu[1]:.0f} ms CPU), {queries} queries, "
        f"{meetings} of {everything} future meetings re-checked",
    )
    results.aim("recompute after a network change", 500, durations[1], "ms")
