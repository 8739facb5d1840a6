"""Typed organisation names matched to the list: the rules (ADR 0027)."""

from __future__ import annotations

import pytest

from interests.name_matching import Candidate, Method, NameMatcher, name_key

LIST = [
    Candidate(1, "Riverside Surgery", "A81001"),
    Candidate(2, "Hilltop Medical Centre"),
    Candidate(3, "Acme Health Ltd"),
    Candidate(4, "Parkside Health Centre"),
    Candidate(5, "Meadow Lane Surgery", "B82099"),
    Candidate(6, "Northfield GP Federation", "Y01234"),
    Candidate(7, "Bridge & Canal Practice"),
]


@pytest.mark.parametrize(
    ("typed", "expected", "method"),
    [
        ("The Riverside Surgery", 1, Method.SAME_NAME),
        ("RIVERSIDE SURGERY.", 1, Method.SAME_NAME),
        ("Riverside", 1, Method.SAME_NAME),
        ("Hilltop Med Center", 2, Method.SAME_NAME),
        ("Hilltop Health Centre", 2, Method.SAME_NAME),
        ("Acme Health Limited", 3, Method.SAME_NAME),
        ("Parkside", 4, Method.SAME_NAME),
        ("Bridge and Canal Surgery", 7, Method.SAME_NAME),
        ("Meadow Lane (B82099)", 5, Method.ODS_CODE),
        ("y01234", 6, Method.ODS_CODE),
        ("Riverside Surgry", 1, Method.SIMILAR),
        ("Northfeld GP Federation", 6, Method.SIMILAR),
    ],
)
def test_a_typed_name_is_matched(typed: str, expected: int, method: Method) -> None:
    proposals = NameMatcher(LIST).propose(typed)
    assert [(p.organisation_id, p.method) for p in proposals] == [(expected, method)]


@pytest.mark.parametrize(
    "typed",
    [
        "Southfield GP Federation",  # another place, however alike the rest
        "Royal College of General Practitioners",
        "The Surgery",
        "Riverside Carers",
        "",
    ],
)
def test_an_unsure_name_is_not_proposed(typed: str) -> None:
    assert NameMatcher(LIST).propose(typed) == []


def test_two_organisations_with_the_same_name_are_both_proposed() -> None:
    matcher = NameMatcher([*LIST, Candidate(8, "Riverside Medical Centre")])
    assert {p.organisation_id for p in matcher.propose("Riverside")} == {1, 8}


def test_a_name_of_nothing_but_kind_words_keeps_them() -> None:
    assert name_key("The Surgery") == "surgery"
    assert name_key("The Riverside Surgery Ltd.") == "riverside"


def test_importing_organisations_proposes_links_for_names_typed_before(db: object) -> None:
    """The national practice file arrives after the old register: its names are matched."""
    from interests.models import Interest, OrganisationNameMatch
    from interests.services.org_import import org_import_commit, org_import_preview
    from tests.interests.factories import InterestFactory, MemberFactory

    InterestFactory(
        declarant=MemberFactory(),
        organisation=None,
        organisation_name="The Riverside Surgery Ltd",
        status=Interest.Status.REVIEWED,
    )
    content = b"name,kind,ods_code,member_of\nRiverside Surgery,GP practice,B82005,\n"
    plan = org_import_preview(content=content, layout="simple")
    org_import_commit(plan=plan, actor=None, source="test.csv")
    match = OrganisationNameMatch.objects.get()
    assert match.organisation.name == "Riverside Surgery"
    assert match.method == OrganisationNameMatch.Method.SAME_NAME
    assert match.status == OrganisationNameMatch.Status.PROPOSED
    assert Interest.objects.get().organisation_id is None  # proposed, not applied
