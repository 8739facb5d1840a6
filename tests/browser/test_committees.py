"""The secretary sets up a committee in a real browser, and every screen passes axe."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from interests.models import Member
from meetings.models import Committee, CommitteeMembership
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD, MemberFactory


def test_the_secretary_sets_up_a_committee(page: Page, secretary: Member) -> None:
    MemberFactory(title="Dr", first_name="Grace", last_name="Hill")
    MemberFactory(title="Mrs", first_name="Jo", last_name="Lay", professional_role="lay")
    MemberFactory(first_name="Nia", last_name="North", affiliation="Southfield CCG")
    Committee.objects.create(name="Audit Committee", quorum_minimum_voting=2)
    sign_in(page, "p.secretary", PASSWORD)

    page.goto("/committees/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Committees")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add a committee").click()
    page.get_by_role("button", name="Add the committee").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the committee's name")
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Governing Body")
    page.get_by_label("Minimum voting members present").fill("4")
    page.get_by_role("button", name="Add the committee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Governing Body")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Change the quorum rule").click()
    page.get_by_label("GP: minimum present").fill("1")
    page.get_by_label("Lay member: minimum present").fill("1")
    page.get_by_role("button", name="Save the quorum").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text(
        "At least 4 voting members, including 1 GP and 1 lay member"
    )

    page.get_by_role("link", name="Add a member").click()
    assert axe_violations(page) == []
    page.get_by_label("Person").select_option(label="Dr Grace Hill, GP member, GP")
    page.get_by_label("Chair", exact=True).check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Add the member").click()
    expect(page.get_by_role("table").first).to_contain_text("Dr Grace Hill")
    expect(page.get_by_role("table").first).to_contain_text("1 April 2024")
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Person").select_option(label="Mrs Jo Lay, GP member, Lay member")
    page.get_by_label("Chair", exact=True).check()
    page.get_by_role("button", name="Add the member").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("already has a chair")
    assert axe_violations(page) == []

    page.goto("/committees/")
    page.get_by_role("link", name="Governing Body").click()
    page.get_by_role("link", name="End membership of Dr Grace Hill").click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2023")
    page.get_by_role("button", name="End the membership").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("must be on or after")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Add to the reserve list").click()
    page.get_by_label("Person").select_option(label="Dr Nia North, GP member, GP, Southfield CCG")
    page.get_by_label("Note").fill("GP from Southfield CCG")
    page.get_by_role("button", name="Add to the reserve list").click()
    expect(page.get_by_role("main")).to_contain_text("GP from Southfield CCG")

    page.get_by_role("link", name="Change the committees items may be referred to").click()
    assert axe_violations(page) == []
    page.get_by_label("Audit Committee").check()
    page.get_by_role("button", name="Save referral committees").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Audit Committee")
    assert axe_violations(page) == []

    body = Committee.objects.get(name="Governing Body")
    assert [c.name for c in body.referral_committees.all()] == ["Audit Committee"]
    assert CommitteeMembership.objects.get(committee=body).role == "chair"
