"""Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from core.roles import sync_roles

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; `make test` installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(
    browser: Browser, live_server: Any, transactional_db: None, settings: Any
) -> Iterator[Page]:
    # A live-server test flushes the database when it ends, taking the role
    # groups the data migrations made; put them back before each test.
    sync_roles()
    # Links in emails lead to this live server, as they lead to SITE_URL in production.
    settings.SITE_URL = live_server.url
    # bypass_csp lets the tests inject axe-core; the app's own pages keep their policy.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


# Needs-review results treated as failures: an ARIA reference to an id that is not on the
# page is reported as "incomplete", not as a violation.
AXE_REVIEW_FAILURES = ["aria-valid-attr-value"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.x A and AA rules, best practice, and the experimental
    focus-order-semantics: no tab stop without a role) on the current page. Also fails on
    the needs-review results named in ``AXE_REVIEW_FAILURES``."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async (review) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: [
                    'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'
                ]},
                rules: {'focus-order-semantics': {enabled: true}}
            });
            const flagged = result.incomplete.filter(r => review.includes(r.id));
            return result.violations.concat(flagged).map(v => ({
                id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)
            }));
        }""",
        AXE_REVIEW_FAILURES,
    )


def current_code(key_base32: str) -> str:
    """What an authenticator app shows now for this key."""
    import base64

    from django_otp.oath import totp

    padded = key_base32.replace(" ", "") + "=" * (-len(key_base32.replace(" ", "")) % 8)
    return f"{totp(base64.b32decode(padded)):06d}"


def _recovery_code_for(username: str) -> str:
    """A fresh single-use recovery code for someone who has enrolled (as if printed earlier).

    Used instead of the authenticator's code because the same person may sign in twice in
    one 30-second step, and a TOTP code is never accepted twice."""
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from core.two_factor import RECOVERY

    user = User.objects.get(username=username)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY, defaults={"confirmed": True}
    )
    token = StaticToken.random_token()
    device.token_set.create(token=token)
    return token


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in through the pages, including the real two-factor step where it is asked:
    enrolment (reading the key off the page, as a person types it into their app) or a
    code on the verification page."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/setup/" in page.url:
        key = page.locator("#secret-key code").inner_text()
        page.get_by_label("Security code").fill(current_code(key))
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        page.get_by_role("link", name="I have kept my codes: continue").click()
    elif "/accounts/two-factor/" in page.url:
        page.get_by_label("Security code").fill(_recovery_code_for(username))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
