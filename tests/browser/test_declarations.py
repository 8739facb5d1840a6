"""A GP declares an interest from start to finish, by keyboard and mouse, with axe-core on every page."""

from playwright.sync_api import expect

from interests.models import Interest
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD, OrganisationFactory


def test_a_gp_declares_an_interest_start_to_finish(page, federation_gp):
    OrganisationFactory(name="Riverside Surgery", ods_code="Y01234")
    sign_in(page, "p.fedgp", PASSWORD)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My declarations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My declarations")
    expect(page.get_by_text("Nothing to declare?")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Declare an interest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declare an interest")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Submit declaration").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Select what kind of interest it is")
    expect(summary).to_contain_text("Enter the organisation the interest is in")
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Select what kind of interest it is").click()
    kind = page.get_by_role("group", name="What kind of interest is it?")
    expect(kind.get_by_label("Financial", exact=True)).to_be_focused()

    kind.get_by_label("Financial", exact=True).check()
    organisation = page.get_by_label("Organisation", exact=True)
    organisation.fill("Rivers")
    expect(page.locator("#organisation-suggestions option")).to_have_count(1)
    organisation.fill("Riverside Surgery (Y01234)")
    page.get_by_label("Your (or their) role or relationship with the organisation").select_option(
        "partner"
    )
    page.get_by_label("Describe the interest").fill(
        "Partner in the practice, a member of the federation"
    )
    page.get_by_role("group", name="When did it start?").get_by_label("Day").fill("1")
    page.get_by_role("group", name="When did it start?").get_by_label("Month").fill("4")
    page.get_by_role("group", name="When did it start?").get_by_label("Year").fill("2019")
    page.get_by_label("I confirm the information I have given is complete and correct").check()
    page.get_by_label(
        "I understand I must update my declaration within 28 days of any change"
    ).check()
    page.get_by_role("button", name="Submit declaration").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Interest in Riverside Surgery")
    expect(page.get_by_role("alert")).to_contain_text("added to the register")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Financial, direct")
    assert axe_violations(page) == []

    interest = Interest.objects.get()
    assert interest.status == Interest.Status.SUBMITTED
    assert interest.organisation.ods_code == "Y01234"

    page.goto("/register/")
    expect(page.get_by_role("table")).to_contain_text("Riverside Surgery")
    assert axe_violations(page) == []
