"""The audit trail and the privileged actions: a page without counting millions of rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import PRIVILEGED_ACTION_NAMES, AuditEvent
from core.selectors import PRIVILEGED_ACTIONS
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_every_privileged_action_has_a_label_and_is_indexed() -> None:
    assert set(PRIVILEGED_ACTIONS) == set(PRIVILEGED_ACTION_NAMES)


def _events(count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(action="paper.downloaded", object_repr=f"Paper {n}") for n in range(count)
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(action="two_factor.reset", object_repr=f"Reset {n}") for n in range(count // 3)
    )


@pytest.mark.parametrize("size", [30, 300])
def test_the_trail_and_the_privileged_actions_cost_the_same_at_any_size(
    client: Client, auditor: Any, django_assert_max_num_queries: Any, size: int
) -> None:
    _events(size)
    login(client, auditor)
    for name in ("audit_trail", "privileged_actions"):
        for page in ("1", "2"):
            with django_assert_max_num_queries(14):
                response = client.get(reverse(name), {"page": page})
            assert response.status_code == 200
    if size > 50:
        html = client.get(reverse("audit_trail"), {"page": "2"}).content.decode()
        assert "Page 1</span>" in html  # a link back to newer events, without "of N"
        assert 'rel="next"' in html and "Page 3</span>" in html


def test_the_last_page_offers_no_older_events(client: Client, auditor: Any) -> None:
    _events(30)
    login(client, auditor)
    html = client.get(reverse("audit_trail")).content.decode()
    assert 'rel="next"' not in html


def test_the_filter_offers_each_action_and_kind_of_record_the_trail_holds_once(
    client: Client, auditor: Any
) -> None:
    """The choices are read value by value from the indexes, not by reading the trail."""
    AuditEvent.objects.bulk_create(
        [
            *(AuditEvent(action="paper.downloaded", object_type="meetings.paper") for _ in range(5)),
            *(AuditEvent(action="interest.submitted", object_type="interests.interest") for _ in range(3)),
            AuditEvent(action="audit.viewed"),  # no record: no kind offered for it
        ]
    )  # fmt: skip
    login(client, auditor)
    html = client.get(reverse("audit_trail")).content.decode()
    actions = ["audit.viewed", "interest.submitted", "paper.downloaded"]
    offered = [html.index(f'<option value="{action}"') for action in actions]
    assert offered == sorted(offered)  # each once, in order
    for value in (*actions, "meetings.paper", "interests.interest"):
        assert html.count(f'<option value="{value}"') == 1
    assert html.count('<option value=""') == 2  # "Any kind" and "Anything", no blank kind
