"""The compliance dashboard: each figure against planted data, the names behind it, the
charts with their tables, access, and a constant number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.models import Breach
from compliance.selectors.dashboard import compliance_figures
from core.audit import audit_record
from core.models import AuditEvent
from meetings.models import MeetingDeclaration
from tests.compliance.planted import WITHHELD_TEXT, YEAR, Planted, at, plant
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory


@pytest.fixture
def planted(secretary: Any, guardian: Any, auditor: Any) -> Planted:
    return plant(secretary)


def _names(figure: Any) -> set[str]:
    return {b.name for b in figure.behind}


def test_each_figure_counts_the_planted_records(planted: Planted) -> None:
    p = planted
    figures = compliance_figures(YEAR)
    declarations = figures.figure("declarations")
    assert (declarations.value, declarations.out_of) == (3, 4)
    assert {g.group: g.values for g in declarations.groups} == {
        "GP": (3, 2, 1, 1),
        "Lay member": (1, 1, 1, 0),
    }
    assert {b.name: b.detail.split(",")[0] for b in declarations.behind} == {
        p.ayo.full_name: "Confirmed entries are complete and correct",
        p.bell.full_name: "Nil return: nothing to declare",
        p.cole.full_name: "No answer",
        p.dunn.full_name: "Nil return: nothing to declare",
    }
    assert _names(figures.figure("late")) == {p.ayo.full_name}
    assert "73 days" in figures.figure("late").behind[0].detail
    assert _names(figures.figure("review")) == {p.ayo.full_name}
    withheld = figures.figure("withheld")
    assert withheld.value == 1
    assert _names(withheld) == {p.cole.full_name, p.dunn.full_name}
    assert [g.values[0] for g in withheld.groups] == [1, 1, 1, 0]
    assert _names(figures.figure("minutes")) == {p.ayo.full_name}
    assert figures.figure("minutes").value == 1
    papers = figures.figure("papers")
    assert papers.expected_none
    assert [b.name for b in papers.behind] == [p.cole.full_name, p.cole.full_name]
    assert "paper.downloaded" in papers.evidence_sql
    assert _names(figures.figure("panels")) == {p.dunn.full_name}
    gifts = figures.figure("gifts")
    assert gifts.value == 2 and _names(gifts) == {p.ayo.full_name, p.dunn.full_name}
    assert _names(figures.figure("breaches")) == {p.cole.full_name}
    training = figures.figure("training")
    trained = {b.name for b in training.behind if b.detail.startswith("Passed")}
    assert trained == {p.ayo.full_name}
    assert training.value == 1
    assert {p.bell.full_name, p.cole.full_name, p.dunn.full_name} <= _names(training) - trained


def test_trends_month_by_month(planted: Planted) -> None:
    trends = {t.key: t for t in compliance_figures(YEAR).trends}
    assert [n for _, n in trends["gifts"].months] == [0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    assert {m.month: n for m, n in trends["late"].months if n} == {3: 1}
    assert {m.month: n for m, n in trends["breaches"].months if n} == {2: 1, 9: 1}
    assert {m.month: n for m, n in trends["meetings"].months if n} == {10: 1}


def test_the_page_shows_charts_with_their_tables_and_the_drill_down_names(
    client: Any, planted: Planted, guardian: Any
) -> None:
    login(client, guardian)
    page = client.get(reverse("compliance_dashboard"), {"year": YEAR}).content.decode()
    assert page.count('class="app-chart" role="img"') == 5
    assert '<title id="chart-gifts-title">Gifts and hospitality offered</title>' in page
    assert "February 2025: 1" in page  # the chart's description
    assert '<th scope="row" class="nhsuk-table__cell">August 2025</th>' in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>")[0]
    drill = client.get(reverse("compliance_figure", args=["papers"]), {"year": YEAR})
    body = drill.content.decode()
    assert planted.cole.full_name in body and planted.bell.full_name not in body
    assert "How this is checked" in body
    assert AuditEvent.objects.filter(action="compliance_figure.viewed").exists()


def test_only_the_guardian_and_auditors_read_it(
    client: Any, planted: Planted, secretary: Any, auditor: Any
) -> None:
    login(client, secretary)
    assert client.get(reverse("compliance_dashboard")).status_code == 403
    assert client.get(reverse("compliance_figure", args=["late"])).status_code == 403
    login(client, auditor)
    assert client.get(reverse("compliance_dashboard")).status_code == 200
    assert client.get(reverse("compliance_figure", args=["nonsense"])).status_code == 404
    bad_year = client.get(reverse("compliance_dashboard"), {"year": "1066"})
    assert bad_year.status_code == 200
    assert "Choose a year from the list" in bad_year.content.decode()


def test_the_figures_take_the_same_number_of_queries_whatever_the_data(
    client: Any, secretary: Any, guardian: Any
) -> None:
    planted = plant(secretary)
    login(client, guardian)
    url = reverse("compliance_dashboard") + f"?year={YEAR}"
    client.get(url)  # the session's first queries
    with CaptureQueriesContext(connection) as before:
        compliance_figures(YEAR)
    with CaptureQueriesContext(connection) as page_before:
        client.get(url)
    for n in range(6):  # more of every kind of row behind the figures
        member = MemberFactory(user__username=f"more.{n}")
        InterestFactory(
            declarant=member, start_date=datetime.date(2025, 1, 1), submitted_at=at(2025, 6, 1)
        )
        Breach.objects.create(
            rule="other",
            member=member,
            occurred_on=datetime.date(2025, 3, 3),
            what_happened="More",
            how_found="review",
        )
        MeetingDeclaration.objects.create(
            meeting=planted.meeting, member=member, description="More", recorded_by=secretary.user
        )
        audit_record(actor=member.user, action="paper.downloaded", obj=planted.paper)
    with CaptureQueriesContext(connection) as after:
        figures = compliance_figures(YEAR)
    assert len(figures.figure("late").behind) == 7
    assert len(after) == len(before)
    with CaptureQueriesContext(connection) as page_after:
        client.get(url)
    assert len(page_after) == len(page_before)


def test_each_drill_down_lists_the_right_names(client: Any, planted: Planted, auditor: Any) -> None:
    p = planted
    everyone = {p.ayo, p.bell, p.cole, p.dunn}
    behind = {
        "declarations": ("3 of 4 (75%)", everyone),
        "late": ("1", {p.ayo}),
        "review": ("1", {p.ayo}),
        "withheld": ("1", {p.cole, p.dunn}),
        "minutes": ("1", {p.ayo}),
        "papers": ("2", {p.cole}),
        "panels": ("1", {p.dunn}),
        "gifts": ("2", {p.ayo, p.dunn}),
        "breaches": ("1", {p.cole}),
        "training": ("1 of", everyone),
    }
    login(client, auditor)
    dashboard = client.get(reverse("compliance_dashboard"), {"year": YEAR}).content.decode()
    for key, (value, names) in behind.items():
        assert f'data-figure="{key}">\n      <strong>{value}' in dashboard, key
        page = client.get(reverse("compliance_figure", args=[key]), {"year": YEAR})
        body = page.content.decode()
        for member in everyone:
            assert (member.full_name in body) == (member in names), (key, member)
    assert WITHHELD_TEXT not in dashboard
    withheld = client.get(reverse("compliance_figure", args=["withheld"]), {"year": YEAR})
    assert WITHHELD_TEXT not in withheld.content.decode()  # names and dates only
