"""Two-factor sign-in in a real browser: each privileged role is held at enrolment until it
sets up an authenticator; then a code is asked at every sign-in. Members are not asked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, current_code
from tests.interests.factories import PASSWORD


def _password_only(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def _sign_out(page: Page) -> None:
    page.context.clear_cookies()


def test_the_named_roles_are_held_until_they_enrol(
    page: Page, secretary: Any, chair: Any, guardian: Any, auditor: Any
) -> None:
    User.objects.create_superuser("root", "root@example.nhs.uk", PASSWORD)
    for username in ("p.secretary", "p.chair", "p.guardian", "p.auditor", "root"):
        _password_only(page, username)
        expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
        for path in ("/dashboard/", "/registers/interests/", "/audit/", "/admin/"):
            page.goto(path)
            expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
        _sign_out(page)


def test_enrolment_then_a_code_at_every_sign_in(page: Page, guardian: Any) -> None:
    _password_only(page, "p.guardian")
    expect(page.get_by_role("img", name="QR code to add Recuse")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("link", name="The code is not right")).to_be_visible()
    assert axe_violations(page) == []

    key = page.locator("#secret-key code").inner_text()
    page.get_by_label("Security code").fill(current_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page) == []
    page.get_by_role("link", name="I have kept my codes: continue").click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()

    _sign_out(page)
    _password_only(page, "p.guardian")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/registers/interests/")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Security code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Full register of interests")).to_be_visible()


def test_a_member_signs_in_with_a_password_alone(page: Page, federation_gp: Any) -> None:
    _password_only(page, "p.fedgp")
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
