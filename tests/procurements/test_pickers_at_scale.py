"""Every organisation field with the national practice file loaded (over 14,000
organisations): the declaration's organisation, a gift's "offered by", an agenda item's
affected organisations and a lot's bidders are search boxes, so no form page lists them all,
and each page costs the same queries as with a handful of organisations."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interests.models import Organisation
from tests.conftest import login
from tests.meetings.conftest import Story

PRACTICES = 14_100


def _forms(story: Story) -> list[tuple[Any, str]]:
    lot = story.lot
    return [
        (story.fed_gp, reverse("interest_new")),
        (story.fed_gp, reverse("gift_new")),
        (story.secretary, reverse("item_add", args=[story.meeting.pk])),
        (story.secretary, reverse("item_edit", args=[story.meeting.pk, story.award_item.pk])),
        (story.secretary, reverse("bid_add", args=[lot.procurement.pk, lot.pk])),
    ]


def _visit(client: Client, who: Any, url: str) -> tuple[int, str]:
    login(client, who)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def test_no_organisation_field_lists_every_organisation(client: Client, story: Story) -> None:
    before = {url: _visit(client, who, url) for who, url in _forms(story)}
    Organisation.objects.bulk_create(
        Organisation(name=f"Practice {n:05d}", ods_code=f"Z{n:05d}", kind="gp_practice")
        for n in range(PRACTICES)
    )
    for who, url in _forms(story):
        queries, page = _visit(client, who, url)
        small_queries, small_page = before[url]
        assert queries == small_queries, url
        assert "Practice 00007" not in page, url
        assert len(page) < len(small_page) + 2_000, url
        assert reverse("organisation_suggestions") in page, url
