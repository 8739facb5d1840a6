"""Hostile input measured as server errors (16 before): each now answers a clear message or a
400, and nothing is written."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.digits import is_digits
from interests.forms.pounds import VALUE_TOO_LARGE
from interests.models import GiftOrHospitality, Interest, OrganisationRelationship
from meetings.models import Meeting
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import OrganisationFactory
from tests.meetings.conftest import Story

pytestmark = pytest.mark.django_db


def test_superscript_two_is_not_a_number() -> None:
    assert "²".isdigit() and not is_digits("²")
    assert not is_digits("٣") and not is_digits("9" * 12) and is_digits("42")


def gift(**overrides: str) -> dict[str, str]:
    last_week = datetime.date.today() - datetime.timedelta(days=7)
    return {
        "kind": "hospitality",
        "estimated_value": "40",
        "offerer_is_supplier": "no",
        "is_cash_or_voucher": "no",
        "description": "Dinner",
        "offered_by_name": "Northfield GP Federation",
        "offered_on_day": str(last_week.day),
        "offered_on_month": str(last_week.month),
        "offered_on_year": str(last_week.year),
        "outcome": "accepted",
    } | overrides


def test_a_gift_worth_thirty_nines_is_refused_with_a_message(
    client: Client, federation_gp: Any
) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_new"), gift(estimated_value="9" * 30))
    assert response.status_code == 200
    assert VALUE_TOO_LARGE.replace(",", "") in response.content.decode().replace(",", "")
    assert not GiftOrHospitality.objects.exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "1", "0001", "on or after 1 January 1900"),
        ("31", "12", "9999", "years from today"),
    ],
)
def test_gift_dates_no_one_means_are_refused(
    client: Client, federation_gp: Any, day: str, month: str, year: str, message: str
) -> None:
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"),
        gift(offered_on_day=day, offered_on_month=month, offered_on_year=year),
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not GiftOrHospitality.objects.exists()


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_interest_dates_no_one_means_are_refused(
    client: Client, federation_gp: Any, year: str
) -> None:
    OrganisationFactory(name="Riverside Surgery")
    login(client, federation_gp)
    response = client.post(
        reverse("interest_new"),
        {
            "category": "financial",
            "organisation_text": "Riverside Surgery",
            "nature": "partner",
            "description": "Partner",
            "start_date_day": "1",
            "start_date_month": "1",
            "start_date_year": year,
            "s-confirmed_complete": "on",
            "s-acknowledged_duty": "on",
            "s-publish": "yes",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    assert not Interest.objects.filter(declarant=federation_gp).exists()


@pytest.mark.parametrize(("year", "message"), [("1999", "2000"), ("9999", "5 years")])
def test_meeting_dates_no_one_means_are_refused(
    client: Client, story: Story, year: str, message: str
) -> None:
    login(client, story.secretary)
    before = Meeting.objects.count()
    response = client.post(
        reverse("meeting_create"),
        {
            "committee": str(story.committee.pk),
            "date_day": "31",
            "date_month": "12",
            "date_year": year,
            "time": "14:30",
            "location": "Board room",
            "title": "",
        },
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert Meeting.objects.count() == before


def test_superscript_ids_are_ignored_not_a_server_error(client: Client, story: Story) -> None:
    login(client, story.secretary)
    co_opt = client.post(
        reverse("item_co_opt", args=[story.meeting.pk, story.open_item.pk]), {"person": "²"}
    )
    assert co_opt.status_code == 302
    relationship = client.get(reverse("organisation_relationship_add") + "?source=²")
    assert relationship.status_code == 200
    item = post_edit(
        client,
        reverse("item_edit", args=[story.meeting.pk, story.open_item.pk]),
        {
            "title": "Finance",
            "purpose": "information",
            "part": "I",
            "filter": "1",
            "affected_organisations": ["²"],
        },
    )
    assert item.status_code == 200
    assert not OrganisationRelationship.objects.filter(source__name="²").exists()


@pytest.mark.parametrize(
    "url",
    [
        "meeting_list",
        "organisation_suggestions",
        "organisation_suggest",
        "register_full_csv",
        "gift_register_csv",
        "organisation_list",
    ],
)
def test_a_nul_in_any_query_parameter_is_a_400(client: Client, story: Story, url: str) -> None:
    login(client, story.secretary)
    for query in ("?q=a%00b", "?organisation_text=%00", "?x%00=1"):
        response = client.get(reverse(url) + query)
        assert response.status_code == 400, (url, query)
        assert "character that is not allowed" in response.content.decode()


def test_the_audit_trail_drops_nul_wherever_it_comes_from(secretary: Any) -> None:
    from core.audit import audit_record

    event = audit_record(actor=secretary.user, action="test.nul", detail={"q\x00": ["a\x00b"]})
    event.refresh_from_db()
    assert event.detail == {"q": ["ab"]}
