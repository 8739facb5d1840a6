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
def page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    # A live-server test flushes the database when it ends, taking the role
    # groups the data migrations made; put them back before each test.
    sync_roles()
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


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
