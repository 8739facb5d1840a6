"""The conflict forecast for the demo's out-of-hours re-procurement, before any bid, in a
real browser: it says what the engine says once the bids are entered."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from playwright.sync_api import Page, expect

from ccg_governance.demo.people import DEMO_PASSWORD
from ccg_governance.demo.procurements import REPROCUREMENT
from meetings.models import AgendaItem
from meetings.selectors.recusal_facts import meeting_assessment
from procurements.item_lots import meetings_deciding_lot_sync
from procurements.models import Bid, Lot
from tests.browser.conftest import axe_violations, sign_in


def test_the_forecast_before_any_bid_matches_the_engine_after(page: Page, live_server: Any) -> None:
    call_command("seed_demo")
    lot = Lot.objects.get(procurement__reference=REPROCUREMENT, number=2)
    # Before any bid: the demo's bids for the out-of-hours lot are not in yet.
    bids = {b.pk: b.status for b in Bid.objects.filter(lot=lot)}
    Bid.objects.filter(lot=lot).update(status=Bid.Status.WITHDRAWN)
    meetings_deciding_lot_sync(lot)
    award = AgendaItem.objects.get(
        title="Award of the out-of-hours contract", meeting__status="draft"
    )

    sign_in(page, "secretary", DEMO_PASSWORD)
    page.goto(f"/procurements/{lot.procurement_id}/")
    page.get_by_role("link", name="Forecast conflicts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conflict forecast")
    assert axe_violations(page) == []
    page.get_by_label("Organisations that may bid").select_option(
        label=["Northfield GP Federation", "Northfield Community Health NHS Trust"]
    )
    page.get_by_role("button", name="Show the forecast").click()
    summary = "If Northfield GP Federation bids, 4 of 5 GPs leave; quorum holds only with 1 reserve"
    expect(page.get_by_text(summary).first).to_be_visible()
    # The last scenario: both bid, as they will.
    table = page.locator(f"table[data-forecast-item='{award.pk}']").last
    expect(table).to_contain_text(
        "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ "
        "Northfield GP Federation —bidder on→ Lot 2 Out-of-hours"
    )
    forecast_ids = {
        int(x)
        for x in table.locator("tr[data-person]").evaluate_all(
            "rows => rows.map(r => r.dataset.person)"
        )
    }
    assert axe_violations(page) == []

    # The bids arrive.
    for pk, status in bids.items():
        Bid.objects.filter(pk=pk).update(status=status)
    meetings_deciding_lot_sync(lot)
    assessment = meeting_assessment(award.meeting)
    engine_ids = {v.person_id for v in assessment.conflicts() if v.item_id == award.pk}
    present = {a.member_id for a in award.meeting.attendances.filter(apologies=False)}
    assert forecast_ids == engine_ids & present
    assert len(forecast_ids) >= 4
