"""The secretary imports an existing register of interests in a real browser."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from interests.models import Interest, Member, Organisation
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD

DATA = Path(__file__).parents[1] / "interests" / "data"
SCREENSHOTS = os.environ.get("RECUSE_SCREENSHOTS")


def _snap(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_the_secretary_maps_previews_and_imports_a_register(
    page: Page,
    secretary: Member,
    chair: Member,
    federation_gp: Member,
    guardian: Member,
    tmp_path: Path,
) -> None:
    Organisation.objects.create(name="Riverside Surgery", ods_code="A81001")
    Organisation.objects.create(name="Northfield GP Federation", ods_code="Y01234")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Name,Type of interest,Description,Organisation,Date from\n"
        "Dr Nobody,Financial,<script>alert(1)</script>,Acme,31/02/2024\n"
        "Dr Anita Patel,Financial,Partner,Riverside Surgery,01/04/2015\n",
        encoding="utf-8",
    )
    sign_in(page, "p.secretary", PASSWORD)

    page.goto("/registers/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a register of interests")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the file to import")
    _snap(page, "1-upload-error")
    assert axe_violations(page) == []

    page.get_by_label("Register file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Name")
    _snap(page, "2-columns")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continue to the preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_role("table")).to_contain_text("No member is called “Dr Nobody”")
    expect(page.get_by_role("table")).to_contain_text("<script>alert(1)</script>")
    # With rows in error, the secretary chooses: all or nothing (the default), or the valid
    # rows now. All or nothing is refused and imports nothing.
    choice = page.get_by_role("group", name="What should happen to the rows with errors?")
    expect(choice.get_by_label("Import nothing until every row is correct")).to_be_checked()
    _snap(page, "3-preview-errors")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("nothing has been imported")
    assert not Interest.objects.filter(source=Interest.Source.IMPORT).exists()

    page.goto("/registers/import/")
    page.get_by_label("Register file").set_input_files(str(DATA / "register.csv"))
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("button", name="Continue to the preview").click()
    expect(page.locator(".nhsuk-summary-list").first).to_contain_text("5")
    _snap(page, "4-preview")
    page.get_by_role("button", name="Import 5 entries").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Register imported")
    expect(page.get_by_role("link", name="Go to the full register of interests")).to_be_visible()
    _snap(page, "5-result")
    assert axe_violations(page) == []
    assert Interest.objects.filter(source=Interest.Source.IMPORT).count() == 5
