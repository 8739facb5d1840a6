"""Regression tests from the security review: each asserts the safe behaviour."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from interests.services.declarations import Publication, interest_draft_save, interest_submit
from tests.conftest import login


def test_history_hides_draft_versions_from_register_readers(client: Client, story: Any) -> None:
    m = story.fed_gp
    f = {
        "category": "financial",
        "organisation": story.riverside,
        "organisation_name": "",
        "nature": "partner",
        "description": "DRAFT-WORKING-NOTE",
        "start_date": datetime.date(2025, 1, 1),
    }
    i = interest_draft_save(member=m, fields=f, actor=m.user)
    interest_draft_save(member=m, fields={**f, "description": "Partner"}, actor=m.user, interest=i)
    interest_submit(
        interest=i,
        member=m,
        actor=m.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
    )
    login(client, story.chair)
    page = client.get(reverse("interest_history", args=[i.pk])).content.decode()
    assert "DRAFT-WORKING-NOTE" not in page, "another member's draft text visible in history"
