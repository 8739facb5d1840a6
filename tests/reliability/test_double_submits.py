"""The same create form sent twice at once (a double click, two tabs) and once more (a
replayed request): one row, one audit record, and a page for every request, never a 500.

Before: an interest posted twice at once plus a replay made 3 rows, a gift twice 2, an
organisation three times 3 of the same name (after which a GP typing that name was told
"We could not find..."). Each send here is a real request on its own connection.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from interests.forms.declarations import find_organisation
from interests.models import GiftOrHospitality, Interest, Organisation
from tests.conftest import login
from tests.interests.factories import OrganisationFactory
from tests.reliability.racing import failures, race

pytestmark = pytest.mark.django_db(transaction=True)


def once_token(page: str) -> str:
    match = re.search(r'name="once_token" value="([0-9a-f]+)"', page)
    assert match, "the form carries no one-time token"
    return match.group(1)


def send_three_times(client: Client, url: str, data: dict[str, Any]) -> list[Any]:
    """Two sends at the same instant, then a replay of the same request."""
    data = data | {"once_token": once_token(client.get(url).content.decode())}
    outcomes = race(lambda: client.post(url, data), lambda: client.post(url, data))
    outcomes.append(client.post(url, data))
    assert not failures(outcomes), outcomes
    assert [r.status_code for r in outcomes] == [302, 302, 302]
    return outcomes


def test_an_interest_sent_three_times_is_declared_once(federation_gp: Any) -> None:
    OrganisationFactory(name="Riverside Surgery")
    client = login(Client(), federation_gp)
    send_three_times(
        client,
        reverse("interest_new"),
        {
            "category": "financial",
            "organisation_text": "Riverside Surgery",
            "nature": "partner",
            "description": "Partner in the practice",
            "start_date_day": "1",
            "start_date_month": "4",
            "start_date_year": "2021",
            "s-confirmed_complete": "on",
            "s-acknowledged_duty": "on",
            "s-publish": "yes",
            "action": "submit",
        },
    )
    assert Interest.objects.filter(declarant=federation_gp).count() == 1
    assert AuditEvent.objects.filter(action="interest.submitted").count() == 1


def test_a_gift_sent_three_times_is_recorded_once(federation_gp: Any) -> None:
    last_week = datetime.date.today() - datetime.timedelta(days=7)
    client = login(Client(), federation_gp)
    send_three_times(
        client,
        reverse("gift_new"),
        {
            "kind": "hospitality",
            "estimated_value": "40",
            "offerer_is_supplier": "no",
            "is_cash_or_voucher": "no",
            "description": "Dinner after the federation's annual meeting",
            "offered_by_name": "Northfield GP Federation",
            "offered_on_day": str(last_week.day),
            "offered_on_month": str(last_week.month),
            "offered_on_year": str(last_week.year),
            "outcome": "accepted",
        },
    )
    assert GiftOrHospitality.objects.count() == 1


ORGANISATION = {
    "name": "Acme Locum Agency",
    "kind": "company",
    "ods_code": "",
    "companies_house_number": "",
    "nature_of_business": "Locums",
    "address": "",
    "postcode": "",
    "is_active": "on",
}


def test_an_organisation_sent_three_times_is_added_once_and_found(secretary: Any) -> None:
    client = login(Client(), secretary)
    send_three_times(client, reverse("organisation_create"), ORGANISATION)
    assert Organisation.objects.filter(name="Acme Locum Agency").count() == 1
    assert find_organisation("acme locum agency") is not None


def test_two_secretaries_adding_one_organisation_get_one_and_a_message(secretary: Any) -> None:
    from core.roles import Role
    from tests.interests.factories import MemberFactory

    other = MemberFactory(user__username="p.secretary2", user__roles=[Role.SECRETARY])
    a, b = login(Client(), secretary), login(Client(), other)
    url = reverse("organisation_create")
    outcomes = race(
        lambda: a.post(url, ORGANISATION),
        lambda: b.post(url, ORGANISATION | {"name": " acme  LOCUM agency "}),
    )
    assert not failures(outcomes), outcomes
    assert sorted(r.status_code for r in outcomes) == [200, 302]
    refused = next(r for r in outcomes if r.status_code == 200).content.decode()
    # Whichever came first named it: the other is told its name, in that one's spelling.
    assert "there is already an organisation called acme locum agency" in refused.lower()
    assert Organisation.objects.count() == 1
