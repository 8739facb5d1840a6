"""The secretary adds an external evaluator with a login, and the evaluator signs in."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Page, expect

from interests.models import Member
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD


def test_the_secretary_adds_an_external_evaluator_who_then_signs_in(
    page: Page, secretary: Member
) -> None:
    sign_in(page, "p.secretary", PASSWORD)
    page.get_by_role("link", name="People").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    # The login details are revealed only when asked for.
    expect(page.get_by_label("Username")).to_be_hidden()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter their first name")
    assert axe_violations(page) == []

    page.get_by_label("Title (optional)").fill("Dr")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("North")
    page.get_by_label("Job title").fill("Clinical evaluator, out-of-hours lot")
    page.get_by_label("GP", exact=True).check()
    page.get_by_label("Email address (optional)").fill("nia.north@southfield.nhs.uk")
    page.get_by_label("Organisation they come from (optional)").fill("Southfield CCG")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Give them a login").check()
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Secretary")).to_be_disabled()
    expect(page.get_by_label("Member", exact=True)).to_be_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add the person").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Nia North")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "An invitation to sign in has been sent to nia.north@southfield.nhs.uk"
    )
    expect(page.locator(".nhsuk-summary-list").first).to_contain_text("Southfield CCG")
    expect(page.get_by_role("button", name="Resend the invitation")).to_be_visible()
    assert axe_violations(page) == []

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+/", str(mail.outbox[0].body))
    assert link
    page.get_by_role("button", name="Log out").click()
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill("southfield-evaluator-2026")
    page.get_by_label("New password confirmation").fill("southfield-evaluator-2026")
    page.get_by_role("button", name="Save new password").click()
    sign_in(page, "nia.north", "southfield-evaluator-2026")
    expect(page.locator("header")).to_contain_text("Dr Nia North")
