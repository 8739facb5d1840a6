"""Build the whole data set in dependency order, reporting how long each part took."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django.contrib.auth.models import Group, User
from django.db import connection, transaction

from ccg_governance.scale.audit import build_audit_trail
from ccg_governance.scale.meetings import build_committees, build_meetings
from ccg_governance.scale.organisations import build_network
from ccg_governance.scale.people import build_people, give_logins
from ccg_governance.scale.procurements import build_procurements
from ccg_governance.scale.register import build_gifts, build_interests
from ccg_governance.scale.sizes import Sizes
from core.roles import Role
from meetings.models import Meeting
from meetings.services.access import SYNC_BATCH, meetings_access_sync

Report = Callable[[str, float], None]
T = TypeVar("T")


def _timed(report: Report, label: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    report(label, time.perf_counter() - started)
    return result


def seed_scale(*, sizes: Sizes, seed: int, report: Report) -> None:
    rng = random.Random(seed)  # nosec B311: reproducible benchmark data, not a secret
    with transaction.atomic():
        secretary = User.objects.create(username="scale.secretary", is_active=True)
        secretary.set_unusable_password()
        secretary.save()
        secretary.groups.add(Group.objects.get(name=Role.SECRETARY.value))
        network = _timed(
            report, "organisations and network", partial(build_network, rng, sizes.organisations)
        )
        members = _timed(report, "people", partial(build_people, rng, sizes.people))
        _timed(
            report,
            "register entries",
            partial(build_interests, rng, members, network, sizes.interests),
        )
        _timed(
            report,
            "gifts and hospitality",
            partial(build_gifts, rng, members, network, sizes.gifts),
        )
        committees = build_committees(rng, members, sizes.committees)
        seated = {m.pk: m for seats in committees.members_of.values() for m in seats}
        _timed(report, "logins for committee members", partial(give_logins, list(seated.values())))
        _timed(
            report,
            "meetings, attendance and agendas",
            partial(build_meetings, rng, committees, network, sizes.meetings),
        )
        _timed(
            report,
            "procurements, lots and bids",
            partial(build_procurements, rng, committees, network, sizes.procurements, secretary),
        )
    _timed(report, "paper and minute permissions", _sync_access)
    actor_ids = list(User.objects.values_list("pk", flat=True)[:500])
    _timed(report, "audit trail", partial(build_audit_trail, rng, sizes.audit_rows, actor_ids))
    _timed(report, "statistics for the planner", _analyze)


def _analyze() -> None:
    """After a bulk load PostgreSQL has no statistics until autovacuum gets round to it, and
    plans sequential scans meanwhile (15-80 ms a query at this size): gather them now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _sync_access() -> None:
    meetings = list(Meeting.objects.select_related("committee").order_by("pk"))
    for start in range(0, len(meetings), SYNC_BATCH):
        meetings_access_sync(meetings=meetings[start : start + SYNC_BATCH])
