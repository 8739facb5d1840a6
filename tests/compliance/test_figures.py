"""The breach figures the compliance dashboard and the audit pack read: month by month
(empty months included), by rule and outcome, and the breaches behind each figure."""

from __future__ import annotations

import datetime
from typing import Any

from compliance.models import Breach
from compliance.selectors.figures import (
    breaches_by_month,
    breaches_by_rule,
    breaches_in,
    open_breaches,
)


def _breach(on: datetime.date, status: str, rule: str = "other", **fields: Any) -> Breach:
    return Breach.objects.create(
        rule=rule,
        occurred_on=on,
        what_happened="Planted",
        how_found="review",
        status=status,
        **fields,
    )


def test_breaches_month_by_month_with_their_outcomes(db: Any) -> None:
    _breach(datetime.date(2026, 1, 3), "breach", "late_declaration", action_taken="Reminded")
    _breach(datetime.date(2026, 1, 30), "not_a_breach", "late_declaration")
    _breach(datetime.date(2026, 3, 1), "awaiting_review", "gift_unapproved")
    _breach(datetime.date(2025, 12, 31), "breach")  # before the period
    months = breaches_by_month(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert [
        (m.month.month, m.raised, m.breaches, m.not_breaches, m.awaiting_review) for m in months
    ] == [(1, 2, 1, 1, 0), (2, 0, 0, 0, 0), (3, 1, 0, 0, 1)]
    by_rule = breaches_by_rule(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert by_rule == {
        "late_declaration": {"breach": 1, "not_a_breach": 1},
        "gift_unapproved": {"awaiting_review": 1},
    }
    behind = breaches_in(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), status="breach")
    assert [b.occurred_on for b in behind] == [datetime.date(2026, 1, 3)]
    # Open: awaiting review, or a breach with no action recorded yet.
    assert {b.occurred_on for b in open_breaches()} == {
        datetime.date(2026, 3, 1),
        datetime.date(2025, 12, 31),
    }
