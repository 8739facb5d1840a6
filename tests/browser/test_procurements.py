"""The secretary builds a conflict-free evaluation panel in a real browser."""

from __future__ import annotations

import datetime
from decimal import Decimal

from playwright.sync_api import Page, expect

from meetings.services.conduct import conflict_decision_record
from procurements.models import PanelMember
from procurements.services.awards import award_record
from procurements.services.documents import lot_document_upload
from procurements.services.panels import evaluator_add
from procurements.services.procurements import procurement_stage_move
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD

# The meetings tests' seed story, made available to this folder's tests.
from tests.meetings.conftest import Story, pdf, story  # noqa: F401

CHAIR_CHAIN = (
    "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ Northfield GP Federation "
    "—bidder on→ Lot 2 Out-of-hours"
)


def test_the_secretary_builds_a_panel_of_clear_evaluators(
    page: Page,
    story: Story,  # noqa: F811
) -> None:
    procurement = story.lot.procurement
    sign_in(page, "p.secretary", PASSWORD)
    page.goto("/procurements/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Community and out-of-hours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community and out-of-hours")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Build the panel for Lot 2 Out-of-hours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Evaluation panel for Lot 2 Out-of-hours"
    )
    assert axe_violations(page) == []

    # The conflicted GP is shown as refused, with the chain behind "Why", and no button.
    chair_row = page.locator(f"#candidate-{story.chair.pk}")
    expect(chair_row).to_contain_text("Conflicted")
    expect(chair_row).to_contain_text("Cannot evaluate this lot")
    expect(chair_row.get_by_role("button")).to_have_count(0)
    chain = chair_row.get_by_text(CHAIR_CHAIN)
    expect(chain).to_be_hidden()
    chair_row.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(chain).to_be_visible()
    assert axe_violations(page) == []

    # The single-handed GP is clear and joins the panel.
    clarke_row = page.locator(f"#candidate-{story.single_gp.pk}")
    expect(clarke_row).to_contain_text("Clear")
    clarke_row.get_by_role("button", name="Add Dr Emma Clarke to panel").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Dr Emma Clarke has been added to the panel for Lot 2 Out-of-hours"
    )
    panel = page.get_by_role("table", name="Evaluators on the panel for Lot 2 Out-of-hours")
    expect(panel).to_contain_text("Dr Emma Clarke")
    expect(panel).to_contain_text("Awaiting declaration")
    assert axe_violations(page) == []

    # An external evaluator from Southfield CCG, found by searching.
    page.get_by_label("Search by name or organisation").fill("Southfield")
    page.get_by_role("button", name="Search").click()
    north_row = page.locator(f"#candidate-{story.reserve_gp.pk}")
    expect(north_row).to_contain_text("External")
    expect(north_row).to_contain_text("Southfield CCG")
    expect(page.locator(f"#candidate-{story.chair.pk}")).to_have_count(0)
    assert axe_violations(page) == []
    north_row.get_by_role("button", name="Add Dr Nia North to panel").click()
    expect(panel).to_contain_text("Dr Nia North")
    expect(panel).to_contain_text("Southfield CCG")
    assert axe_violations(page) == []

    assert set(PanelMember.objects.filter(lot=story.lot).values_list("member_id", flat=True)) == {
        story.single_gp.pk,
        story.reserve_gp.pk,
    }

    page.goto(f"/procurements/{procurement.pk}/")
    expect(page.locator(f"#lot-{story.lot.pk}")).to_contain_text("Dr Nia North")
    assert axe_violations(page) == []


def test_an_external_evaluator_signs_and_the_other_pages_are_accessible(
    page: Page,
    story: Story,  # noqa: F811
) -> None:
    procurement = story.lot.procurement
    bid = story.lot.bids.first()
    lot_document_upload(
        actor=story.secretary.user,
        lot=story.lot,
        kind="bid",
        title="Trust bid",
        upload=pdf(),
        bid=bid,
    )
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.reserve_gp)

    sign_in(page, "s.reserve", PASSWORD)
    page.goto("/procurements/evaluations/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Lot 2 Out-of-hours").click()
    expect(page.get_by_role("link", name="Trust bid")).to_have_count(0)
    page.get_by_role("button", name="Sign my declaration").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose whether you have an interest in a bidder"
    )
    assert axe_violations(page) == []
    page.get_by_label("I have no interest in any organisation bidding for this lot").check()
    page.get_by_role("button", name="Sign my declaration").click()
    expect(page.get_by_role("link", name="Trust bid")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/procurements/{procurement.pk}/")
    assert axe_violations(page) == []
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CLEAR

    page.context.clear_cookies()
    sign_in(page, "p.secretary", PASSWORD)
    for url in (
        "/procurements/new/",
        f"/procurements/{procurement.pk}/lots/new/",
        f"/procurements/{procurement.pk}/lots/{story.lot.pk}/bids/new/",
        f"/procurements/{procurement.pk}/lots/{story.lot.pk}/documents/new/",
        f"/procurements/{procurement.pk}/lots/{story.lot.pk}/award/",
        f"/procurements/{procurement.pk}/lots/{story.lot.pk}/panel/{place.pk}/remove/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
        page.locator("main form[method=post] button[type=submit]").last.click()
        expect(page.locator(".nhsuk-error-summary")).to_be_visible()
        assert axe_violations(page) == [], f"{url} with errors"

    for stage in ("selection", "invitation", "evaluation", "award"):
        procurement = procurement_stage_move(
            actor=story.secretary.user, procurement=procurement, to=stage
        )
    conflict_decision_record(
        actor=story.secretary.user, item=story.award_item, member=story.chair, action=2
    )
    award_record(
        actor=story.secretary.user,
        lot=story.lot,
        bid=story.lot.bids.get(organisation=story.trust),
        decided_on=datetime.date(2026, 3, 17),
        how_decided="Governing Body: vote in Part II",
        contract_value=Decimal("6650000"),
        agenda_item=story.award_item,
    )
    for url in ("/procurements/register/", "/procurement-register/"):
        page.goto(url)
        expect(page.get_by_role("region", name="Out-of-hours")).to_contain_text(
            "Dr A. Patel is a partner in Riverside Surgery, a member of Northfield GP "
            "Federation, which bids for Lot 2 Out-of-hours."
        )
        assert axe_violations(page) == [], url
