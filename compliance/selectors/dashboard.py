"""The compliance dashboard for the Conflicts Guardian and auditors: every figure the
statutory guidance asks them to check, for one year, each with the names behind it, and
the year month by month. The annual attestation and the audit pack read the same figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from compliance.selectors.evidence import meetings, registers
from compliance.selectors.evidence.trends import Trend, monthly_trends
from compliance.selectors.evidence.types import Behind, Figure, Period, day
from compliance.selectors.figures import open_breaches

VIEW_DASHBOARD = "compliance.view_compliance_dashboard"
FIRST_YEAR = 2000


def breaches_open() -> Figure:
    found = list(open_breaches().select_related("member").order_by("occurred_on", "pk"))
    return Figure(
        "breaches",
        "Open breaches",
        len(found),
        hint="Awaiting the Guardian's review, or confirmed with no action recorded yet.",
        behind_heading="Open breaches",
        behind=[
            Behind(
                b.member.full_name if b.member else "Nobody in particular",
                f"{b.reference}, {day(b.occurred_on)}: {b.get_rule_display()} "
                f"({b.get_status_display()})",
                b.get_status_display(),
                b.member_id,
            )
            for b in found
        ],
    )


@dataclass(frozen=True)
class ComplianceFigures:
    period: Period
    figures: list[Figure]
    trends: list[Trend]

    def figure(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise Http404("No such figure")


def compliance_figures(
    year: int, *, today: datetime.date | None = None, trends: bool = True
) -> ComplianceFigures:
    """Every figure for the year, in a fixed number of queries whatever the data."""
    today = today or timezone.localdate()
    period = Period(year)
    figures = [
        registers.annual_declarations(period),
        registers.late_declarations(period),
        registers.awaiting_review(),
        registers.withheld_entries(period),
        meetings.minutes_lacking_decisions(period),
        meetings.papers_to_conflicted(period),
        meetings.panels_missing_declarations(period),
        registers.gifts_over_thresholds(period),
        breaches_open(),
        registers.training(period, today),
    ]
    return ComplianceFigures(period, figures, monthly_trends(period) if trends else [])


def year_choices(today: datetime.date | None = None) -> list[int]:
    """This year and the six before it: records are kept six years."""
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - 7, -1))
