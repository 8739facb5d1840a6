"""Searches by part of a word: trigram indexes on PostgreSQL, a plain scan on SQLite, the
same answers either way."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

INDEX_NAMES = set(
    importlib.import_module("interests.migrations.0007_search_trigram_indexes").INDEXES
)


def test_the_register_search_finds_part_of_a_word_in_names_and_descriptions(
    client: Client,
) -> None:
    InterestFactory(
        declarant=MemberFactory(last_name="Okafor"),
        organisation=OrganisationFactory(name="Hillcrest Surgery"),
        description="Trustee of the Moorside Carers' Trust",
    )
    InterestFactory(description="Partner in the practice")
    for search in ({"person": "kafo"}, {"organisation": "llcres"}, {"text": "moorsi"}):
        html = client.get(reverse("published_register"), search).content.decode()
        assert "1 entry" in html, search


def test_the_indexes_that_serve_it_exist_where_the_database_has_them() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
            assert {row[0] for row in cursor.fetchall()} >= INDEX_NAMES
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            assert not {row[0] for row in cursor.fetchall()} & INDEX_NAMES
