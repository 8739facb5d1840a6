"""The secretary imports organisations and records a relationship in a real browser."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from interests.models import Interest, Member, Organisation, OrganisationRelationship
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD


def test_the_secretary_imports_organisations_and_links_the_network(
    page: Page, secretary: Member, federation_gp: Member, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind,ods_code,member_of\nRiverside Surgery,Surgery,B82005,\n")
    good = tmp_path / "organisations.csv"
    good.write_text(
        "name,kind,ods_code,member_of\n"
        "Riverside Surgery,GP practice,B82005,Northfield GP Federation\n"
        "Northfield GP Federation,GP federation,,\n"
        "Hill Top Surgery,GP practice,B82099,\n"
    )
    Interest.objects.create(
        declarant=federation_gp,
        category="financial",
        organisation_name="hill top surgery ",
        nature="partner",
        description="Partner",
        start_date="2020-04-01",
        status="submitted",
    )
    sign_in(page, "p.secretary", PASSWORD)

    page.goto("/organisations/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import organisations")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the CSV file to import")
    assert axe_violations(page) == []

    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_label("Simple list (name, kind, ods_code, member_of)").check()
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview: bad.csv")
    expect(page.get_by_role("table")).to_contain_text("the kind “Surgery” is not one of")
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    assert axe_violations(page) == []

    page.goto("/organisations/import/")
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_label("Simple list (name, kind, ods_code, member_of)").check()
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("3 to create")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imported: organisations.csv")
    assert Organisation.objects.count() == 3
    assert axe_violations(page) == []

    page.goto("/organisations/?q=surgery")
    expect(page.get_by_role("table")).to_contain_text("Hill Top Surgery")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Riverside Surgery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Surgery")
    expect(page.locator("table").first).to_contain_text("Northfield GP Federation")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add a relationship").click()
    expect(page.get_by_label("Organisation", exact=True)).to_have_value(
        "Riverside Surgery (B82005)"
    )
    assert axe_violations(page) == []
    page.get_by_label("partner in").check()
    page.get_by_label("Of this organisation").fill("Riverside Surgery")
    page.get_by_role("button", name="Add the relationship").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "An organisation cannot be related to itself"
    )
    assert axe_violations(page) == []
    page.get_by_label("Of this organisation").fill("Northfield GP Federation")
    page.locator("#id_start_date_0").fill("1")
    page.locator("#id_start_date_1").fill("4")
    page.locator("#id_start_date_2").fill("2021")
    page.get_by_role("button", name="Add the relationship").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Surgery")
    assert OrganisationRelationship.objects.filter(kind="partner_in").count() == 1

    page.goto("/organisations/unlinked-names/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Link hill top surgery").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("hill top surgery")
    assert axe_violations(page) == []
    page.get_by_label("Organisation", exact=True).fill("B82099")
    page.get_by_role("button", name="Link the entries", exact=True).click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "1 register entry linked to Hill Top Surgery"
    )
    assert Interest.objects.get().organisation == Organisation.objects.get(ods_code="B82099")
