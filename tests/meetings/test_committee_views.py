"""The secretary's committee set-up: the list, details, quorum, members, reserve and referrals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interests.models import Member
from meetings.models import (
    Committee,
    CommitteeMembership,
    Meeting,
    QuorumRoleRequirement,
    ReserveMember,
)
from meetings.selectors.committees import committee_detail, quorum_rule_text
from meetings.services.committee_quorum import committee_quorum_set
from meetings.services.committee_referrals import committee_referrals_set
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import MemberFactory
from tests.meetings.factories import CommitteeFactory, MeetingFactory, MembershipFactory

TODAY = timezone.localdate()
LONG_AGO = datetime.date(2020, 1, 1)


def person(**fields: Any) -> Member:
    return cast(Member, MemberFactory(**fields))


def committee(name: str, **fields: Any) -> Committee:
    return cast(Committee, CommitteeFactory(name=name, **fields))


def membership(**fields: Any) -> CommitteeMembership:
    return cast(CommitteeMembership, MembershipFactory(**fields))


def date_fields(prefix: str, day: datetime.date | None) -> dict[str, str]:
    if day is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def html_of(response: Any) -> str:
    return cast(str, response.content.decode())


@dataclass
class Board:
    body: Committee
    audit: Committee
    chair: CommitteeMembership
    vice: CommitteeMembership
    gp: CommitteeMembership
    adviser: CommitteeMembership
    former: CommitteeMembership
    newcomer: Member
    reserve_gp: Member


@pytest.fixture
def board(db: Any) -> Board:
    """A governing body with officers, a non-voting adviser, a past member and a reserve GP."""
    body = committee("Governing Body", quorum_minimum_voting=4)
    QuorumRoleRequirement.objects.create(committee=body, professional_role="gp", minimum=1)
    QuorumRoleRequirement.objects.create(committee=body, professional_role="lay", minimum=1)
    audit = committee("Audit Committee", quorum_minimum_voting=2)
    chair = membership(
        committee=body,
        member=person(first_name="Priya", last_name="Shah", job_title="Clinical Chair"),
        role="chair",
    )
    vice = membership(
        committee=body,
        member=person(title="Mr", first_name="Robert", last_name="Kaye", professional_role="lay"),
        role="vice_chair",
    )
    gp = membership(committee=body, member=person(first_name="Omar", last_name="Said"))
    adviser = membership(
        committee=body,
        member=person(first_name="Lena", last_name="Shaw", professional_role="manager"),
        is_voting=False,
    )
    former = membership(
        committee=body,
        member=person(first_name="Old", last_name="Timer"),
        end_date=datetime.date(2023, 3, 31),
    )
    reserve_gp = person(first_name="Nia", last_name="North", affiliation="Southfield CCG")
    body.reserve.create(member=reserve_gp, note="GP from Southfield CCG")
    body.referral_committees.add(audit)
    newcomer = person(first_name="Grace", last_name="Hill")
    return Board(body, audit, chair, vice, gp, adviser, former, newcomer, reserve_gp)


def _urls(board: Board) -> dict[str, str]:
    pk = board.body.pk
    return {
        "list": reverse("committee_list"),
        "detail": reverse("committee_detail", args=[pk]),
        "create": reverse("committee_create"),
        "edit": reverse("committee_edit", args=[pk]),
        "quorum": reverse("committee_quorum", args=[pk]),
        "member_add": reverse("committee_member_add", args=[pk]),
        "member_end": reverse("committee_member_end", args=[pk, board.gp.pk]),
        "reserve_add": reverse("committee_reserve_add", args=[pk]),
        "referrals": reverse("committee_referrals", args=[pk]),
    }


READ_PAGES = ("list", "detail")
WRITE_PAGES = ("create", "edit", "quorum", "member_add", "member_end", "reserve_add", "referrals")


def _write_posts(board: Board) -> dict[str, dict[str, Any]]:
    """A valid submission for every write page: refused for anyone but the secretary."""
    return {
        "create": {"name": "Hacked Committee", "quorum_minimum_voting": "1"},
        "edit": {"name": "Hacked", "quorum_minimum_voting": "9"},
        "quorum": dict.fromkeys(Member.ProfessionalRole.values, "0"),
        "member_add": {"member": board.newcomer.pk, "role": "member", "is_voting": "yes"},
        "member_end": date_fields("end_date", TODAY),
        "reserve_add": {"member": board.newcomer.pk, "note": "Hacked"},
        "referrals": {},
    }


def _assert_unchanged(board: Board) -> None:
    board.body.refresh_from_db()
    board.gp.refresh_from_db()
    assert board.body.name == "Governing Body"
    assert board.body.quorum_minimum_voting == 4
    assert board.body.role_requirements.count() == 2
    assert board.gp.end_date is None
    assert not CommitteeMembership.objects.filter(member=board.newcomer).exists()
    assert not ReserveMember.objects.filter(member=board.newcomer).exists()
    assert list(board.body.referral_committees.all()) == [board.audit]
    assert not Committee.objects.filter(name="Hacked Committee").exists()


# --- Permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["federation_gp", "outsider"])
def test_members_and_outsiders_are_refused_everything(client, db, request, board, persona):
    login(client, request.getfixturevalue(persona))
    urls = _urls(board)
    for name, url in urls.items():
        assert client.get(url).status_code == 403, name
    for name, data in _write_posts(board).items():
        assert client.post(urls[name], data).status_code == 403, name
    _assert_unchanged(board)


@pytest.mark.parametrize("persona", ["auditor", "guardian", "chair"])
def test_readers_may_read_but_not_change(client, db, request, board, persona):
    login(client, request.getfixturevalue(persona))
    urls = _urls(board)
    for name in READ_PAGES:
        assert client.get(urls[name]).status_code == 200, name
    for name in WRITE_PAGES:
        assert client.get(urls[name]).status_code == 403, name
    for name, data in _write_posts(board).items():
        assert client.post(urls[name], data).status_code == 403, name
    _assert_unchanged(board)
    html = html_of(client.get(urls["detail"]))
    for button in ("Add a member", "Change details", "End membership", "Add to the reserve list"):
        assert button not in html
    assert "Add a committee" not in html_of(client.get(urls["list"]))


def test_the_secretary_may_open_every_page(client, secretary, board):
    login(client, secretary)
    for name, url in _urls(board).items():
        assert client.get(url).status_code == 200, name


def test_the_pages_need_sign_in(client, board):
    for name, url in _urls(board).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login"))


def test_a_missing_committee_or_membership_is_not_found(client, secretary, board):
    login(client, secretary)
    assert client.get(reverse("committee_detail", args=[999999])).status_code == 404
    assert client.get(reverse("committee_quorum", args=[999999])).status_code == 404
    elsewhere = membership(committee=board.audit)
    # A membership of another committee is not reachable through this one's address.
    url = reverse("committee_member_end", args=[board.body.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


# --- The list and the detail ---------------------------------------------------------------


def test_the_list_shows_voting_members_quorum_and_officers(client, secretary, board):
    membership(committee=board.body, start_date=TODAY + datetime.timedelta(days=30))
    login(client, secretary)
    html = html_of(client.get(reverse("committee_list")))
    assert "Governing Body" in html
    assert "At least 4 voting members, including 1 GP and 1 lay member" in html
    assert "Dr Priya Shah" in html
    assert "Mr Robert Kaye" in html
    row = html.split("Governing Body", 1)[1].split("</tr>", 1)[0]
    # Chair, vice-chair and the GP vote; the adviser does not, the former member has left
    # and the newcomer has not started yet.
    assert '<td class="nhsuk-table__cell">3</td>' in row
    audit_row = html.split("Audit Committee", 1)[1].split("</tr>", 1)[0]
    assert "At least 2 voting members" in audit_row
    assert audit_row.count("None appointed") == 2


def test_the_list_costs_the_same_queries_however_many_committees(
    client, secretary, board, django_assert_max_num_queries
):
    login(client, secretary)
    client.get(reverse("committee_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("committee_list"))
    for n in range(5):
        extra = committee(f"Extra {n}", quorum_minimum_voting=3)
        QuorumRoleRequirement.objects.create(committee=extra, professional_role="gp", minimum=1)
        membership(committee=extra, role="chair")
        membership(committee=extra)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("committee_list"))


def test_the_detail_shows_members_reserve_referrals_and_meetings(client, secretary, board):
    meeting = cast(Meeting, MeetingFactory(committee=board.body, title="Out-of-hours award"))
    login(client, secretary)
    html = html_of(client.get(reverse("committee_detail", args=[board.body.pk])))
    current, past = html.split("Past members", 1)
    for name in ("Dr Priya Shah", "Mr Robert Kaye", "Dr Omar Said", "Dr Lena Shaw"):
        assert name in current
    assert "Chair" in current and "Vice-chair" in current
    assert "Non-voting" in current
    assert "1 January 2020" in current
    assert "Dr Old Timer" not in current
    assert "Dr Old Timer" in past and "31 March 2023" in past
    assert "At least 4 voting members, including 1 GP and 1 lay member" in html
    assert "Dr Nia North" in html and "GP from Southfield CCG" in html
    assert "Audit Committee" in html
    assert "Out-of-hours award" in html
    assert meeting.get_status_display().lower() in html


def test_people_see_only_the_meetings_they_may_know_of(client, chair, board):
    MeetingFactory(committee=board.body, title="Out-of-hours award")
    # The chair persona reads committees but sits on none of these, so the meeting is not theirs.
    login(client, chair)
    html = html_of(client.get(reverse("committee_detail", args=[board.body.pk])))
    assert "Out-of-hours award" not in html
    assert "No meetings you may see" in html


def test_names_and_notes_are_shown_escaped(client, secretary, board):
    board.body.reserve.create(member=board.newcomer, note="<script>alert(1)</script>")
    login(client, secretary)
    html = html_of(client.get(reverse("committee_detail", args=[board.body.pk])))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- The quorum rule in words ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("minimum", "roles", "expected"),
    [
        (1, [], "At least 1 voting member"),
        (5, [("gp", 0)], "At least 5 voting members"),
        (4, [("lay", 1), ("gp", 1)], "At least 4 voting members, including 1 GP and 1 lay member"),
        (
            6,
            [("nurse", 1), ("gp", 2), ("lay", 2)],
            "At least 6 voting members, including 2 GPs, 1 nurse and 2 lay members",
        ),
        (
            3,
            [("secondary_care", 1), ("manager", 2)],
            "At least 3 voting members, including 2 managers and 1 secondary care doctor",
        ),
    ],
)
def test_the_quorum_rule_reads_as_a_sentence(minimum, roles, expected):
    assert quorum_rule_text(minimum, roles) == expected


# --- Creating and changing a committee -----------------------------------------------------


def test_the_secretary_creates_a_committee(client, secretary, db):
    login(client, secretary)
    response = client.post(
        reverse("committee_create"),
        {
            "name": "  Primary Care   Commissioning Committee ",
            "description": "Decides GP contracts",
            "quorum_minimum_voting": "3",
        },
    )
    created = Committee.objects.get(name="Primary Care Commissioning Committee")
    assert response.status_code == 302
    assert response.url == reverse("committee_detail", args=[created.pk])
    assert created.description == "Decides GP contracts"
    assert created.quorum_minimum_voting == 3
    assert AuditEvent.objects.filter(
        action="committee.saved", object_id=str(created.pk), actor=secretary.user
    ).exists()
    html = html_of(client.get(response.url))
    assert "Primary Care Commissioning Committee added" in html
    assert "At least 3 voting members" in html


@pytest.mark.parametrize("typed", ["Governing Body", "governing body", " Governing  Body "])
def test_a_duplicate_name_is_refused_with_a_clear_message(client, secretary, board, typed):
    login(client, secretary)
    response = client.post(
        reverse("committee_create"), {"name": typed, "quorum_minimum_voting": "2"}
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert "There is already a committee called" in html
    assert "Choose a different name" in html
    assert Committee.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "", "quorum_minimum_voting": "2"}, "Enter the committee&#x27;s name"),
        ({"name": "   ", "quorum_minimum_voting": "2"}, "Enter the committee&#x27;s name"),
        ({"name": "New", "quorum_minimum_voting": "0"}, "must be 1 or more"),
        ({"name": "New", "quorum_minimum_voting": "-3"}, "must be 1 or more"),
        ({"name": "New", "quorum_minimum_voting": "four"}, "must be a whole number"),
        ({"name": "New", "quorum_minimum_voting": ""}, "Enter the minimum number of voting"),
        ({"name": "New", "quorum_minimum_voting": "1000"}, "must be 100 or fewer"),
        ({"name": "x" * 201, "quorum_minimum_voting": "2"}, "at most 200 characters"),
    ],
)
def test_bad_committee_details_are_refused(client, secretary, db, data, expected):
    login(client, secretary)
    response = client.post(reverse("committee_create"), data)
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert expected in html
    assert not Committee.objects.exists()


def test_the_secretary_changes_a_committee(client, secretary, board):
    login(client, secretary)
    response = post_edit(
        client,
        reverse("committee_edit", args=[board.body.pk]),
        {"name": "Governing Body (ICB)", "description": "The board", "quorum_minimum_voting": "5"},
    )
    assert response.status_code == 302
    board.body.refresh_from_db()
    assert board.body.name == "Governing Body (ICB)"
    assert board.body.quorum_minimum_voting == 5


def test_keeping_the_same_name_is_not_a_duplicate(client, secretary, board):
    login(client, secretary)
    response = post_edit(
        client,
        reverse("committee_edit", args=[board.body.pk]),
        {"name": "Governing Body", "quorum_minimum_voting": "6"},
    )
    assert response.status_code == 302
    board.body.refresh_from_db()
    assert board.body.quorum_minimum_voting == 6


def test_renaming_to_another_committees_name_is_refused(client, secretary, board):
    login(client, secretary)
    response = post_edit(
        client,
        reverse("committee_edit", args=[board.body.pk]),
        {"name": "audit committee", "quorum_minimum_voting": "4"},
    )
    assert response.status_code == 200
    assert "There is already a committee called" in html_of(response)
    board.body.refresh_from_db()
    assert board.body.name == "Governing Body"


def test_the_minimum_cannot_fall_below_the_role_minimums(client, secretary, board):
    login(client, secretary)
    response = post_edit(
        client,
        reverse("committee_edit", args=[board.body.pk]),
        {"name": "Governing Body", "quorum_minimum_voting": "1"},
    )
    assert response.status_code == 200
    assert "the minimum must be at least 2" in html_of(response)
    board.body.refresh_from_db()
    assert board.body.quorum_minimum_voting == 4


# --- The quorum rule -------------------------------------------------------------------------


def quorum_post(**minimums: int | str) -> dict[str, str]:
    data = dict.fromkeys(Member.ProfessionalRole.values, "0")
    data.update({role: str(value) for role, value in minimums.items()})
    return data


def test_the_quorum_form_shows_the_current_rule(client, secretary, board):
    login(client, secretary)
    html = html_of(client.get(reverse("committee_quorum", args=[board.body.pk])))
    assert "At least 4 voting members, including 1 GP and 1 lay member" in html
    assert 'name="gp" value="1"' in html
    assert 'name="nurse" value="0"' in html
    assert "0 means no requirement" in html


def test_the_quorum_rule_is_saved_and_shown_in_words(client, secretary, board):
    login(client, secretary)
    response = post_edit(
        client, reverse("committee_quorum", args=[board.body.pk]), quorum_post(gp=2, nurse=1, lay=1)
    )
    assert response.status_code == 302
    minimums = dict(board.body.role_requirements.values_list("professional_role", "minimum"))
    assert minimums == {"gp": 2, "nurse": 1, "lay": 1}
    expected = "At least 4 voting members, including 2 GPs, 1 nurse and 1 lay member"
    assert expected in html_of(client.get(reverse("committee_detail", args=[board.body.pk])))
    assert expected in html_of(client.get(reverse("committee_list")))
    audited = AuditEvent.objects.filter(action="committee.quorum_changed", object_id=board.body.pk)
    # Only the roles that changed are written and audited.
    assert sorted(event.detail["role"] for event in audited) == ["gp", "nurse"]


def test_zero_removes_a_requirement(client, secretary, board):
    login(client, secretary)
    post_edit(client, reverse("committee_quorum", args=[board.body.pk]), quorum_post(lay=1))
    assert list(board.body.role_requirements.values_list("professional_role", flat=True)) == ["lay"]
    html = html_of(client.get(reverse("committee_detail", args=[board.body.pk])))
    assert "At least 4 voting members, including 1 lay member" in html


@pytest.mark.parametrize(
    ("minimums", "expected"),
    [
        ({"gp": "-1"}, "The number of GPs must be 0 or more"),
        ({"lay": "one"}, "The number of lay members must be a whole number"),
        ({"nurse": ""}, "Enter a number for nurses, or 0 for no requirement"),
        ({"gp": "3", "lay": "2"}, "These minimums add up to 5, more than the 4 voting members"),
    ],
)
def test_a_bad_quorum_rule_is_refused_and_nothing_changes(
    client, secretary, board, minimums, expected
):
    login(client, secretary)
    data = quorum_post(gp=1, lay=1)
    data.update(minimums)
    response = post_edit(client, reverse("committee_quorum", args=[board.body.pk]), data)
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert expected in html
    minimums_now = dict(board.body.role_requirements.values_list("professional_role", "minimum"))
    assert minimums_now == {"gp": 1, "lay": 1}


def test_the_quorum_service_changes_all_roles_or_none(board, secretary):
    with pytest.raises(ValidationError):
        committee_quorum_set(
            actor=secretary.user, committee=board.body, minimums={"gp": 0, "nurse": -1}
        )
    with pytest.raises(ValidationError):
        committee_quorum_set(actor=secretary.user, committee=board.body, minimums={"vet": 1})
    assert board.body.role_requirements.count() == 2


# --- Members ---------------------------------------------------------------------------------


def member_post(who: Member, /, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"member": who.pk, "role": "member", "is_voting": "yes"}
    data.update(date_fields("start_date", None))
    data.update(fields)
    return data


def test_the_secretary_adds_a_member(client, secretary, board):
    login(client, secretary)
    response = client.post(
        reverse("committee_member_add", args=[board.body.pk]),
        member_post(
            board.newcomer, is_voting="no", **date_fields("start_date", datetime.date(2024, 4, 1))
        ),
    )
    assert response.status_code == 302
    added = CommitteeMembership.objects.get(committee=board.body, member=board.newcomer)
    assert added.role == "member"
    assert added.is_voting is False
    assert added.start_date == datetime.date(2024, 4, 1)
    assert AuditEvent.objects.filter(
        action="committee.member_added", object_id=str(added.pk)
    ).exists()
    html = html_of(client.get(response.url))
    assert "Dr Grace Hill added as member" in html
    assert "1 April 2024" in html


def test_the_member_form_offers_active_people_only(client, secretary, board):
    retired = person(first_name="Gone", last_name="Away", is_active=False)
    login(client, secretary)
    html = html_of(client.get(reverse("committee_member_add", args=[board.body.pk])))
    assert "Dr Grace Hill" in html
    assert "Dr Gone Away" not in html
    response = client.post(
        reverse("committee_member_add", args=[board.body.pk]), member_post(retired)
    )
    assert response.status_code == 200
    assert "Choose a person from the list" in html_of(response)
    assert not CommitteeMembership.objects.filter(member=retired).exists()


def test_a_current_member_cannot_be_added_twice(client, secretary, board):
    login(client, secretary)
    response = client.post(
        reverse("committee_member_add", args=[board.body.pk]), member_post(board.gp.member)
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert "Dr Omar Said is already a member of Governing Body" in html
    assert CommitteeMembership.objects.filter(member=board.gp.member).count() == 1


def test_a_former_member_may_join_again(client, secretary, board):
    login(client, secretary)
    response = client.post(
        reverse("committee_member_add", args=[board.body.pk]), member_post(board.former.member)
    )
    assert response.status_code == 302
    assert CommitteeMembership.objects.filter(member=board.former.member).count() == 2


@pytest.mark.parametrize(
    ("role", "expected"),
    [("chair", "Governing Body already has a chair"), ("vice_chair", "already has a vice-chair")],
)
def test_a_second_chair_or_vice_chair_is_refused(client, secretary, board, role, expected):
    login(client, secretary)
    response = client.post(
        reverse("committee_member_add", args=[board.body.pk]),
        member_post(board.newcomer, role=role),
    )
    assert response.status_code == 200
    assert expected in html_of(response)
    assert not CommitteeMembership.objects.filter(member=board.newcomer).exists()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"member": ""}, "Choose the person to add"),
        ({"member": "999999"}, "Choose a person from the list"),
        ({"role": ""}, "Choose the person&#x27;s role on the committee"),
        ({"role": "president"}, "Select a valid choice"),
        ({"is_voting": ""}, "Say whether the person may vote"),
        ({"start_date_day": "31", "start_date_month": "2", "start_date_year": "2024"}, "real date"),
        (
            {"start_date_day": "1", "start_date_month": "", "start_date_year": "2024"},
            "Start date must include a day, month and year",
        ),
    ],
)
def test_bad_membership_details_are_refused(client, secretary, board, fields, expected):
    login(client, secretary)
    response = client.post(
        reverse("committee_member_add", args=[board.body.pk]),
        member_post(board.newcomer, **fields),
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert expected in html
    assert not CommitteeMembership.objects.filter(member=board.newcomer).exists()


def test_ending_a_membership_keeps_it_as_a_past_member(client, secretary, board):
    login(client, secretary)
    url = reverse("committee_member_end", args=[board.body.pk, board.gp.pk])
    response = client.post(url, date_fields("end_date", datetime.date(2024, 12, 31)))
    assert response.status_code == 302
    board.gp.refresh_from_db()
    assert board.gp.end_date == datetime.date(2024, 12, 31)
    assert CommitteeMembership.objects.filter(pk=board.gp.pk).exists()
    assert AuditEvent.objects.filter(
        action="committee.member_ended", object_id=str(board.gp.pk)
    ).exists()
    html = html_of(client.get(response.url))
    assert "membership ended on 31 December 2024" in html
    past = html.split("Past members", 1)[1]
    assert "Dr Omar Said" in past


def test_ending_the_chair_lets_a_new_chair_be_added(client, secretary, board):
    login(client, secretary)
    client.post(
        reverse("committee_member_end", args=[board.body.pk, board.chair.pk]),
        date_fields("end_date", TODAY - datetime.timedelta(days=1)),
    )
    response = client.post(
        reverse("committee_member_add", args=[board.body.pk]),
        member_post(board.newcomer, role="chair"),
    )
    assert response.status_code == 302
    html = html_of(client.get(reverse("committee_list")))
    row = html.split("Governing Body", 1)[1].split("</tr>", 1)[0]
    assert "Dr Grace Hill" in row
    assert "Dr Priya Shah" not in row


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2019, 12, 31), "The end date must be on or after the start date"),
        (None, "Enter the date the membership ended"),
    ],
)
def test_a_bad_end_date_is_refused(client, secretary, board, day, expected):
    login(client, secretary)
    response = client.post(
        reverse("committee_member_end", args=[board.body.pk, board.gp.pk]),
        date_fields("end_date", day),
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert expected in html
    board.gp.refresh_from_db()
    assert board.gp.end_date is None


def test_a_partly_typed_end_date_is_explained(client, secretary, board):
    login(client, secretary)
    response = client.post(
        reverse("committee_member_end", args=[board.body.pk, board.gp.pk]),
        {"end_date_day": "31", "end_date_month": "", "end_date_year": "2024"},
    )
    assert "End date must include a day, month and year" in html_of(response)
    board.gp.refresh_from_db()
    assert board.gp.end_date is None


def test_an_ended_membership_is_not_ended_again(client, secretary, board):
    login(client, secretary)
    url = reverse("committee_member_end", args=[board.body.pk, board.former.pk])
    assert "ended on 31 March 2023" in html_of(client.get(url))
    response = client.post(url, date_fields("end_date", datetime.date(2024, 6, 1)))
    assert response.status_code == 200
    board.former.refresh_from_db()
    assert board.former.end_date == datetime.date(2023, 3, 31)


# --- Reserve list --------------------------------------------------------------------------


def test_the_secretary_adds_a_reserve(client, secretary, board):
    login(client, secretary)
    response = client.post(
        reverse("committee_reserve_add", args=[board.body.pk]),
        {"member": board.newcomer.pk, "note": "  GP from Westfield CCG "},
    )
    assert response.status_code == 302
    place = ReserveMember.objects.get(committee=board.body, member=board.newcomer)
    assert place.note == "GP from Westfield CCG"
    assert AuditEvent.objects.filter(action="committee.reserve_added").exists()
    html = html_of(client.get(response.url))
    assert "Dr Grace Hill added to the reserve list" in html
    assert "GP from Westfield CCG" in html


def test_a_reserve_cannot_be_added_twice(client, secretary, board):
    login(client, secretary)
    response = client.post(
        reverse("committee_reserve_add", args=[board.body.pk]),
        {"member": board.reserve_gp.pk, "note": "Again"},
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert "Dr Nia North is already on the reserve list" in html
    assert ReserveMember.objects.get(member=board.reserve_gp).note == "GP from Southfield CCG"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"member": "", "note": "x"}, "Choose the person to add to the reserve list"),
        ({"member": "999999", "note": ""}, "Choose a person from the list"),
        ({"note": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_reserve_details_are_refused(client, secretary, board, data, expected):
    login(client, secretary)
    response = client.post(
        reverse("committee_reserve_add", args=[board.body.pk]),
        {"member": board.newcomer.pk, **data},
    )
    assert response.status_code == 200
    assert expected in html_of(response)
    assert board.body.reserve.count() == 1


# --- Referral committees -----------------------------------------------------------------


def test_the_secretary_chooses_referral_committees(client, secretary, board):
    pccc = committee("Primary Care Commissioning Committee")
    login(client, secretary)
    url = reverse("committee_referrals", args=[board.body.pk])
    html = html_of(client.get(url))
    assert "Primary Care Commissioning Committee" in html
    assert f'value="{board.body.pk}"' not in html
    response = post_edit(client, url, {"referral_committees": [pccc.pk]})
    assert response.status_code == 302
    assert list(board.body.referral_committees.all()) == [pccc]
    event = AuditEvent.objects.get(action="committee.referrals_changed")
    assert event.detail["added"] == ["Primary Care Commissioning Committee"]
    assert event.detail["removed"] == ["Audit Committee"]
    html = html_of(client.get(reverse("committee_detail", args=[board.body.pk])))
    assert "May refer items to" in html
    assert "Primary Care Commissioning Committee" in html


def test_no_box_ticked_removes_every_referral(client, secretary, board):
    login(client, secretary)
    response = post_edit(client, reverse("committee_referrals", args=[board.body.pk]), {})
    assert response.status_code == 302
    assert not board.body.referral_committees.exists()
    html = html_of(client.get(reverse("committee_detail", args=[board.body.pk])))
    assert "No other committee" in html


@pytest.mark.parametrize("choice", ["self", "999999", "abc"])
def test_a_committee_cannot_refer_to_itself_or_an_unknown_one(client, secretary, board, choice):
    login(client, secretary)
    value = str(board.body.pk) if choice == "self" else choice
    response = post_edit(
        client,
        reverse("committee_referrals", args=[board.body.pk]),
        {"referral_committees": [value]},
    )
    assert response.status_code == 200
    assert "There is a problem" in html_of(response)
    assert list(board.body.referral_committees.all()) == [board.audit]


def test_the_referral_service_refuses_the_committee_itself(board, secretary):
    with pytest.raises(ValidationError, match="cannot refer items to itself"):
        committee_referrals_set(
            actor=secretary.user, committee=board.body, referral_committees=[board.body]
        )
    assert list(board.body.referral_committees.all()) == [board.audit]
    assert not AuditEvent.objects.filter(action="committee.referrals_changed").exists()


def test_the_detail_selector_splits_current_and_past_members(board, secretary):
    detail = committee_detail(board.body, secretary.user)
    assert [m.role for m in detail.current_members[:2]] == ["chair", "vice_chair"]
    assert [m.pk for m in detail.past_members] == [board.former.pk]
    assert detail.voting_members == 3
