"""The network of organisations, as the recusal engine reads it."""

from __future__ import annotations

import datetime

import pytest

from interests.models import Organisation, OrganisationRelationship
from interests.selectors.organisations import (
    organisation_list,
    organisation_list_page,
    organisation_network_edges,
    organisations_reaching,
)

TODAY = datetime.date(2024, 6, 1)
MEMBER_OF = "member_of"
PARTNER_IN = "partner_in"
OWNED_BY = "owned_by"


def org(name: str, kind: str = "gp_practice", **fields: object) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, **fields)


def edge(
    source: Organisation,
    target: Organisation,
    kind: str = MEMBER_OF,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> OrganisationRelationship:
    return OrganisationRelationship.objects.create(
        source=source, target=target, kind=kind, start_date=start, end_date=end
    )


def test_a_practice_in_the_federation_reaches_it_in_one_step(db):
    riverside = org("Riverside Surgery")
    federation = org("Northfield GP Federation", "gp_federation")
    single_hander = org("Hill Top Surgery")
    edge(riverside, federation, start=datetime.date(2016, 4, 1))

    reached = organisations_reaching({federation.pk}, TODAY)

    assert reached == {riverside.pk: [[(federation.pk, MEMBER_OF)]]}
    assert single_hander.pk not in reached
    assert federation.pk not in reached  # a target is not reported as reaching itself


def test_paths_of_depth_two_and_three_are_followed_and_spelt_out(db):
    practice = org("Riverside Surgery")
    pcn = org("Northfield Central PCN", "pcn")
    federation = org("Northfield GP Federation", "gp_federation")
    venture = org("Northfield Urgent Care LLP", "company")
    edge(practice, pcn)
    edge(pcn, federation)
    edge(federation, venture, PARTNER_IN)

    reached = organisations_reaching({venture.pk}, TODAY)

    assert reached[practice.pk] == [
        [(pcn.pk, MEMBER_OF), (federation.pk, MEMBER_OF), (venture.pk, PARTNER_IN)]
    ]
    assert reached[pcn.pk] == [[(federation.pk, MEMBER_OF), (venture.pk, PARTNER_IN)]]
    assert reached[federation.pk] == [[(venture.pk, PARTNER_IN)]]


def test_edges_point_one_way_only(db):
    practice = org("Riverside Surgery")
    federation = org("Northfield GP Federation", "gp_federation")
    edge(practice, federation)

    # The federation being a member's parent does not make it reach the practice.
    assert organisations_reaching({practice.pk}, TODAY) == {}


def test_cycles_never_loop_and_each_path_visits_an_organisation_once(db):
    a = org("Alpha Holdings", "company")
    b = org("Beta Services", "company")
    c = org("Gamma Care", "company")
    edge(a, b, OWNED_BY)
    edge(b, c, OWNED_BY)
    edge(c, a, OWNED_BY)  # a cycle back to the start

    reached = organisations_reaching({c.pk}, TODAY)

    assert reached[b.pk] == [[(c.pk, OWNED_BY)]]
    assert reached[a.pk] == [[(b.pk, OWNED_BY), (c.pk, OWNED_BY)]]
    # c reaches itself only round the cycle, which is not a path.
    assert c.pk not in reached
    for paths in reached.values():
        for path in paths:
            visited = [step[0] for step in path]
            assert len(visited) == len(set(visited))


def test_the_shortest_path_to_each_target_is_given(db):
    practice = org("Riverside Surgery")
    pcn = org("Northfield Central PCN", "pcn")
    federation = org("Northfield GP Federation", "gp_federation")
    trust = org("Northfield Community Trust", "nhs_trust")
    edge(practice, pcn)
    edge(pcn, federation)
    edge(practice, federation)  # also directly
    edge(federation, trust, PARTNER_IN)

    reached = organisations_reaching({federation.pk, trust.pk}, TODAY)

    assert reached[practice.pk] == [
        [(federation.pk, MEMBER_OF)],
        [(federation.pk, MEMBER_OF), (trust.pk, PARTNER_IN)],
    ]
    assert reached[federation.pk] == [[(trust.pk, PARTNER_IN)]]


def test_ended_and_future_relationships_count_only_on_their_dates(db):
    practice = org("Riverside Surgery")
    old_federation = org("Old Federation", "gp_federation")
    new_federation = org("New Federation", "gp_federation")
    edge(practice, old_federation, start=datetime.date(2015, 1, 1), end=datetime.date(2020, 3, 31))
    edge(practice, new_federation, start=datetime.date(2024, 7, 1))
    targets = {old_federation.pk, new_federation.pk}

    assert organisations_reaching(targets, TODAY) == {}
    assert organisations_reaching(targets, datetime.date(2020, 3, 31)) == {
        practice.pk: [[(old_federation.pk, MEMBER_OF)]]
    }
    assert organisations_reaching(targets, datetime.date(2020, 4, 1)) == {}
    assert organisations_reaching(targets, datetime.date(2024, 7, 1)) == {
        practice.pk: [[(new_federation.pk, MEMBER_OF)]]
    }


def test_the_edges_current_on_a_date_load_in_one_query(db, django_assert_num_queries):
    practice = org("Riverside Surgery")
    federation = org("Northfield GP Federation", "gp_federation")
    ended = org("Old Federation", "gp_federation")
    edge(practice, federation, start=datetime.date(2016, 4, 1))
    edge(practice, ended, end=datetime.date(2019, 1, 1))

    with django_assert_num_queries(1):
        edges = organisation_network_edges(TODAY)

    assert edges == [(practice.pk, federation.pk, MEMBER_OF)]


@pytest.mark.parametrize("depth", [1, 5, 40])
def test_any_depth_costs_one_query(db, django_assert_max_num_queries, depth):
    chain = [org(f"Organisation {n}", "company") for n in range(depth + 1)]
    for source, target in zip(chain, chain[1:], strict=False):
        edge(source, target, OWNED_BY)
    edge(chain[-1], chain[0], OWNED_BY)  # and a cycle round the whole chain

    with django_assert_max_num_queries(1):
        reached = organisations_reaching({chain[-1].pk}, TODAY)

    assert len(reached[chain[0].pk][0]) == depth


def test_preloaded_edges_need_no_query(db, django_assert_num_queries):
    practice = org("Riverside Surgery")
    federation = org("Northfield GP Federation", "gp_federation")
    edge(practice, federation)
    edges = organisation_network_edges(TODAY)

    with django_assert_num_queries(0):
        assert organisations_reaching({federation.pk}, TODAY, edges=edges) == {
            practice.pk: [[(federation.pk, MEMBER_OF)]]
        }
        assert organisations_reaching(set(), TODAY, edges=edges) == {}


def test_a_large_network_is_walked_quickly_in_memory():
    # 8,000 practices in 200 federations, all partners in one venture: no database.
    edges = [(n, 100_000 + n % 200, MEMBER_OF) for n in range(8_000)]
    edges += [(100_000 + f, 999_999, PARTNER_IN) for f in range(200)]

    reached = organisations_reaching({999_999}, TODAY, edges=edges)

    assert len(reached) == 8_200
    assert reached[7] == [[(100_007, MEMBER_OF), (999_999, PARTNER_IN)]]


# --- The organisation list --------------------------------------------------------


def test_the_list_searches_by_name_or_ods_code_and_filters_by_kind_and_status(db):
    densham = org("The Densham Surgery", ods_code="A81001")
    victoria = org("Victoria Medical Practice", ods_code="A81003", is_active=False)
    federation = org("Tees Valley GP Federation", "gp_federation")

    assert list(organisation_list(search="densham")) == [densham]
    assert list(organisation_list(search="a81003")) == [victoria]
    assert list(organisation_list(kind="gp_federation")) == [federation]
    assert list(organisation_list(active=False)) == [victoria]
    assert list(organisation_list(active=True, kind="gp_practice")) == [densham]
    assert list(organisation_list(search="  ")) == [federation, densham, victoria]


def test_the_list_is_paginated_fifty_a_page(db):
    Organisation.objects.bulk_create(
        Organisation(name=f"Practice {n:03}", kind="gp_practice") for n in range(120)
    )

    first = organisation_list_page(page=1)
    last = organisation_list_page(page=3)
    beyond = organisation_list_page(page="not a number")

    assert len(first.object_list) == 50
    assert first.paginator.num_pages == 3
    assert [o.name for o in last.object_list][0] == "Practice 100"
    assert beyond.number == 1
