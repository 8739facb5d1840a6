"""What axe's defaults do not check: registers readable at 1280 px and on a phone, scroll
boxes that are tab stops only when they scroll, with a visible focus, the header menu's
Escape, and pages that ask no other host for anything."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from ccg_governance.demo.people import DEMO_PASSWORD
from meetings.models import Meeting
from tests.browser.conftest import sign_in

PHONE = {"width": 375, "height": 740}


def _contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        values = [int(v) / 255 for v in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_procurement_register_shows_every_column_at_1280_px(page: Page) -> None:
    call_command("seed_demo")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("procurement_register"))
    for heading in ("Summary of conflicts noted", "How the conflicts were managed, and why"):
        key = page.locator("dt", has_text=heading).first
        expect(key).to_be_visible()
        value = key.locator("xpath=following-sibling::dd[1]")
        expect(value).to_contain_text("Dr B. Okafor")
        box = value.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, heading
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_registers_and_the_matrix_stack_as_cards_on_a_phone(page: Page) -> None:
    call_command("seed_demo")
    page.set_viewport_size(PHONE)
    for url in (reverse("published_register"), reverse("gift_published")):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        row = page.locator("table.recuse-stack-table tbody tr").first
        box = row.bounding_box()
        assert box is not None and box["width"] <= PHONE["width"], url
        # Each cell is labelled with its column, on its own line.
        cell = row.locator("td").nth(1)
        label = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert label not in ("none", "normal", '""'), url
    sign_in(page, "secretary", DEMO_PASSWORD)
    meeting = Meeting.objects.get(status="draft", committee__name="Governing Body")
    for url in (
        reverse("recusal_matrix", args=[meeting.pk]),
        reverse("register_full"),
        reverse("gift_register"),
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        scroller = page.locator(".recuse-table-scroll").first
        assert scroller.evaluate("b => b.scrollWidth <= b.clientWidth + 4"), url  # no scrolling


def test_scroll_boxes_are_named_and_tab_stops_only_when_they_scroll(page: Page) -> None:
    call_command("seed_demo")
    sign_in(page, "secretary", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("committee_list"))
    box = page.locator(".recuse-table-scroll").first
    assert box.get_attribute("tabindex") is None  # nothing to scroll: not a tab stop
    page.set_viewport_size({"width": 700, "height": 800})
    page.goto(reverse("audit_trail"))
    box = page.locator(".recuse-table-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    region = page.get_by_role("region", name="Audit events")
    expect(region).to_have_count(1)
    region.focus()
    style = region.evaluate(
        "b => ({shadow: getComputedStyle(b).boxShadow, outline: getComputedStyle(b).outlineColor,"
        " page: getComputedStyle(document.body).backgroundColor})"
    )
    ring = style["shadow"][: style["shadow"].index(")") + 1]
    # The dark ring of the NHS focus style stands out from the page (WCAG 1.4.11: 3:1).
    assert _contrast(ring, style["page"]) >= 3, style
    assert _contrast(style["outline"], ring) >= 3, style


def test_escape_in_the_header_menu_returns_focus_to_its_toggle(page: Page) -> None:
    call_command("seed_demo")
    page.set_viewport_size({"width": 600, "height": 800})
    sign_in(page, "secretary", DEMO_PASSWORD)
    page.goto(reverse("dashboard"))
    toggle = page.locator(".nhsuk-header__menu-toggle")
    expect(toggle).to_be_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.nhsuk-header__menu-list') !== null")
    assert focused, "Tab moves into the open menu"
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.activeElement.classList.contains('nhsuk-header__menu-toggle')")


def test_pages_ask_no_other_host_and_every_asset_is_found(page: Page, live_server: Any) -> None:
    call_command("seed_demo")
    elsewhere: list[str] = []
    missing: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else elsewhere.append(r.url),
    )
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    for url in (reverse("home"), reverse("gift_published"), reverse("published_register")):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert elsewhere == []
    assert missing == []
