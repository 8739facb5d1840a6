"""The network each process keeps (meetings.selectors.network): read again whenever a
relationship or an organisation changed, committed or in this transaction, and never used
after a change that rolled back."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction

from interests.services.organisations import (
    OrganisationData,
    organisation_relationship_add,
    organisation_update,
)
from meetings.selectors.network import Network, current_network
from recusal import EdgeFacts
from tests.interests.factories import OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


class _RolledBack(Exception):
    pass


def _link(actor: Any, source: Any, target: Any) -> None:
    organisation_relationship_add(
        actor=actor, source=source, target=target, kind="member_of", start_date=None
    )


def test_an_unchanged_network_is_read_with_one_small_query(
    django_assert_num_queries: Any,
) -> None:
    RelationshipFactory()
    first = current_network()
    with django_assert_num_queries(1):
        assert current_network() is first


def test_a_link_made_in_this_transaction_is_seen_at_once(secretary: Any) -> None:
    practice, federation = OrganisationFactory(), OrganisationFactory()
    before = current_network()
    _link(secretary.user, practice, federation)
    edges = {(e.source, e.target) for e in current_network().edges}
    assert (practice.pk, federation.pk) in edges
    assert (practice.pk, federation.pk) not in {(e.source, e.target) for e in before.edges}


def test_a_network_read_in_a_change_that_rolled_back_is_never_used(secretary: Any) -> None:
    practice, federation = OrganisationFactory(), OrganisationFactory()
    current_network()
    with pytest.raises(_RolledBack), transaction.atomic():
        _link(secretary.user, practice, federation)
        assert (practice.pk, federation.pk) in {
            (e.source, e.target) for e in current_network().edges
        }
        raise _RolledBack
    assert (practice.pk, federation.pk) not in {
        (e.source, e.target) for e in current_network().edges
    }
    # A different link committed afterwards is read afresh, not taken for the rolled-back one.
    _link(secretary.user, federation, practice)
    edges = {(e.source, e.target) for e in current_network().edges}
    assert (federation.pk, practice.pk) in edges and (practice.pk, federation.pk) not in edges


def test_a_renamed_organisation_is_named_afresh(secretary: Any) -> None:
    organisation = OrganisationFactory(name="Old Name Surgery")
    assert current_network().names[organisation.pk] == "Old Name Surgery"
    organisation_update(
        actor=secretary.user,
        organisation=organisation,
        data=OrganisationData(
            name="New Name Surgery", kind=organisation.kind, ods_code=organisation.ods_code
        ),
    )
    assert current_network().names[organisation.pk] == "New Name Surgery"


def test_edges_on_a_day_are_those_current_then() -> None:
    ended = RelationshipFactory(end_date=datetime.date(2020, 1, 1))
    network = current_network()
    assert (ended.source_id, ended.target_id) in {
        (e.source, e.target) for e in network.edges_on(datetime.date(2019, 6, 1))
    }
    assert (ended.source_id, ended.target_id) not in {
        (e.source, e.target) for e in network.edges_on(datetime.date(2021, 6, 1))
    }


def test_the_relationships_current_on_a_day_are_those_whose_dates_cover_it() -> None:
    """Filtered once per stretch of days with the same relationships current: every day of a
    stretch gets the same answer as filtering for that day, at both ends of each date."""
    day = datetime.date(2025, 1, 1)
    edges = (
        EdgeFacts(1, 2, "member_of"),
        EdgeFacts(3, 2, "member_of", start=day),
        EdgeFacts(4, 2, "member_of", end=day + datetime.timedelta(days=10)),
        EdgeFacts(5, 2, "member_of", start=day + datetime.timedelta(days=5), end=day),
        EdgeFacts(
            6,
            2,
            "owned_by",
            start=day + datetime.timedelta(days=3),
            end=day + datetime.timedelta(days=3),
        ),
    )
    network = Network(edges, {})
    for offset in range(-3, 16):
        on = day + datetime.timedelta(days=offset)
        assert network.edges_on(on) == tuple(e for e in edges if e.is_current_on(on)), on
    assert network.edges_on(day + datetime.timedelta(days=1)) is network.edges_on(
        day + datetime.timedelta(days=2)
    )
