"""Breach figures for the compliance dashboard and the annual audit pack: month by month,
by rule and by outcome, each with the breaches behind it."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from compliance.models import Breach


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date  # its first day
    raised: int  # detected or reported in the month (by when the breach happened)
    breaches: int  # of those, confirmed by the Guardian
    not_breaches: int  # of those, dismissed
    awaiting_review: int


def breaches_by_month(start: datetime.date, end: datetime.date) -> list[MonthFigures]:
    """Every month from ``start`` to ``end`` (inclusive, empty months too), by the month the
    breach happened, with its outcome so far."""
    counts: Counter[tuple[datetime.date, str]] = Counter()
    rows = (
        Breach.objects.filter(occurred_on__gte=start.replace(day=1), occurred_on__lte=end)
        .annotate(month=TruncMonth("occurred_on"))
        .values_list("month", "status")
        .annotate(n=Count("pk"))
    )
    for month, status, n in rows:
        day = month.date() if isinstance(month, datetime.datetime) else month
        counts[(day, status)] += n
    figures = []
    for month in _months(start, end):
        confirmed = counts[(month, Breach.Status.BREACH)]
        dismissed = counts[(month, Breach.Status.NOT_A_BREACH)]
        waiting = counts[(month, Breach.Status.AWAITING_REVIEW)]
        figures.append(
            MonthFigures(month, confirmed + dismissed + waiting, confirmed, dismissed, waiting)
        )
    return figures


def breaches_by_rule(start: datetime.date, end: datetime.date) -> dict[str, dict[str, int]]:
    """rule -> status -> count, for breaches that happened between the two days."""
    result: dict[str, dict[str, int]] = {}
    rows = (
        Breach.objects.filter(occurred_on__gte=start, occurred_on__lte=end)
        .values_list("rule", "status")
        .annotate(n=Count("pk"))
    )
    for rule, status, n in rows:
        result.setdefault(rule, {})[status] = n
    return result


def breaches_in(
    start: datetime.date, end: datetime.date, *, status: str = "", rule: str = ""
) -> QuerySet[Breach]:
    """The breaches behind a figure: the drill-down."""
    found = Breach.objects.filter(occurred_on__gte=start, occurred_on__lte=end).select_related(
        "member"
    )
    if status:
        found = found.filter(status=status)
    if rule:
        found = found.filter(rule=rule)
    return found.order_by("occurred_on", "pk")


def open_breaches() -> QuerySet[Breach]:
    """Awaiting review, or confirmed with no action recorded yet."""
    return Breach.objects.filter(status=Breach.Status.AWAITING_REVIEW) | Breach.objects.filter(
        status=Breach.Status.BREACH, action_taken=""
    )
