"""Every main page, as the people who use it, has no axe-core violations (WCAG 2.2 AA rules)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page

from ccg_governance.demo.people import DEMO_PASSWORD
from interests.models import Interest, Member, Organisation
from meetings.models import Meeting
from procurements.models import PanelMember, Procurement
from tests.browser.conftest import axe_violations, sign_in


def _pages_for_the_secretary() -> list[str]:
    upcoming = Meeting.objects.get(status="draft", committee__name="Governing Body")
    approved = Meeting.objects.get(status="minutes_approved")
    procurement = Procurement.objects.get(reference="NCCG/2026/014")
    lot = procurement.lots.get(number=2)
    interest = Interest.objects.declared().first()
    assert interest is not None
    return [
        reverse("dashboard"),
        reverse("register_full"),
        reverse("register_review_queue"),
        reverse("register_campaigns"),
        reverse("interest_detail", args=[interest.pk]),
        reverse("interest_history", args=[interest.pk]),
        reverse("gift_register"),
        reverse("organisation_list"),
        reverse(
            "organisation_detail",
            args=[Organisation.objects.get(name="Northfield GP Federation").pk],
        ),
        reverse("organisation_unlinked_names"),
        reverse("people_list"),
        reverse("person_detail", args=[Member.objects.get(user__username="gp.clarke").pk]),
        reverse("person_create"),
        reverse("committee_list"),
        reverse("meeting_list"),
        reverse("meeting_detail", args=[upcoming.pk]),
        reverse("recusal_matrix", args=[upcoming.pk]),
        reverse("meeting_pack", args=[upcoming.pk]),
        reverse("minutes_mine", args=[approved.pk]),
        reverse("procurement_list"),
        reverse("procurement_detail", args=[procurement.pk]),
        reverse("lot_panel", args=[procurement.pk, lot.pk]),
        reverse("procurement_register_full"),
        reverse("audit_trail"),
        reverse("privileged_actions"),
        reverse("two_factor_verify"),
        reverse("register_import_upload"),
        reverse("organisation_import_upload"),
    ]


def _public_pages() -> list[str]:
    approved = Meeting.objects.get(status="minutes_approved")
    return [
        reverse("published_register"),
        reverse("gift_published"),
        reverse("public_minutes_index"),
        reverse("public_minutes", args=[approved.pk]),
        reverse("procurement_register"),
        reverse("accessibility"),
    ]


def _check(page: Page, urls: list[str]) -> dict[str, list]:
    problems = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
    return problems


@pytest.mark.django_db(transaction=True)
def test_the_demo_pages_have_no_accessibility_violations(page: Page) -> None:
    call_command("seed_demo")
    assert _check(page, _public_pages()) == {}
    sign_in(page, "secretary", DEMO_PASSWORD)
    assert _check(page, _pages_for_the_secretary()) == {}
    page.goto(reverse("dashboard"))
    page.get_by_role("button", name="Log out").click()
    sign_in(page, "gp.okafor", DEMO_PASSWORD)
    member_pages = [
        reverse("my_declarations"),
        reverse("interest_new"),
        reverse("gift_new"),
        reverse("gift_mine"),
        reverse("nil_return"),
    ]
    assert _check(page, member_pages) == {}
    page.get_by_role("button", name="Log out").click()
    sign_in(page, "reserve.north", DEMO_PASSWORD)
    place = PanelMember.objects.filter(member__user__username="reserve.north").first()
    assert place is not None
    assert _check(page, [reverse("my_evaluations")]) == {}
