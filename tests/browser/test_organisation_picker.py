"""The agenda item's organisation picker in a real browser: suggestions as the secretary
types (htmx filling a datalist), several organisations added and removed, and axe passing at
every step, with the national practice file's number of organisations on the list."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from interests.models import Organisation
from meetings.models import AgendaItem
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD

# The meetings tests' seed story, made available to this folder's tests.
from tests.meetings.conftest import Story, story  # noqa: F401


def test_the_item_picker_suggests_adds_and_removes_organisations_and_passes_axe(
    page: Page,
    story: Story,  # noqa: F811
) -> None:
    Organisation.objects.bulk_create(
        Organisation(name=f"Practice {n:05d}", ods_code=f"Z{n:05d}", kind="gp_practice")
        for n in range(14_100)
    )
    sign_in(page, "p.secretary", PASSWORD)
    page.goto(f"/meetings/{story.meeting.pk}/items/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an agenda item")
    expect(page.locator("text=Practice 00001")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_label("Title", exact=True).fill("Practice estates")
    page.get_by_label("Discussion").check()
    page.get_by_label("Part I (open)").check()
    search = page.get_by_label("Add an organisation")
    search.press_sequentially("Practice 0123")
    expect(page.locator("#item-organisation-suggestions option")).to_have_count(10)
    assert axe_violations(page) == []
    search.fill("Practice 01234 (Z01234)")
    search.press("Enter")  # the search box's own button: Add organisation
    expect(page.get_by_role("button", name="Remove Practice 01234 (Z01234)")).to_be_visible()
    expect(search).to_have_value("")
    assert axe_violations(page) == []

    search.fill("northfield")
    page.get_by_role("button", name="Add organisation", exact=True).click()
    expect(page.locator("#organisation-choices")).to_contain_text("More than one organisation")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add Northfield GP Federation").click()
    page.get_by_role(
        "button", name="Add organisation", exact=True
    ).click()  # empty box: a hint, no change
    search.fill("Northfield Community Trust")
    page.get_by_role("button", name="Add organisation", exact=True).click()
    page.get_by_role("button", name="Remove Northfield Community Trust").click()
    expect(page.get_by_role("button", name="Remove Northfield GP Federation")).to_be_visible()
    expect(page.get_by_role("button", name="Remove Northfield Community Trust")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("has been saved")
    item = AgendaItem.objects.get(title="Practice estates")
    assert sorted(item.affected_organisations.values_list("name", flat=True)) == [
        "Northfield GP Federation",
        "Practice 01234",
    ]
