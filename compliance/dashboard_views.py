"""The compliance dashboard for the Conflicts Guardian and auditors: the year's figures,
month-by-month charts with their tables, and the names behind each figure.

Every page checks ``compliance.view_compliance_dashboard`` (403 otherwise) and is written
to the audit trail: the drill-downs name people.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from compliance.annual_forms import YearForm
from compliance.selectors.dashboard import VIEW_DASHBOARD, compliance_figures
from core.audit_views import logged_view
from core.charts import Bar, bar_chart


def _chart_bars(months: list[tuple[datetime.date, int]]) -> list[Bar]:
    return [Bar(f"{m:%b}", n, f"{m:%B %Y}") for m, n in months]


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
@logged_view("compliance_dashboard.viewed")
def compliance_dashboard(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    figures = compliance_figures(form.chosen_year())
    charts = [
        (
            trend,
            bar_chart(
                chart_id=f"chart-{trend.key}", title=trend.title, bars=_chart_bars(trend.months)
            ),
        )
        for trend in figures.trends
    ]
    return render(
        request,
        "compliance/dashboard.html",
        {"form": form, "figures": figures, "charts": charts, "year": figures.period.year},
    )


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
@logged_view("compliance_figure.viewed")
def compliance_figure(request: HttpRequest, key: str) -> HttpResponse:
    form = YearForm(request.GET or None)
    figures = compliance_figures(form.chosen_year(), trends=False)
    return render(
        request,
        "compliance/figure.html",
        {"form": form, "figure": figures.figure(key), "year": figures.period.year},
    )
