from django.core.management import call_command
from playwright.sync_api import expect

from ccg_governance.demo.people import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in


def test_demo_secretary_signs_in_and_sees_the_dashboard(page):
    call_command("seed_demo")
    sign_in(page, "secretary", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("banner")).to_contain_text("Ms Sarah Bennett")
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("Audit trail")


def test_login_and_home_pages_have_no_accessibility_violations(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Conflicts of interest")
    assert axe_violations(page) == []
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert axe_violations(page) == []


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
