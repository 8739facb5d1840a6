"""Every list is a page from the database in a fixed number of queries: the same at a
handful of rows and at hundreds (a large ICB has thousands of people and organisations,
over a thousand meetings, hundreds of awards and thousands of gifts)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interests.models import GiftOrHospitality, Organisation
from meetings.models import Meeting
from procurements.models import AwardDecision, Bid, Lot, Procurement
from tests.conftest import login
from tests.interests.factories import MemberFactory, OrganisationFactory
from tests.meetings.conftest import story  # noqa: F401

pytestmark = pytest.mark.django_db

SIZES = [8, 130]


def _pages(client: Client, url_name: str, django_assert_max_num_queries: Any, limit: int) -> str:
    html = ""
    for page in ("1", "2", "999"):
        with django_assert_max_num_queries(limit):
            response = client.get(reverse(url_name), {"page": page})
        assert response.status_code == 200, (url_name, page)
        html += response.content.decode()
    return html


@pytest.mark.parametrize("size", SIZES)
def test_the_people_list(
    client: Client, secretary: Any, django_assert_max_num_queries: Any, size: int
) -> None:
    for _ in range(size):
        MemberFactory()
    login(client, secretary)
    _pages(client, "people_list", django_assert_max_num_queries, 16)


@pytest.mark.parametrize("size", SIZES)
def test_the_organisations_list(
    client: Client, secretary: Any, django_assert_max_num_queries: Any, size: int
) -> None:
    Organisation.objects.bulk_create(Organisation(name=f"Practice {n:04d}") for n in range(size))
    login(client, secretary)
    _pages(client, "organisation_list", django_assert_max_num_queries, 14)


@pytest.mark.parametrize("size", SIZES)
def test_the_meetings_list(
    client: Client,
    story: Any,  # noqa: F811
    django_assert_max_num_queries: Any,
    size: int,
) -> None:
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(committee=story.committee, starts_at=now + datetime.timedelta(days=days))
        for days in range(-size, size, 2)
    )
    login(client, story.secretary)
    for params in ({}, {"past": "2"}, {"upcoming": "3", "past": "999"}):
        with django_assert_max_num_queries(16):
            response = client.get(reverse("meeting_list"), params)
        assert response.status_code == 200
    html = client.get(reverse("meeting_list"), {"past": "2"}).content.decode()
    if size > 50:
        assert 'aria-label="Pages of past meetings"' in html
        assert "upcoming=1&amp;past=3" in html or "upcoming=1&amp;past=1" in html


def _awards(world: Any, count: int) -> None:
    procurement = Procurement.objects.create(reference="SCALE-1", title="Many lots", stage="award")
    for n in range(count):
        lot = Lot.objects.create(procurement=procurement, number=n + 1, title=f"Lot {n}")
        bid = Bid.objects.create(lot=lot, organisation=world.trust, status="awarded")
        AwardDecision.objects.create(
            lot=lot,
            bid=bid,
            decided_on=datetime.date(2026, 1, 1),
            how_decided="By the board",
            contract_value=Decimal("1000"),
            recorded_by=world.secretary.user,
        )


@pytest.mark.parametrize("size", SIZES)
def test_the_procurement_registers(
    client: Client,
    story: Any,  # noqa: F811
    auditor: Any,
    django_assert_max_num_queries: Any,
    size: int,
) -> None:
    _awards(story, size)
    html = _pages(client, "procurement_register", django_assert_max_num_queries, 10)
    assert "SCALE-1" in html
    login(client, auditor)
    _pages(client, "procurement_register_full", django_assert_max_num_queries, 18)


@pytest.mark.parametrize("size", SIZES)
def test_the_gifts_registers(
    client: Client, auditor: Any, django_assert_max_num_queries: Any, size: int
) -> None:
    giver = OrganisationFactory(name="Generous Supplier Ltd")
    people = [MemberFactory() for _ in range(5)]
    GiftOrHospitality.objects.bulk_create(
        GiftOrHospitality(
            recipient=people[n % 5],
            kind="hospitality",
            description=f"Dinner {n}",
            offered_by_organisation=giver,
            estimated_value=Decimal("40"),
            offered_on=timezone.localdate() - datetime.timedelta(days=n % 300),
            outcome="accepted",
        )
        for n in range(size)
    )
    html = _pages(client, "gift_published", django_assert_max_num_queries, 8)
    assert "Generous Supplier Ltd" in html
    login(client, auditor)
    _pages(client, "gift_register", django_assert_max_num_queries, 16)
