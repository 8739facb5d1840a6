"""Month-by-month figures for the year, for the dashboard's charts and their tables."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from compliance.selectors.evidence.types import Period
from compliance.selectors.figures import breaches_by_month
from interests.models import GiftOrHospitality, Interest
from meetings.models import MeetingDeclaration


@dataclass(frozen=True)
class Trend:
    key: str
    title: str
    months: list[tuple[datetime.date, int]]  # the first of each month, and its count

    @property
    def total(self) -> int:
        return sum(n for _, n in self.months)


def _first_days(period: Period) -> list[datetime.date]:
    return [datetime.date(period.year, month, 1) for month in range(1, 13)]


def _by_month(queryset: QuerySet[Any], field: str) -> Counter[datetime.date]:
    counts: Counter[datetime.date] = Counter()
    rows = (
        queryset.annotate(month=TruncMonth(field))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    for month, n in rows:
        first = month.date() if isinstance(month, datetime.datetime) else month
        counts[first] += n
    return counts


def _trend(key: str, title: str, period: Period, counts: Counter[datetime.date]) -> Trend:
    return Trend(key, title, [(m, counts[m]) for m in _first_days(period)])


def monthly_trends(period: Period) -> list[Trend]:
    in_year = {"submitted_at__gte": period.start_at, "submitted_at__lt": period.end_at}
    declared = Interest.objects.declared().filter(**in_year).order_by()
    late = Interest.objects.declared().declared_late().filter(**in_year).order_by()
    at_meetings = (
        MeetingDeclaration.objects.standing()
        .filter(meeting__starts_at__gte=period.start_at, meeting__starts_at__lt=period.end_at)
        .order_by()
    )
    gifts = GiftOrHospitality.objects.filter(
        offered_on__gte=period.start, offered_on__lte=period.end
    ).order_by()
    breaches = Counter({m.month: m.raised for m in breaches_by_month(period.start, period.end)})
    return [
        _trend(
            "declared", "Interests put on the register", period, _by_month(declared, "submitted_at")
        ),
        _trend(
            "late",
            "Interests declared more than 28 days after they began",
            period,
            _by_month(late, "submitted_at"),
        ),
        _trend(
            "meetings",
            "Interests declared at meetings",
            period,
            _by_month(at_meetings, "meeting__starts_at"),
        ),
        _trend("gifts", "Gifts and hospitality offered", period, _by_month(gifts, "offered_on")),
        _trend("breaches", "Breaches and likely breaches raised", period, breaches),
    ]
