"""The chain pictures in a real browser: on the recusal matrix and the organisation page,
named and described for screen readers, with the text chain beside them, passing axe."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD
from tests.meetings.conftest import Story, pdf, story  # noqa: F401


def test_the_chain_and_the_network_are_drawn(page: Page, story: Story) -> None:  # noqa: F811
    sign_in(page, "p.secretary", PASSWORD)
    page.goto(f"/meetings/{story.meeting.pk}/matrix/")
    page.locator("summary", has_text="Dr A. Patel is conflicted").first.click()
    picture = page.get_by_role("img", name="Why Dr A. Patel is conflicted")
    expect(picture).to_be_visible()
    expect(picture.locator("desc")).to_contain_text(
        "Dr A. Patel is a partner in Riverside Surgery, a member of Northfield GP Federation"
    )
    assert axe_violations(page) == []

    # The item's decision page for one conflicted person.
    page.goto(
        reverse("conflict_decision", args=[story.meeting.pk, story.award_item.pk, story.chair.pk])
    )
    expect(page.get_by_role("img", name="Why Dr A. Patel is conflicted")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/organisations/{story.federation.pk}/")
    network = page.get_by_role("img", name="The network around Northfield GP Federation")
    expect(network).to_be_visible()
    expect(network).to_contain_text("Riverside Surgery")
    expect(page.get_by_role("table").first).to_contain_text("Riverside Surgery")
    assert axe_violations(page) == []
