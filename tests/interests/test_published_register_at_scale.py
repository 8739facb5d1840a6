"""The published register at web speed: a page from the database in a fixed number of
queries, HTTP caching that a browser or proxy can rely on, a server cache that can never
serve a stale register, and CSV downloads streamed in batches (core.publication, ADR 0023)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, PublishedVersion
from core.publication import REGISTER_OF_INTERESTS
from interests.models import Interest
from interests.services import campaigns as campaign_services
from interests.services.declarations import (
    Publication,
    interest_declare,
    withholding_decide,
    withholding_request,
)
from interests.services.organisations import OrganisationData, organisation_update
from interests.services.people import PersonData, member_update
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory
from tests.meetings.conftest import story, story_published  # noqa: F401, F811

pytestmark = pytest.mark.django_db


def _entries(count: int) -> list[Interest]:
    return [
        InterestFactory(declarant=MemberFactory(last_name=f"Person{n:04d}")) for n in range(count)
    ]


def _version() -> int:
    return PublishedVersion.objects.get(name=REGISTER_OF_INTERESTS).version


def _declare(member: Any, organisation: Any, description: str = "Director") -> Interest:
    return interest_declare(
        member=member,
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": organisation,
            "organisation_name": "",
            "nature": "director",
            "description": description,
            "start_date": datetime.date(2024, 1, 1),
        },
    )


# --- Pages in a fixed number of queries ---------------------------------------------------


@pytest.mark.parametrize("size", [12, 130])
def test_a_page_of_the_published_register_costs_the_same_at_any_size(
    client: Client, django_assert_max_num_queries: Any, size: int
) -> None:
    _entries(size)
    last_page = (size + 49) // 50
    for page in (1, last_page):
        cache.clear()  # the body built from the database, not served from the cache
        with django_assert_max_num_queries(8):
            response = client.get(reverse("published_register"), {"page": page})
        assert response.status_code == 200
        assert f"{size} entries" in response.content.decode()
    # Served again, the body comes from the cache: only the version is read.
    with django_assert_max_num_queries(1):
        assert client.get(reverse("published_register"), {"page": last_page}).status_code == 200


@pytest.mark.parametrize("size", [12, 130])
def test_a_page_of_the_full_register_costs_the_same_at_any_size(
    client: Client, secretary: Any, django_assert_max_num_queries: Any, size: int
) -> None:
    _entries(size)
    login(client, secretary)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("register_full"), {"page": 2 if size > 50 else 1})
    assert response.status_code == 200
    assert f"{size} entries" in response.content.decode()


def test_the_full_register_filters_one_persons_entries_without_listing_everyone(
    client: Client, secretary: Any
) -> None:
    mine, other = _entries(2)
    login(client, secretary)
    html = client.get(reverse("register_full"), {"declarant": mine.declarant_id}).content.decode()
    assert f"Showing the entries of {mine.declarant.full_name} only" in html
    assert other.declarant.last_name not in html
    assert "<select" not in html.split('name="declarant"')[0].rsplit("<div", 1)[-1]


# --- HTTP caching -------------------------------------------------------------------------


def test_the_public_gets_validators_and_a_public_cache_control(client: Client) -> None:
    _entries(3)
    response = client.get(reverse("published_register"))
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60"} <= directives
    assert "no-store" not in directives


def test_a_conditional_get_for_an_unchanged_register_answers_304(client: Client) -> None:
    _entries(3)
    first = client.get(reverse("published_register"))
    again = client.get(reverse("published_register"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(reverse("published_register"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other_page = client.get(
        reverse("published_register"), {"text": "Person"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert other_page.status_code == 200  # another search is another resource


def test_a_declaration_changes_the_validators_and_shows_at_once(client: Client) -> None:
    (existing,) = _entries(1)
    first = client.get(reverse("published_register"))
    before = _version()
    _declare(existing.declarant, OrganisationFactory(name="Brand New Ventures Ltd"))
    assert _version() > before
    after = client.get(reverse("published_register"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert "Brand New Ventures Ltd" in after.content.decode()


def test_a_withholding_request_takes_the_entry_off_at_once_whatever_was_cached(
    client: Client,
) -> None:
    (entry,) = _entries(1)
    entry.organisation.name = "Risky Associates Ltd"
    entry.organisation.save()
    cache.clear()
    assert "Risky Associates Ltd" in client.get(reverse("published_register")).content.decode()
    withholding_request(
        interest=entry,
        member=entry.declarant,
        reason="A documented risk of harm",
        actor=entry.declarant.user,
    )
    assert "Risky Associates Ltd" not in client.get(reverse("published_register")).content.decode()


def test_signed_in_readers_get_private_no_store_and_never_a_304(
    client: Client, secretary: Any
) -> None:
    _entries(2)
    anonymous = Client().get(reverse("published_register"))
    login(client, secretary)
    response = client.get(reverse("published_register"), HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")
    # The signed-in header (their name, sign out) is never served from the shared cache.
    assert "Log out" in response.content.decode()
    assert "Log out" not in Client().get(reverse("published_register")).content.decode()


def test_restricted_pages_are_never_cached_so_a_revoked_permission_holds_at_once(
    client: Client,
    story_published: Any,  # noqa: F811
) -> None:
    """A paper the reader could open a moment ago is refused as soon as the conflict is
    known: nothing between them and the permission check keeps an old answer."""
    world = story_published
    url = reverse("paper_download", args=[world.award_paper.pk])
    login(client, world.single_gp)
    first = client.get(url)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    _declare(world.single_gp, world.federation)
    assert client.get(url).status_code == 403


# --- What bumps the version: every change that alters what is published ---------------------


def test_every_change_that_alters_the_published_register_bumps_its_version(
    secretary: Any, guardian: Any
) -> None:
    member = MemberFactory(last_name="Original")
    entry = InterestFactory(declarant=member)
    changes = {
        "a person renamed": lambda: member_update(
            actor=secretary.user,
            member=member,
            person=PersonData(
                title=member.title,
                first_name=member.first_name,
                last_name="Renamed",
                job_title=member.job_title,
                professional_role=member.professional_role,
                email=member.email,
                affiliation="",
                is_decision_maker=True,
            ),
        ),
        "an organisation renamed": lambda: organisation_update(
            actor=secretary.user,
            organisation=entry.organisation,
            data=OrganisationData(name="Renamed Surgery", kind="gp_practice"),
        ),
        "a withholding requested": lambda: withholding_request(
            interest=entry, member=member, reason="Risk of harm", actor=member.user
        ),
        "a withholding decided": lambda: withholding_decide(
            interest=entry, guardian=guardian.user, approve=True, note="Documented"
        ),
        "a nil return": lambda: _nil_return(MemberFactory()),
    }
    for label, change in changes.items():
        before = _version()
        change()
        assert _version() > before, label


def _nil_return(member: Any) -> None:
    campaign_services.nil_return_submit(
        member=member, actor=member.user, confirmed_complete=True, acknowledged_duty=True
    )


def test_a_committee_place_bumps_the_version(story: Any) -> None:  # noqa: F811
    from meetings.services.committees import membership_add

    before = _version()
    membership_add(
        actor=story.secretary.user,
        committee=story.committee,
        member=MemberFactory(),
        role="member",
        is_voting=True,
        start_date=timezone.localdate(),
    )
    assert _version() > before


# --- CSV downloads, streamed ----------------------------------------------------------------


def _csv_rows(response: Any) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("size", [5, 1_100])
def test_the_published_csv_streams_every_row_in_batches(
    client: Client, django_assert_max_num_queries: Any, size: int
) -> None:
    _entries(size)
    # Two queries for each batch of 500 (its positions held), whatever the size otherwise.
    batches = (size + 499) // 500
    with django_assert_max_num_queries(4 + 2 * batches):
        rows = _csv_rows(client.get(reverse("published_register_csv")))
    assert len(rows) == size + 1


def test_the_full_csv_keeps_iso_dates_neutralised_formulas_and_its_audit(
    client: Client, secretary: Any
) -> None:
    InterestFactory(
        organisation=None, organisation_name="=SUM(A1:A9)", start_date=datetime.date(2021, 3, 4)
    )
    login(client, secretary)
    rows = _csv_rows(client.get(reverse("register_full_csv")))
    (row,) = rows[1:]
    assert "'=SUM(A1:A9)" in row
    assert "2021-03-04" in row
    event = AuditEvent.objects.get(action="register.exported_csv")
    assert event.detail["rows"] == 1


def test_a_cached_page_carries_each_responses_own_nonce_and_sets_no_cookie(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    _entries(2)
    first = Client().get(reverse("published_register"))
    with django_assert_max_num_queries(1):
        second = Client().get(reverse("published_register"))
    nonces = []
    for response in (first, second):
        (nonce,) = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        assert not response.cookies  # no CSRF or session cookie on a page others may share
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert "_x00" not in second.content.decode() and "\x00" not in second.content.decode()


def test_a_reader_with_messages_waiting_is_never_given_the_shared_page(
    client: Client, secretary: Any
) -> None:
    _entries(1)
    Client().get(reverse("published_register"))  # the shared page is now cached
    login(client, secretary)
    client.post(reverse("logout"))  # "you have signed out", or a session, waiting
    response = client.get(reverse("published_register"))
    assert response.status_code == 200
    assert "Log out" not in response.content.decode()
