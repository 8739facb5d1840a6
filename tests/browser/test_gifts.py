"""A GP records a gift in a real browser: the guidance updates as they type (htmx)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from playwright.sync_api import Page, expect

from core.roles import ROLE_PERMISSIONS
from interests.models import GiftOrHospitality, Member
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD


@pytest.fixture
def role_groups(page: Page) -> None:
    """Make sure the role groups exist before the personas join them.

    The groups come from data migrations. In a full run, once a live-server
    test has flushed the database after ordinary ``db`` tests, they are not
    restored (see the report on tests/browser/conftest.py), so recreate them.
    """
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = Q(pk__in=[])
        for code in codes:
            app_label, codename = code.split(".", 1)
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


def test_a_gp_sees_live_guidance_and_records_a_declined_voucher(
    page: Page, federation_gp: Member, secretary: Member
) -> None:
    sign_in(page, "p.fedgp", PASSWORD)
    page.goto("/gifts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a gift or hospitality")
    guidance = page.locator("#gift-guidance")
    expect(guidance).to_contain_text("Answer the questions above")
    assert axe_violations(page) == []

    page.get_by_label("Gift", exact=True).check()
    page.get_by_label("Estimated value in pounds").fill("£80")
    expect(guidance).to_contain_text(
        "Gifts worth more than £50 may only be accepted on behalf of the organisation"
    )
    page.get_by_label("Estimated value in pounds").fill("30")
    expect(guidance).to_contain_text("Gifts worth £50 or less need not be declared.")

    page.locator("input[name=offerer_is_supplier][value=no]").check()
    page.locator("input[name=is_cash_or_voucher][value=yes]").check()
    expect(guidance).to_contain_text("Cash and vouchers must always be declined.")
    assert axe_violations(page) == []

    page.get_by_label("What was offered").fill("High-street shopping voucher")
    page.get_by_label("Offered by", exact=True).fill("Acme Medical Ltd")
    today = datetime.date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("alert")).to_contain_text("Cash and vouchers must always be declined.")
    assert axe_violations(page) == []

    page.get_by_label("Declined").check()
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gift offered")
    gift: Any = GiftOrHospitality.objects.get()
    assert gift.outcome == "declined"
    assert axe_violations(page) == []

    page.goto("/gifts/")
    expect(page.get_by_role("table")).to_contain_text("High-street shopping voucher")
    assert axe_violations(page) == []

    page.goto("/gifts/published/")
    expect(page.get_by_role("table")).to_contain_text("High-street shopping voucher")
    assert axe_violations(page) == []


def test_the_full_register_has_no_accessibility_violations(
    page: Page, role_groups: None, secretary: Member, federation_gp: Member
) -> None:
    GiftOrHospitality.objects.create(
        recipient=federation_gp,
        kind="hospitality",
        description="Dinner after the federation's annual meeting",
        offered_by_name="Northfield GP Federation",
        estimated_value=40,
        offered_on=datetime.date.today(),
        outcome="accepted",
    )
    sign_in(page, "p.secretary", PASSWORD)
    page.goto("/gifts/register/")
    expect(page.get_by_role("table")).to_contain_text("Dinner after the federation")
    assert axe_violations(page) == []
    page.get_by_text("Filter and search").click()
    page.get_by_label("Search").fill("dinner")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 entry")).to_be_visible()
    assert axe_violations(page) == []


def test_the_offered_by_search_box_suggests_organisations_and_links_the_one_chosen(
    page: Page, federation_gp: Member
) -> None:
    """A search box with suggestions instead of a select of every organisation (ADR 0027)."""
    from tests.interests.factories import OrganisationFactory

    riverside = OrganisationFactory(name="Riverside Surgery", ods_code="A81001")
    for number in range(30):
        OrganisationFactory(name=f"Practice {number:02d}")
    sign_in(page, "p.fedgp", PASSWORD)
    page.goto("/gifts/new/")
    box = page.get_by_label("Offered by", exact=True)
    expect(box).to_have_attribute("list", "organisation-suggestions")
    assert page.locator("select option", has_text="Practice 01").count() == 0
    box.press_sequentially("River", delay=30)
    options = page.locator("#organisation-suggestions option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Riverside Surgery (A81001)")
    assert axe_violations(page) == []

    box.fill("Riverside Surgery (A81001)")
    page.get_by_label("Gift", exact=True).check()
    page.get_by_label("Estimated value in pounds").fill("20")
    page.locator("input[name=offerer_is_supplier][value=no]").check()
    page.locator("input[name=is_cash_or_voucher][value=no]").check()
    page.get_by_label("What was offered").fill("A box of chocolates")
    today = datetime.date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gift offered")
    gift: Any = GiftOrHospitality.objects.get()
    assert gift.offered_by_organisation == riverside and gift.offered_by_name == ""
    assert axe_violations(page) == []
