"""The secretary builds an agenda and reads the recusal matrix in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from meetings.models import AgendaItem, Paper
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD

# The meetings tests' seed story, made available to this folder's tests.
from tests.meetings.conftest import PDF_BYTES, Story, story  # noqa: F401


def test_the_secretary_builds_an_agenda_and_sees_the_matrix(
    page: Page,
    story: Story,  # noqa: F811
) -> None:
    sign_in(page, "p.secretary", PASSWORD)
    page.goto(f"/meetings/{story.meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Governing Body")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add an item").click()
    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the item's title")
    assert axe_violations(page) == []
    page.get_by_label("Title", exact=True).fill("Federation estates strategy")
    page.get_by_label("Discussion").check()
    page.get_by_label("Part I (open)").check()
    page.get_by_label("Add an organisation").fill("Northfield GP Federation")
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("button", name="Remove Northfield GP Federation")).to_be_visible()
    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Item 3 has been saved")
    item = AgendaItem.objects.get(title="Federation estates strategy")

    page.get_by_role("link", name="Upload a paper for item 3").click()
    page.get_by_label("Title of the paper").fill("Estates options")
    page.get_by_label("File").set_input_files(
        {"name": "options.pdf", "mimeType": "text/plain", "buffer": b"not a pdf at all"}
    )
    page.get_by_role("button", name="Upload the paper").click()
    expect(page.locator("#id_file-error")).to_contain_text("The selected file must be a PDF")
    assert axe_violations(page) == []
    page.get_by_label("File").set_input_files(
        {"name": "options.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Upload the paper").click()
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("Estates options")
    assert Paper.objects.filter(item=item, title="Estates options").exists()

    page.get_by_role("link", name="Recusal matrix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recusal matrix")
    region = page.get_by_role("table", name="Conflicts of each person on each item")
    expect(region).to_be_visible()
    chain = page.get_by_text("Dr B. Okafor —financial (partner)→ Hillview Medical Centre").first
    expect(chain).to_be_hidden()
    page.locator("details > summary").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details[open] .recuse-chain").first).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/meetings/{story.meeting.pk}/conduct/")
    assert axe_violations(page) == []
    page.goto(f"/meetings/{story.meeting.pk}/pack/")
    assert axe_violations(page) == []
