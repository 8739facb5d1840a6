"""Meeting day in a real browser: a whole meeting from the chair's screen to the published
minutes, the screen's height on the demo meeting, a tablet, and no JavaScript at all."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from ccg_governance.demo.people import DEMO_PASSWORD
from meetings.models import AgendaItem, ConflictDecision, Meeting
from meetings.services.meetings import meeting_publish_agenda
from tests.browser.conftest import axe_violations, sign_in
from tests.interests.factories import PASSWORD

# The meetings tests' seed story, made available to this folder's tests.
from tests.meetings.conftest import Story, start_meeting, story  # noqa: F401

WIDE = {"width": 1280, "height": 800}


def _region_swapped_in_place(page: Page) -> None:
    """Mark the document: a full page load would lose the mark, an htmx swap keeps it."""
    page.evaluate("window.__stillHere = true")


def _still_in_place(page: Page) -> bool:
    return bool(page.evaluate("window.__stillHere === true"))


def test_a_whole_meeting_from_the_chairs_screen_to_the_published_minutes(
    page: Page,
    story: Story,  # noqa: F811
) -> None:
    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    start_meeting(story)
    page.set_viewport_size(WIDE)
    sign_in(page, "s.vice", PASSWORD)
    page.goto(f"/meetings/{story.meeting.pk}/conduct/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the meeting")
    assert axe_violations(page) == []

    # Under "declarations of interest", the nurse declares a shareholding for item 2.
    page.get_by_text("Record a declaration made at the meeting").click()
    page.get_by_label("Who is declaring").select_option(str(story.nurse.pk))
    page.get_by_label("Agenda item (optional)").select_option(str(story.open_item.pk))
    page.get_by_label("Organisation", exact=True).fill("Northfield Urgent Care Ltd")
    page.get_by_role("group", name="What kind of interest is it?").get_by_label(
        "Financial", exact=True
    ).check()
    page.get_by_label("Their role or relationship with the organisation").select_option(
        label="Shareholder"
    )
    page.get_by_label("What was declared").fill("Holds shares in Northfield Urgent Care Ltd")
    page.get_by_role("button", name="Record the declaration").click()
    current = page.locator(".recuse-current-item")
    expect(current).to_contain_text("Item 2: Finance report")
    expect(current).to_contain_text(
        "Declared at the meeting: Holds shares in Northfield Urgent Care Ltd."
    )
    current.get_by_role("button", name="Accept: noted; takes full part (Mrs S. Wright)").click()
    expect(page.locator("#conduct-status")).to_contain_text(
        "The decision on Mrs Susan Wright's conflict on item 2 has been recorded."
    )

    # The award: both open conflicts decided in one action, saved in place.
    page.get_by_role("link", name="Item 3: Award of the out-of-hours contract", exact=True).click()
    expect(current).to_contain_text("Accept the suggested action for all 2 open conflicts")
    _region_swapped_in_place(page)
    current.get_by_role(
        "button", name="Accept the suggested action for all 2 open conflicts"
    ).click()
    expect(page.locator("#conduct-status")).to_contain_text(
        "The suggested action has been recorded for 2 people on item 3"
    )
    assert _still_in_place(page), "the page was reloaded instead of saved in place"
    assert ConflictDecision.objects.filter(item=story.award_item).count() == 2
    expect(page.locator("#nav-item-" + str(story.award_item.pk))).to_contain_text("All 2 decided")

    # Dr Okafor goes out, and comes back.
    current.get_by_role("button", name="Left now: Dr B. Okafor").click()
    expect(page.locator("#conduct-status")).to_contain_text("Dr Ben Okafor left the room at")
    current.get_by_role("button", name="Returned now: Dr B. Okafor").click()
    expect(page.locator("#conduct-status")).to_contain_text("Dr Ben Okafor returned at")
    assert _still_in_place(page)
    decision = ConflictDecision.objects.get(item=story.award_item, member=story.fed_gp)
    assert decision.left_at is not None and decision.returned_at is not None
    left, back = f"{decision.left_at:%H:%M}", f"{decision.returned_at:%H:%M}"
    expect(current).to_contain_text(f"Left {left}, returned {back}")
    assert axe_violations(page) == []

    # The meeting is held; approval shows what goes public and asks for confirmation.
    page.get_by_role("button", name="Mark as held").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("marked as held")
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the minutes")
    expect(page.get_by_text("Approval cannot be undone")).to_be_visible()
    preview = page.get_by_role("region", name="Part I minutes (public)")
    expect(preview).to_contain_text("Item 3: Confidential item (Part II)")
    expect(preview).not_to_contain_text("Award of the out-of-hours contract")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Approve the minutes and publish Part I").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Confirm that the minutes were agreed and may be published"
    )
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.HELD
    page.get_by_label("The committee has agreed these minutes as a true record").check()
    page.get_by_role("button", name="Approve the minutes and publish Part I").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "The Part I minutes are now public"
    )

    # The public reads the declarations, the decisions and the times.
    page.get_by_role("button", name="Log out").click()
    page.goto(f"/minutes/{story.meeting.pk}/")
    table = page.get_by_role("table", name="Interests declared and conflicts found")
    nurse = table.get_by_role("row").filter(has_text="Mrs Susan Wright")
    expect(nurse).to_contain_text(
        "Declared at the meeting: Holds shares in Northfield Urgent Care Ltd."
    )
    expect(nurse).to_contain_text("Item 2: Finance report")
    expect(nurse).to_contain_text("Interest noted: takes full part")
    okafor = table.get_by_role("row").filter(has_text="Dr Ben Okafor")
    expect(okafor).to_contain_text("An interest in a confidential matter")
    expect(okafor).to_contain_text("Item 3: Confidential item (Part II)")
    expect(okafor).to_contain_text(
        "Does not receive the papers or minutes for the item, and leaves the room"
    )
    expect(okafor).to_contain_text(left)
    expect(okafor).to_contain_text(back)
    expect(page.locator("main")).not_to_contain_text("—")
    assert axe_violations(page) == []


def _accept_everything(page: Page, meeting: Meeting) -> None:
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("position"):
        page.goto(f"/meetings/{meeting.pk}/conduct/?item={item.pk}")
        button = page.locator(".recuse-accept-all button")
        if button.count():
            button.click()
            expect(page.locator(".recuse-accept-all")).to_have_count(0)


def test_the_demo_meetings_screen_fits_three_screen_heights_once_decided(
    page: Page, live_server: Any
) -> None:
    call_command("seed_demo")
    meeting = Meeting.objects.get(status="draft", committee__name="Governing Body")
    page.set_viewport_size(WIDE)
    sign_in(page, "secretary", DEMO_PASSWORD)
    _accept_everything(page, meeting)
    heights = {}
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("position"):
        page.goto(f"/meetings/{meeting.pk}/conduct/?item={item.pk}")
        heights[item.position] = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nChair's screen heights at 1280x800, by current item: {heights}")
    assert max(heights.values()) <= 3 * WIDE["height"], heights


def test_the_chairs_screen_on_a_tablet(page: Page, story: Story) -> None:  # noqa: F811
    page.set_viewport_size({"width": 768, "height": 1024})
    sign_in(page, "s.vice", PASSWORD)
    page.goto(f"/meetings/{story.meeting.pk}/conduct/?item={story.award_item.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    for name in ("Accept the suggested action for all 2 open conflicts", "Accept: no papers"):
        box = page.get_by_role("button", name=name).first.bounding_box()
        assert box is not None and box["height"] >= 44, (name, box)
    page.get_by_role("button", name="Accept the suggested action for all 2 open conflicts").click()
    left_now = page.get_by_role("button", name="Left now: Dr B. Okafor")
    expect(left_now).to_be_visible()
    box = left_now.bounding_box()
    assert box is not None and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert axe_violations(page) == []


def test_the_chairs_screen_works_without_javascript(
    page: Page,  # for the live server's database and roles
    browser: Browser,
    live_server: Any,
    story: Story,  # noqa: F811
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    try:
        sign_in(plain, "s.vice", PASSWORD)
        plain.goto(f"/meetings/{story.meeting.pk}/conduct/?item={story.award_item.pk}")
        plain.get_by_role(
            "button", name="Accept the suggested action for all 2 open conflicts"
        ).click()
        expect(plain.locator(".nhsuk-notification-banner")).to_contain_text(
            "The suggested action has been recorded for 2 people on item 3"
        )
        plain.get_by_role("button", name="Left now: Dr B. Okafor").click()
        expect(plain.locator(".nhsuk-notification-banner")).to_contain_text(
            "Dr Ben Okafor left the room at"
        )
        # A different decision without a reason: its own page, with the error.
        plain.get_by_text("Why, or change").first.click()
        row = plain.locator(f"#conflict-{story.award_item.pk}-{story.fed_gp.pk}")
        row.get_by_label("May take part in the discussion but not in the decision").check()
        row.get_by_role("button", name="Record the decision").click()
        expect(plain.locator(".nhsuk-error-summary")).to_contain_text(
            "Give the reason for a decision that differs from the suggested action"
        )
    finally:
        context.close()
    decision = ConflictDecision.objects.get(item=story.award_item, member=story.fed_gp)
    assert decision.action == 2 and decision.left_at is not None
