"""The published register answered before the session and sign-in (core.public_cache): only
for a reader with no session and no messages, only what the view marked, never after the
register's version or the day moved on, and never a restricted page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.public_cache import _key
from interests.services.declarations import Publication, interest_declare
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _register() -> str:
    return reverse("published_register")


def _kept(path: str, **query: str) -> Any:
    return cache.get(_key(RequestFactory().get(path, query)))


def _without_nonce(response: Any) -> str:
    return re.sub(r'nonce="[^"]+"', "", response.content.decode())


def test_a_kept_page_is_answered_with_one_query_and_never_reads_a_session() -> None:
    InterestFactory(declarant=MemberFactory(last_name="Kept"))
    first = Client().get(_register())
    assert _kept(_register()) is not None
    with CaptureQueriesContext(connection) as captured:
        again = Client().get(_register())
    assert len(captured.captured_queries) == 1
    assert "core_publishedversion" in captured.captured_queries[0]["sql"]
    assert _without_nonce(again) == _without_nonce(first)
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert "public" in again["Cache-Control"] and again["X-Frame-Options"] == "DENY"


def test_a_conditional_get_is_answered_304_before_the_session(client: Client) -> None:
    InterestFactory()
    first = Client().get(_register())
    with CaptureQueriesContext(connection) as captured:
        again = Client().get(_register(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and len(captured.captured_queries) == 1
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
    assert again.content == b""


def test_a_declaration_is_shown_at_once_whatever_was_kept() -> None:
    InterestFactory()
    first = Client().get(_register())
    member = MemberFactory(last_name="Newcomer")
    interest_declare(
        member=member,
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": OrganisationFactory(name="Fresh Holdings Ltd"),
            "organisation_name": "",
            "nature": "director",
            "description": "Director",
            "start_date": datetime.date(2024, 1, 1),
        },
    )
    after = Client().get(_register(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "Fresh Holdings Ltd" in after.content.decode()
    assert after["ETag"] != first["ETag"]


def test_a_kept_page_from_yesterday_is_not_served(monkeypatch: pytest.MonkeyPatch) -> None:
    InterestFactory()
    Client().get(_register())
    kept = _kept(_register())
    cache.set(_key(RequestFactory().get(_register())), kept | {"body": b"yesterday's page"})
    assert Client().get(_register()).content == b"yesterday's page"
    cache.set(
        _key(RequestFactory().get(_register())),
        kept | {"body": b"yesterday's page", "day": kept["day"] - datetime.timedelta(days=1)},
    )
    assert b"yesterday's page" not in Client().get(_register()).content


def test_signed_in_readers_and_restricted_pages_are_never_kept_or_served_kept(
    client: Client, secretary: Any
) -> None:
    InterestFactory()
    Client().get(_register())
    login(client, secretary)
    signed_in = client.get(_register())
    assert "Log out" in signed_in.content.decode() and "no-store" in signed_in["Cache-Control"]
    full = reverse("register_full")
    assert client.get(full).status_code == 200
    assert _kept(full) is None
    # An anonymous reader of the restricted page is sent to sign in, every time.
    for _ in range(2):
        assert Client().get(full).status_code == 302
    assert _kept(full) is None


def test_a_search_is_kept_under_its_own_parameters() -> None:
    InterestFactory(declarant=MemberFactory(last_name="Searchable"))
    InterestFactory(declarant=MemberFactory(last_name="Other"))
    everyone = Client().get(_register()).content.decode()
    found = Client().get(_register(), {"text": "Searchable"}).content.decode()
    again = Client().get(_register(), {"text": "Searchable"}).content.decode()
    assert "Other" in everyone and "Other" not in found and "Other" not in again
    assert _kept(_register(), text="Searchable") is not None
