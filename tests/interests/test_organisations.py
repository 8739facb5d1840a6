"""The secretary's organisation screens: list, details, edits, relationships and typed names."""

from __future__ import annotations

import datetime
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from interests.models import Interest, Member, Organisation, OrganisationRelationship
from interests.services.organisations import (
    OrganisationData,
    organisation_create,
    organisation_relationship_add,
)
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import MemberFactory


def org(name: str, kind: str = "gp_practice", **fields: Any) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, **fields)


def new_member() -> Member:
    return cast(Member, MemberFactory())


def typed_interest(name: str, *, status: str = "submitted", **fields: Any) -> Interest:
    return Interest.objects.create(
        declarant=new_member(),
        category="financial",
        organisation_name=name,
        nature="partner",
        description="Partner in the practice",
        start_date=datetime.date(2020, 4, 1),
        status=status,
        **fields,
    )


def date_fields(prefix: str, day: datetime.date | None) -> dict[str, str]:
    if day is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


ORGANISATION_FORM = {
    "name": "Riverside Surgery",
    "kind": "gp_practice",
    "ods_code": "b82005",
    "companies_house_number": "",
    "nature_of_business": "General practice",
    "address": "1 River Lane\nNorthfield",
    "postcode": "nf1 2ab",
    "is_active": "on",
}


# --- The list and the details -----------------------------------------------------------


def test_the_list_shows_organisations_with_search_and_filters(client, secretary):
    org("The Densham Surgery", ods_code="A81001")
    org("Victoria Medical Practice", ods_code="A81003", is_active=False)
    org("Tees Valley GP Federation", "gp_federation")
    login(client, secretary)

    html = client.get(reverse("organisation_list")).content.decode()
    assert "3 organisations." in html
    assert "The Densham Surgery" in html
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">Inactive</strong>' in html

    html = client.get(reverse("organisation_list"), {"q": "a81003"}).content.decode()
    assert "1 organisation." in html
    assert "Victoria Medical Practice" in html
    assert "The Densham Surgery" not in html

    html = client.get(
        reverse("organisation_list"), {"kind": "gp_practice", "status": "active"}
    ).content.decode()
    assert "The Densham Surgery" in html
    assert "Victoria Medical Practice" not in html
    assert "Tees Valley GP Federation" not in html


def test_the_list_pages_keep_the_filters_and_cost_the_same_queries(client, secretary):
    Organisation.objects.bulk_create(
        Organisation(name=f"Practice {n:03}", kind="gp_practice") for n in range(5)
    )
    login(client, secretary)
    client.get(reverse("organisation_list"))  # the session's first request does more

    def queries_for(params: dict[str, str]) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("organisation_list"), params).content.decode()
        return len(queries), html

    few, _ = queries_for({"kind": "gp_practice"})
    Organisation.objects.bulk_create(
        Organisation(name=f"Practice {n:03}", kind="gp_practice") for n in range(5, 120)
    )
    many, html = queries_for({"kind": "gp_practice", "page": "2"})

    assert many == few
    assert "page 2 of 3" in html
    assert "Practice 050" in html and "Practice 049" not in html
    assert "kind=gp_practice&amp;page=3" in html


def test_the_detail_shows_relationships_both_ways_with_their_dates(client, secretary):
    practice = org("Riverside Surgery", ods_code="B82005")
    federation = org("Northfield GP Federation", "gp_federation")
    old_pcn = org("Old PCN", "pcn")
    OrganisationRelationship.objects.create(
        source=practice, target=federation, kind="member_of", start_date=datetime.date(2016, 4, 1)
    )
    OrganisationRelationship.objects.create(
        source=practice,
        target=old_pcn,
        kind="member_of",
        start_date=datetime.date(2019, 7, 1),
        end_date=datetime.date(2022, 3, 31),
    )
    typed_interest("ignored")  # names no organisation
    Interest.objects.create(
        declarant=new_member(),
        category="financial",
        organisation=practice,
        nature="partner",
        description="Partner",
        start_date=datetime.date(2020, 4, 1),
        status="submitted",
    )
    login(client, secretary)

    html = client.get(reverse("organisation_detail", args=[practice.pk])).content.decode()
    assert "<h1>Riverside Surgery</h1>" in html
    assert "1 register entry names this organisation" in html
    assert "Northfield GP Federation" in html
    assert "1 Apr 2016" in html
    assert "31 Mar 2022" in html
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Current</strong>' in html
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">Ended</strong>' in html
    assert html.count(">End<span") == 1  # only the current one can be ended

    html = client.get(reverse("organisation_detail", args=[federation.pk])).content.decode()
    assert "Organisations related to Northfield GP Federation" in html
    assert "Riverside Surgery" in html
    assert "member of Northfield GP Federation" in html


def test_a_missing_organisation_is_not_found(client, secretary):
    login(client, secretary)
    assert client.get(reverse("organisation_detail", args=[999])).status_code == 404


def test_names_are_shown_escaped(client, secretary):
    evil = org("<script>alert('x')</script> Surgery")
    login(client, secretary)
    for url in (reverse("organisation_list"), reverse("organisation_detail", args=[evil.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert(" not in html
        assert "&lt;script&gt;alert(" in html


def test_suggestions_offer_names_with_codes(client, secretary):
    org("Riverside Surgery", ods_code="B82005")
    org("Riverside <Branch>")
    login(client, secretary)
    html = client.get(reverse("organisation_suggest"), {"source": "rivers"}).content.decode()
    assert '<option value="Riverside Surgery (B82005)">' in html
    assert '<option value="Riverside &lt;Branch&gt;">' in html


# --- Adding and changing organisations ----------------------------------------------------------


def test_the_secretary_adds_an_organisation(client, secretary):
    login(client, secretary)
    assert client.get(reverse("organisation_create")).status_code == 200

    response = client.post(reverse("organisation_create"), ORGANISATION_FORM)

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    assert organisation.ods_code == "B82005"
    assert organisation.postcode == "NF1 2AB"
    assert organisation.history.get().history_user == secretary.user
    assert AuditEvent.objects.filter(action="organisation.created", actor=secretary.user).exists()


def test_a_duplicate_ods_code_is_refused_with_a_clear_message(client, secretary):
    org("Riverside Surgery", ods_code="B82005")
    login(client, secretary)

    response = client.post(reverse("organisation_create"), {**ORGANISATION_FORM, "name": "Copy"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The ODS code B82005 is already used by Riverside Surgery" in html
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("number", ["1234567", "123456789", "S1234567", "SC12345A", "12-34567"])
def test_a_malformed_companies_house_number_is_refused(client, secretary, number):
    login(client, secretary)
    response = client.post(
        reverse("organisation_create"), {**ORGANISATION_FORM, "companies_house_number": number}
    )
    assert "Enter a Companies House number of 8 characters" in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("number", "stored"), [("01234567", "01234567"), ("sc 123456", "SC123456")]
)
def test_companies_house_numbers_are_accepted_and_tidied(client, secretary, number, stored):
    login(client, secretary)
    client.post(
        reverse("organisation_create"), {**ORGANISATION_FORM, "companies_house_number": number}
    )
    assert Organisation.objects.get().companies_house_number == stored


def test_the_service_checks_the_companies_house_number_too(db):
    with pytest.raises(ValidationError) as error:
        organisation_create(
            actor=None,
            data=OrganisationData(name="Acme", kind="company", companies_house_number="ABC"),
        )
    assert "companies_house_number" in error.value.message_dict


def test_an_empty_name_is_refused(client, secretary):
    login(client, secretary)
    response = client.post(reverse("organisation_create"), {**ORGANISATION_FORM, "name": " "})
    assert "Enter the organisation&#x27;s name" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_secretary_changes_an_organisation(client, secretary):
    practice = org("Riverside Surgery", ods_code="B82005")
    login(client, secretary)
    page = client.get(reverse("organisation_edit", args=[practice.pk])).content.decode()
    assert 'value="Riverside Surgery"' in page

    response = post_edit(
        client,
        reverse("organisation_edit", args=[practice.pk]),
        {**ORGANISATION_FORM, "name": "Riverside Medical Centre", "is_active": ""},
    )

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.name == "Riverside Medical Centre"
    assert practice.is_active is False
    event = AuditEvent.objects.get(action="organisation.changed")
    assert event.detail["changed"]["name"] == ["Riverside Surgery", "Riverside Medical Centre"]
    assert practice.history.count() == 2


def test_changing_to_a_code_another_organisation_holds_is_refused(client, secretary):
    org("Hill Top Surgery", ods_code="B82099")
    practice = org("Riverside Surgery", ods_code="B82005")
    login(client, secretary)
    response = post_edit(
        client,
        reverse("organisation_edit", args=[practice.pk]),
        {**ORGANISATION_FORM, "ods_code": "B82099"},
    )
    assert "already used by Hill Top Surgery" in response.content.decode()
    practice.refresh_from_db()
    assert practice.ods_code == "B82005"


# --- Relationships ------------------------------------------------------------------------------


def relationship_form(source: str, kind: str, target: str, **dates: Any) -> dict[str, str]:
    return {
        "source": source,
        "kind": kind,
        "target": target,
        **date_fields("start_date", dates.get("start", datetime.date(2016, 4, 1))),
        **date_fields("end_date", dates.get("end")),
    }


def test_the_secretary_adds_a_relationship(client, secretary):
    practice = org("Riverside Surgery", ods_code="B82005")
    federation = org("Northfield GP Federation", "gp_federation")
    login(client, secretary)
    url = reverse("organisation_relationship_add") + f"?source={practice.pk}"
    page = client.get(url).content.decode()
    assert 'value="Riverside Surgery (B82005)"' in page

    response = client.post(
        url,
        relationship_form("Riverside Surgery (B82005)", "member_of", "northfield gp federation"),
    )

    assert response.status_code == 302
    assert response.url == reverse("organisation_detail", args=[practice.pk])
    relationship = OrganisationRelationship.objects.get()
    assert (relationship.source, relationship.kind, relationship.target) == (
        practice,
        "member_of",
        federation,
    )
    assert relationship.start_date == datetime.date(2016, 4, 1)
    assert relationship.end_date is None
    assert AuditEvent.objects.filter(action="organisation.relationship_added").exists()


def test_an_organisation_cannot_be_related_to_itself(client, secretary):
    org("Riverside Surgery", ods_code="B82005")
    login(client, secretary)
    response = client.post(
        reverse("organisation_relationship_add"),
        relationship_form("B82005", "member_of", "Riverside Surgery"),
    )
    assert "An organisation cannot be related to itself" in response.content.decode()
    assert not OrganisationRelationship.objects.exists()


def test_a_relationship_cannot_end_before_it_starts(client, secretary):
    org("Riverside Surgery")
    org("Northfield GP Federation", "gp_federation")
    login(client, secretary)
    response = client.post(
        reverse("organisation_relationship_add"),
        relationship_form(
            "Riverside Surgery",
            "member_of",
            "Northfield GP Federation",
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2019, 1, 1),
        ),
    )
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert not OrganisationRelationship.objects.exists()


def test_a_second_current_relationship_of_the_same_kind_is_refused(client, secretary):
    practice = org("Riverside Surgery")
    federation = org("Northfield GP Federation", "gp_federation")
    OrganisationRelationship.objects.create(
        source=practice, target=federation, kind="member_of", start_date=datetime.date(2016, 4, 1)
    )
    login(client, secretary)
    response = client.post(
        reverse("organisation_relationship_add"),
        relationship_form(
            "Riverside Surgery",
            "member_of",
            "Northfield GP Federation",
            start=datetime.date(2023, 1, 1),
        ),
    )
    html = response.content.decode()
    assert "Riverside Surgery is already recorded as member of Northfield GP Federation" in html
    assert "from 1 April 2016" in html
    assert OrganisationRelationship.objects.count() == 1


def test_a_relationship_may_start_again_after_an_earlier_one_ended(db):
    practice = org("Riverside Surgery")
    federation = org("Northfield GP Federation", "gp_federation")
    OrganisationRelationship.objects.create(
        source=practice,
        target=federation,
        kind="member_of",
        start_date=datetime.date(2016, 4, 1),
        end_date=datetime.date(2019, 3, 31),
    )
    organisation_relationship_add(
        actor=None,
        source=practice,
        target=federation,
        kind="member_of",
        start_date=datetime.date(2021, 4, 1),
    )
    # A different kind between the same two is a different relationship.
    organisation_relationship_add(
        actor=None,
        source=practice,
        target=federation,
        kind="partner_in",
        start_date=datetime.date(2021, 4, 1),
    )
    assert OrganisationRelationship.objects.count() == 3


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Nowhere Surgery", "No organisation has the name or ODS code “Nowhere Surgery”"),
        ("Health Centre", "More than one organisation is called “Health Centre”"),
        ("", "Enter the organisation the relationship is from"),
    ],
)
def test_an_unknown_or_ambiguous_organisation_is_explained(client, secretary, typed, expected):
    # Two may share a name only with ODS codes to tell them apart (interests 0009).
    org("Health Centre", "other", ods_code="Y00001")
    org("Health Centre", "other", ods_code="Y00002")
    org("Northfield GP Federation", "gp_federation")
    login(client, secretary)
    response = client.post(
        reverse("organisation_relationship_add"),
        relationship_form(typed, "member_of", "Northfield GP Federation"),
    )
    assert expected in response.content.decode()
    assert not OrganisationRelationship.objects.exists()


def test_the_secretary_ends_a_relationship_and_it_is_kept(client, secretary):
    practice = org("Riverside Surgery")
    federation = org("Northfield GP Federation", "gp_federation")
    relationship = OrganisationRelationship.objects.create(
        source=practice, target=federation, kind="member_of", start_date=datetime.date(2016, 4, 1)
    )
    login(client, secretary)
    url = reverse("organisation_relationship_end", args=[relationship.pk])
    assert "End the relationship" in client.get(url).content.decode()

    response = client.post(
        f"{url}?from={federation.pk}", date_fields("end_date", datetime.date(2024, 3, 31))
    )

    assert response.status_code == 302
    assert response.url == reverse("organisation_detail", args=[federation.pk])
    relationship.refresh_from_db()
    assert relationship.end_date == datetime.date(2024, 3, 31)
    assert relationship.history.count() == 2
    assert AuditEvent.objects.filter(action="organisation.relationship_ended").exists()

    again = client.post(url, date_fields("end_date", datetime.date(2024, 4, 30)))
    assert "It ended on 31 March 2024" in again.content.decode()
    relationship.refresh_from_db()
    assert relationship.end_date == datetime.date(2024, 3, 31)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2016, 3, 31), "The end date must be the same as or after the day it began"),
        (None, "Enter the date the relationship ended"),
    ],
)
def test_a_bad_end_date_is_refused(client, secretary, day, expected):
    relationship = OrganisationRelationship.objects.create(
        source=org("Riverside Surgery"),
        target=org("Northfield GP Federation", "gp_federation"),
        kind="member_of",
        start_date=datetime.date(2016, 4, 1),
    )
    login(client, secretary)
    response = client.post(
        reverse("organisation_relationship_end", args=[relationship.pk]),
        date_fields("end_date", day),
    )
    assert expected in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.end_date is None


# --- Typed organisation names ---------------------------------------------------------------------


def test_typed_names_are_listed_once_however_they_were_typed(client, secretary):
    typed_interest("Riverside Surgery")
    typed_interest("  riverside   SURGERY ")
    typed_interest("Hill Top Surgery", status="draft")
    practice = org("Riverside Surgery", ods_code="B82005")
    login(client, secretary)

    html = client.get(reverse("organisation_unlinked_names")).content.decode()

    assert html.count("Riverside Surgery</th>") == 1 or html.count("riverside SURGERY</th>") == 1
    assert '<td class="nhsuk-table__cell">2</td>' in html
    # A draft is the declarant's own until submitted: not listed for the governance team.
    assert "Hill Top Surgery" not in html
    assert reverse("organisation_detail", args=[practice.pk]) in html


def test_linking_a_typed_name_links_every_entry_with_it_at_once(client, secretary):
    first = typed_interest("Riverside Surgery")
    second = typed_interest("  riverside   SURGERY ")
    draft = typed_interest("RIVERSIDE SURGERY", status="draft")
    other = typed_interest("Hill Top Surgery")
    practice = org("Riverside Surgery", ods_code="B82005")
    login(client, secretary)
    url = reverse("organisation_name_link")
    page = client.get(url, {"name": "Riverside Surgery"}).content.decode()
    assert "2 register entries name this organisation" in page
    assert 'value="Riverside Surgery (B82005)"' in page

    response = client.post(
        url, {"name": "riverside surgery", "action": "link", "organisation": "B82005"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.organisation is None  # drafts stay the declarant's to complete
    for interest in (first, second):
        interest.refresh_from_db()
        assert interest.organisation == practice
        latest = interest.history.first()
        assert latest is not None
        assert latest.history_change_reason == "Organisation linked: Riverside Surgery"
        assert latest.history_user == secretary.user
        assert latest.prev_record is not None
        assert latest.prev_record.organisation_name.strip().lower().startswith("riverside")
    other.refresh_from_db()
    assert other.organisation is None
    event = AuditEvent.objects.get(action="organisation.name_linked")
    assert sorted(event.detail["interests"]) == sorted([first.pk, second.pk])
    follow = client.get(reverse("organisation_unlinked_names")).content.decode()
    assert "2 register entries linked to Riverside Surgery." in follow
    assert "Riverside Surgery</th>" not in follow


def test_a_typed_name_can_become_a_new_organisation(client, secretary):
    interest = typed_interest("Northfield Carers' Charity")
    login(client, secretary)
    response = client.post(
        reverse("organisation_name_link"),
        {"name": "Northfield Carers' Charity", "action": "create", "kind": "charity"},
    )
    assert response.status_code == 302
    charity = Organisation.objects.get()
    assert (charity.name, charity.kind) == ("Northfield Carers' Charity", "charity")
    interest.refresh_from_db()
    assert interest.organisation == charity


def test_linking_to_an_unknown_organisation_changes_nothing(client, secretary):
    interest = typed_interest("Riverside Surgery")
    login(client, secretary)
    response = client.post(
        reverse("organisation_name_link"),
        {"name": "Riverside Surgery", "action": "link", "organisation": "Nowhere"},
    )
    assert "No organisation has the name or ODS code “Nowhere”" in response.content.decode()
    interest.refresh_from_db()
    assert interest.organisation is None


def test_creating_an_organisation_that_exists_is_refused(client, secretary):
    typed_interest("riverside surgery")
    org("Riverside Surgery")
    login(client, secretary)
    response = client.post(
        reverse("organisation_name_link"),
        {"name": "riverside surgery", "action": "create", "kind": "gp_practice"},
    )
    assert "An organisation called Riverside Surgery already exists" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_name_already_linked_goes_back_to_the_list(client, secretary):
    login(client, secretary)
    response = client.get(reverse("organisation_name_link"), {"name": "Gone"})
    assert response.status_code == 302
    assert response.url == reverse("organisation_unlinked_names")


# --- Permissions ------------------------------------------------------------------------------------


def _urls(organisation: Organisation, relationship: OrganisationRelationship) -> dict[str, str]:
    return {
        "list": reverse("organisation_list"),
        "suggest": reverse("organisation_suggest") + "?source=Riv",
        "detail": reverse("organisation_detail", args=[organisation.pk]),
        "unlinked": reverse("organisation_unlinked_names"),
        "create": reverse("organisation_create"),
        "edit": reverse("organisation_edit", args=[organisation.pk]),
        "relationship_add": reverse("organisation_relationship_add"),
        "relationship_end": reverse("organisation_relationship_end", args=[relationship.pk]),
        "link": reverse("organisation_name_link") + "?name=Riverside+Surgery",
    }


READ_PAGES = ("list", "suggest", "detail", "unlinked")
WRITE_PAGES = ("create", "edit", "relationship_add", "relationship_end", "link")


@pytest.fixture
def network(db: Any) -> tuple[Organisation, OrganisationRelationship]:
    practice = org("Riverside Surgery", ods_code="B82005")
    relationship = OrganisationRelationship.objects.create(
        source=practice, target=org("Northfield GP Federation", "gp_federation"), kind="member_of"
    )
    typed_interest("Riverside Surgery")
    return practice, relationship


@pytest.mark.parametrize("persona", ["federation_gp", "outsider"])
def test_members_and_outsiders_are_refused_everything(client, db, request, network, persona):
    login(client, request.getfixturevalue(persona))
    for name, url in _urls(*network).items():
        assert client.get(url).status_code == 403, name
    for name in WRITE_PAGES:
        assert client.post(_urls(*network)[name], {}).status_code == 403, name


@pytest.mark.parametrize("persona", ["auditor", "chair", "guardian"])
def test_readers_may_read_but_not_write(client, db, request, network, persona):
    practice, relationship = network
    login(client, request.getfixturevalue(persona))
    urls = _urls(practice, relationship)
    for name in READ_PAGES:
        assert client.get(urls[name]).status_code == 200, name
    for name in WRITE_PAGES:
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["edit"], {**ORGANISATION_FORM, "name": "Hacked"}).status_code == 403
    assert (
        client.post(
            urls["relationship_end"], date_fields("end_date", datetime.date(2024, 1, 1))
        ).status_code
        == 403
    )
    assert (
        client.post(
            urls["link"], {"name": "Riverside Surgery", "action": "link", "organisation": "B82005"}
        ).status_code
        == 403
    )
    practice.refresh_from_db()
    relationship.refresh_from_db()
    assert practice.name == "Riverside Surgery"
    assert relationship.end_date is None
    assert not Interest.objects.filter(organisation=practice).exists()
    html = client.get(urls["detail"]).content.decode()
    assert "Change details" not in html
    assert "Add a relationship" not in html


def test_the_secretary_may_open_every_page(client, secretary, network):
    login(client, secretary)
    for name, url in _urls(*network).items():
        assert client.get(url).status_code == 200, name


def test_the_pages_need_sign_in(client, network):
    for name, url in _urls(*network).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login"))
