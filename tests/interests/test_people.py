"""The people screens: who may see and change people, adding with a login, changes, leavers."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.core import ObjectPermissionChecker
from guardian.models import UserObjectPermission

from core.models import AuditEvent
from core.roles import Role
from interests.models import Declaration, Interest, Member
from interests.services.leavers import member_leave
from interests.services.logins import LoginData
from interests.services.people import PersonData, member_create
from meetings.models import CommitteeMembership
from meetings.selectors.recusal_facts import meeting_assessment
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import PASSWORD, InterestFactory, MemberFactory, UserFactory

# The meetings tests' seed story (and the fixture it needs), available to this module.
from tests.meetings.conftest import Story, pdf, story  # noqa: F401
from tests.meetings.factories import CommitteeFactory, MembershipFactory

TODAY = timezone.localdate()
NEW_PASSWORD = "a-long-new-password-for-nia-42"


def person(**fields: Any) -> Member:
    return cast(Member, MemberFactory(**fields))


def html_of(response: Any) -> str:
    return cast(str, response.content.decode())


def date_fields(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def new_person_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Dr",
        "first_name": "Nia",
        "last_name": "North",
        "job_title": "Clinical evaluator",
        "professional_role": "gp",
        "email": "nia.north@southfield.nhs.uk",
        "affiliation": "Southfield CCG",
        "is_decision_maker": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def change_form(member: Member, **overrides: Any) -> dict[str, Any]:
    """The change form as the page fills it for ``member``, with ``overrides`` typed over it."""
    data: dict[str, Any] = {
        "title": member.title,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "job_title": member.job_title,
        "professional_role": member.professional_role,
        "email": member.email,
        "affiliation": member.affiliation,
        "is_decision_maker": "yes" if member.is_decision_maker else "no",
        "is_active": "on" if member.is_active else None,
    }
    if member.user is not None:
        held = set(member.user.groups.values_list("name", flat=True))
        data |= {
            "username": member.user.username,
            "can_sign_in": "on" if member.user.is_active else None,
            # Secretary, Guardian and Auditor are drawn disabled, so a browser never sends them.
            "roles": [r for r in (Role.MEMBER.value, Role.CHAIR.value) if r in held],
        }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def invitation_path(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


# --- Who may do what ----------------------------------------------------------------------


def _urls(member: Member) -> dict[str, str]:
    return {
        "list": reverse("people_list"),
        "detail": reverse("person_detail", args=[member.pk]),
        "create": reverse("person_create"),
        "edit": reverse("person_edit", args=[member.pk]),
        "leave": reverse("person_leave", args=[member.pk]),
    }


READ_PAGES = ("list", "detail")
WRITE_PAGES = ("create", "edit", "leave")


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    member = person()
    for name, url in _urls(member).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name
    response = client.post(reverse("person_invitation_resend", args=[member.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["federation_gp", "outsider"])
def test_members_and_outsiders_are_refused_everything(client, db, request, persona):
    login(client, request.getfixturevalue(persona))
    member = person(first_name="Target")
    for name, url in _urls(member).items():
        assert client.get(url).status_code == 403, name
    assert client.post(_urls(member)["create"], new_person_form()).status_code == 403
    assert client.post(_urls(member)["edit"], change_form(member)).status_code == 403
    assert client.post(_urls(member)["leave"], date_fields("left_on", TODAY)).status_code == 403
    assert client.post(reverse("person_invitation_resend", args=[member.pk])).status_code == 403
    assert Member.objects.filter(is_active=True).count() == Member.objects.count()


@pytest.mark.parametrize("persona", ["chair", "guardian", "auditor"])
def test_chair_guardian_and_auditor_may_read_but_not_change(client, db, request, persona):
    login(client, request.getfixturevalue(persona))
    member = person(first_name="Target")
    urls = _urls(member)
    for name in READ_PAGES:
        assert client.get(urls[name]).status_code == 200, name
    for name in WRITE_PAGES:
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["create"], new_person_form()).status_code == 403
    assert client.post(urls["edit"], change_form(member, job_title="Hacked")).status_code == 403
    assert client.post(urls["leave"], date_fields("left_on", TODAY)).status_code == 403
    member.refresh_from_db()
    assert member.job_title == "GP member"
    assert member.is_active
    assert not Member.objects.filter(last_name="North").exists()
    html = html_of(client.get(urls["detail"]))
    assert "Change details" not in html
    assert "Record that they have left" not in html
    assert "Add a person" not in html_of(client.get(urls["list"]))


def test_the_secretary_may_open_every_page(client, secretary):
    login(client, secretary)
    for name, url in _urls(person()).items():
        assert client.get(url).status_code == 200, name


def test_a_person_who_does_not_exist_is_not_found(client, secretary):
    login(client, secretary)
    for name in ("person_detail", "person_edit", "person_leave"):
        assert client.get(reverse(name, args=[99999])).status_code == 404, name


def test_the_menu_shows_people_to_readers_only(client, secretary, federation_gp):
    login(client, secretary)
    assert f'href="{reverse("people_list")}"' in html_of(client.get(reverse("dashboard")))
    login(client, federation_gp)
    assert f'href="{reverse("people_list")}"' not in html_of(client.get(reverse("dashboard")))


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_roles_committees_and_recent_declarations(client, secretary, chair):
    board = CommitteeFactory(name="Governing Body")
    MembershipFactory(committee=board, member=chair, role="chair")
    MembershipFactory(
        committee=CommitteeFactory(name="Old Committee"),
        member=chair,
        end_date=datetime.date(2021, 1, 1),
    )
    Declaration.objects.create(member=chair, kind=Declaration.Kind.NIL_RETURN)
    silent = person(first_name="Quiet", last_name="Silent", user=None)
    evaluator = person(
        first_name="Nia", last_name="North", affiliation="Southfield CCG", is_decision_maker=False
    )
    login(client, secretary)

    html = html_of(client.get(reverse("people_list")))
    assert "4 people." in html
    assert "Clinical Chair" in html
    assert "Chair, Member" not in html  # roles in a fixed order
    assert "Member, Chair" in html
    assert "Governing Body (chair)" in html
    assert "Old Committee" not in html
    assert "Nil return, " in html
    assert "Southfield CCG" in html
    assert "No login" in html
    assert "Never declared" in html  # the silent decision-maker
    assert "Not required: not a decision-maker" in html  # the evaluator
    assert f'href="{reverse("person_detail", args=[silent.pk])}"' in html
    assert f'href="{reverse("person_detail", args=[evaluator.pk])}"' in html


def test_an_entry_declared_in_the_year_counts_and_an_old_one_does_not(client, secretary):
    recent = person(last_name="Recent")
    InterestFactory(declarant=recent, submitted_at=timezone.now() - datetime.timedelta(days=30))
    stale = person(last_name="Stale")
    InterestFactory(declarant=stale, submitted_at=timezone.now() - datetime.timedelta(days=400))
    login(client, secretary)
    html = html_of(client.get(reverse("people_list"), {"q": "recent"}))
    assert "Declared an interest, " in html
    assert "nhsuk-tag--green" in html
    html = html_of(client.get(reverse("people_list"), {"q": "stale"}))
    assert "Last: declared an interest, " in html
    assert "nhsuk-tag--red" in html


def test_search_by_name_or_email_and_filters(client, secretary):
    person(first_name="Nia", last_name="North", email="nia@southfield.nhs.uk", user=None)
    person(first_name="Ben", last_name="Okafor", professional_role="lay", is_decision_maker=False)
    person(first_name="Old", last_name="Leaver", is_active=False)
    login(client, secretary)

    def names(**params: str) -> set[str]:
        html = html_of(client.get(reverse("people_list"), params)).partition("<tbody")[2]
        return {n for n in ("Nia North", "Ben Okafor", "Old Leaver", "Sarah Bennett") if n in html}

    assert names(q="north") == {"Nia North"}
    assert names(q="southfield.nhs") == {"Nia North"}
    assert names(professional_role="lay") == {"Ben Okafor"}
    assert names(decision_maker="no") == {"Ben Okafor"}
    assert names(active="no") == {"Old Leaver"}
    assert names(login="no") == {"Nia North"}
    assert names(login="yes", active="yes", decision_maker="yes") == {"Sarah Bennett"}
    html = html_of(client.get(reverse("people_list"), {"active": "maybe"}))
    assert "Select a valid choice" in html
    assert "There is a problem" in html


def test_the_list_pages_by_fifty_in_a_constant_number_of_queries(client, secretary):
    board = CommitteeFactory(name="Governing Body")

    def add_people(count: int) -> None:
        for _ in range(count):
            member = person(user__roles=[Role.MEMBER])
            MembershipFactory(committee=board, member=member)
            Declaration.objects.create(member=member, kind=Declaration.Kind.CONFIRMED)
            InterestFactory(declarant=member, submitted_at=timezone.now())

    login(client, secretary)
    add_people(2)
    client.get(reverse("people_list"))  # warm the session and the content-type cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("people_list")).status_code == 200
    add_people(60)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("people_list"))
    assert len(many.captured_queries) == len(few.captured_queries)
    html = html_of(response)
    assert "63 people, page 1 of 2." in html
    assert html.count('<tr class="nhsuk-table__row">') == 51  # the header and 50 people
    assert "page 2 of 2" in html_of(client.get(reverse("people_list"), {"page": 2}))


# --- Adding a person ----------------------------------------------------------------------


def test_adding_a_person_without_a_login(client, secretary, django_capture_on_commit_callbacks):
    login(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("person_create"), new_person_form(email=""))
    member = Member.objects.get(last_name="North")
    assert response.status_code == 302
    assert response.url == reverse("person_detail", args=[member.pk])
    assert member.user is None
    assert member.affiliation == "Southfield CCG"
    assert member.is_decision_maker and member.is_active
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action="member.created", object_id=str(member.pk)).exists()
    html = html_of(client.get(response.url))
    assert "Dr Nia North added." in html
    assert "has no login" in html


def test_the_add_form_explains_each_field(client, secretary):
    login(client, secretary)
    html = html_of(client.get(reverse("person_create")))
    assert "The organisation they come from, if not this one, e.g. Southfield CCG" in html
    assert "They must declare their interests at least once a year" in html
    assert "their register entries are published" in html
    assert "Give them a login" in html
    assert 'data-aria-controls="conditional-login"' in html
    # Privileged roles show, disabled, with the reason.
    assert re.search(r'value="Secretary"[^>]* disabled', html)
    assert re.search(r'value="Conflicts Guardian"[^>]* disabled', html)
    assert re.search(r'value="Auditor"[^>]* disabled', html)
    assert not re.search(r'value="Chair"[^>]* disabled', html)
    assert "Only a system administrator can give or take away these roles" in html


def test_adding_an_evaluator_with_a_login_sends_an_invitation_that_lets_them_sign_in(
    client, secretary, django_capture_on_commit_callbacks
):
    login(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("person_create"),
            new_person_form(give_login="on", username="", roles=[Role.MEMBER.value]),
        )
    member = Member.objects.select_related("user").get(last_name="North")
    assert response.status_code == 302
    user = member.user
    assert user is not None
    assert user.username == "nia.north"  # suggested from the email address
    assert user.email == "nia.north@southfield.nhs.uk"
    assert not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {Role.MEMBER.value}
    assert AuditEvent.objects.filter(action="member.login_created").count() == 1
    assert AuditEvent.objects.filter(action="member.invitation_sent").count() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nia.north@southfield.nhs.uk"]
    assert "Northfield CCG" in message.subject
    assert "Northfield CCG" in str(message.body)
    assert "Your username is: nia.north" in str(message.body)
    assert "Ms Sarah Bennett has given you a login" in str(message.body)
    html_body, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "Northfield CCG" in str(html_body)
    assert invitation_path(message) in str(html_body)

    visitor = Client()
    assert sign_in(visitor, "nia.north", "").status_code == 200  # no password yet
    form_page = visitor.get(invitation_path(message), follow=True)
    assert "Choose a new password" in html_of(form_page)
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert sign_in(visitor, "nia.north", NEW_PASSWORD).status_code == 302
    assert "Dr Nia North" in html_of(visitor.get(reverse("dashboard")))
    # The link works once.
    again = Client().get(invitation_path(message), follow=True)
    assert "This link has expired or been used" in html_of(again)


def test_a_suggested_username_never_clashes(client, secretary, django_capture_on_commit_callbacks):
    UserFactory(username="nia.north")
    login(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("person_create"), new_person_form(give_login="on", username=""))
    assert Member.objects.get(last_name="North").user.username == "nia.north2"


def test_privileged_roles_are_refused_to_the_secretary(client, secretary):
    login(client, secretary)
    for role in (Role.SECRETARY, Role.GUARDIAN, Role.AUDITOR):
        response = client.post(
            reverse("person_create"),
            new_person_form(give_login="on", username="nnorth", roles=[role.value]),
        )
        html = html_of(response)
        assert response.status_code == 200
        assert f"Only a system administrator can give someone the {role.value} role" in html
        assert "There is a problem" in html
    assert not Member.objects.filter(last_name="North").exists()
    assert not User.objects.filter(username="nnorth").exists()
    assert mail.outbox == []


def test_the_service_refuses_privileged_roles_whatever_the_form_sends(secretary):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only a system administrator"):
        member_create(
            actor=secretary.user,
            person=PersonData(
                title="",
                first_name="Eve",
                last_name="Mallory",
                job_title="Clerk",
                professional_role="other",
                email="eve@example.nhs.uk",
            ),
            login=LoginData(username="eve", roles=frozenset({Role.AUDITOR.value})),
        )
    assert not Member.objects.filter(last_name="Mallory").exists()
    assert not User.objects.filter(username="eve").exists()


def test_a_superuser_may_grant_privileged_roles(client, db, django_capture_on_commit_callbacks):
    admin = User.objects.create_superuser("admin", "admin@example.nhs.uk", PASSWORD)
    login(client, admin)
    html = html_of(client.get(reverse("person_create")))
    assert not re.search(r'value="Auditor"[^>]* disabled', html)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("person_create"),
            new_person_form(
                give_login="on", username="auditor2", roles=[Role.AUDITOR.value, Role.MEMBER.value]
            ),
        )
    assert response.status_code == 302
    user = User.objects.get(username="auditor2")
    assert set(user.groups.values_list("name", flat=True)) == {"Auditor", "Member"}
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "NIA@example.nhs.uk"}, "is already the email address of Dr Nia Existing"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"first_name": "N" * 101}, "First name must be 100 characters or fewer"),
        ({"last_name": "N" * 101}, "Last name must be 100 characters or fewer"),
        ({"title": "T" * 21}, "Title must be 20 characters or fewer"),
        ({"job_title": "J" * 201}, "Job title must be 200 characters or fewer"),
        ({"affiliation": "A" * 201}, "Organisation they come from must be 200 characters"),
        ({"first_name": ""}, "Enter their first name"),
        ({"job_title": ""}, "Enter their job title"),
        ({"professional_role": "wizard"}, "Select a valid choice"),
        ({"professional_role": None}, "Select their professional role"),
        ({"is_decision_maker": None}, "Select whether they are a decision-maker"),
        ({"give_login": "on", "username": "taken"}, "The username taken is already taken"),
        ({"give_login": "on", "username": "TAKEN"}, "The username TAKEN is already taken"),
        ({"give_login": "on", "username": "has space"}, "A username can only contain letters"),
        ({"give_login": "on", "email": ""}, "Enter their email address: the invitation"),
        ({"email": "taken@example.nhs.uk"}, "already the email address of the login taken"),
        ({"give_login": "on", "roles": ["Wizard"]}, "Select roles from the list"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, secretary, overrides, message):
    person(title="Dr", first_name="Nia", last_name="Existing", email="nia@example.nhs.uk")
    UserFactory(username="taken", email="taken@example.nhs.uk")
    login(client, secretary)
    members, users, events = (
        Member.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    response = client.post(reverse("person_create"), new_person_form(**overrides))
    html = html_of(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html
    assert (Member.objects.count(), User.objects.count()) == (members, users)
    assert AuditEvent.objects.count() == events
    assert mail.outbox == []


def test_html_in_names_is_stored_as_text_and_shown_escaped(
    client, secretary, django_capture_on_commit_callbacks
):
    login(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("person_create"),
            new_person_form(
                first_name="<script>alert(1)</script>",
                last_name="<b>North</b>",
                give_login="on",
                username="nn",
            ),
        )
    member = Member.objects.get(last_name="<b>North</b>")
    assert member.first_name == "<script>alert(1)</script>"
    for url in (reverse("people_list"), reverse("person_detail", args=[member.pk])):
        html = html_of(client.get(url))
        assert "<script>alert(1)</script>" not in html
        assert "<b>North</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html_body = str(mail.outbox[0].alternatives[0][0])
    assert "<script>" not in html_body
    assert "&lt;b&gt;North&lt;/b&gt;" in html_body


# --- Changing a person --------------------------------------------------------------------


def test_changing_a_gp_to_a_lay_member_changes_the_quorum_and_keeps_papers_in_step(
    client,
    story: Story,  # noqa: F811
):
    award = story.award_item
    assert meeting_assessment(story.meeting).quorum[award.pk].quorate
    # A stale permission row, as if the sync had never run, is put right by the change.
    UserObjectPermission.objects.filter(user=story.single_gp.user).delete()
    login(client, story.secretary)

    response = post_edit(
        client,
        reverse("person_edit", args=[story.single_gp.pk]),
        change_form(story.single_gp, professional_role="lay"),
    )
    assert response.status_code == 302
    story.single_gp.refresh_from_db()
    assert story.single_gp.professional_role == "lay"
    quorum = meeting_assessment(story.meeting).quorum[award.pk]
    assert not quorum.quorate
    assert "needs 1 GP; 0 non-conflicted GPs present" in quorum.shortfalls
    checker = ObjectPermissionChecker(story.single_gp.user)
    assert checker.has_perm("view_paper", story.award_paper)
    assert checker.has_perm("view_paper", story.open_paper)
    event = AuditEvent.objects.get(action="member.changed", object_id=str(story.single_gp.pk))
    assert event.detail["changed"] == {"professional_role": ["gp", "lay"]}
    # The matrix page shows the new verdict at once.
    matrix = html_of(client.get(reverse("recusal_matrix", args=[story.meeting.pk])))
    assert "0 non-conflicted GPs present" in matrix


def test_stopping_someone_signing_in_withdraws_their_papers_at_once(
    client,
    story: Story,  # noqa: F811
):
    nurse = story.nurse
    assert ObjectPermissionChecker(nurse.user).has_perm("view_paper", story.open_paper)
    login(client, story.secretary)
    post_edit(client, reverse("person_edit", args=[nurse.pk]), change_form(nurse, can_sign_in=None))
    nurse.refresh_from_db()
    assert not nurse.user.is_active
    assert not UserObjectPermission.objects.filter(user=nurse.user).exists()

    post_edit(client, reverse("person_edit", args=[nurse.pk]), change_form(nurse, can_sign_in="on"))
    nurse.refresh_from_db()
    assert nurse.user.is_active
    assert ObjectPermissionChecker(nurse.user).has_perm("view_paper", story.open_paper)


def test_the_secretary_grants_and_removes_the_chair_role(client, secretary, federation_gp):
    login(client, secretary)
    url = reverse("person_edit", args=[federation_gp.pk])
    post_edit(client, url, change_form(federation_gp, roles=["Member", "Chair"]))
    assert set(federation_gp.user.groups.values_list("name", flat=True)) == {"Member", "Chair"}
    post_edit(client, url, change_form(federation_gp, roles=["Member"]))
    assert set(federation_gp.user.groups.values_list("name", flat=True)) == {"Member"}
    events = AuditEvent.objects.filter(action="member.changed", object_id=str(federation_gp.pk))
    assert [e.detail["roles"] for e in events.order_by("pk")] == [
        {"granted": ["Chair"], "removed": []},
        {"granted": [], "removed": ["Chair"]},
    ]


def test_privileged_roles_a_person_holds_are_kept_and_cannot_be_added(client, secretary, guardian):
    login(client, secretary)
    url = reverse("person_edit", args=[guardian.pk])
    html = html_of(client.get(url))
    assert re.search(r'value="Conflicts Guardian"[^>]* checked[^>]* disabled', html)
    # The disabled Guardian box is not sent: the role stays.
    response = post_edit(client, url, change_form(guardian, job_title="Lay member"))
    assert response.status_code == 302
    assert "Conflicts Guardian" in guardian.user.groups.values_list("name", flat=True)
    response = post_edit(client, url, change_form(guardian, roles=["Member", "Auditor"]))
    assert "Only a system administrator can give someone the Auditor role" in html_of(response)
    assert "Auditor" not in guardian.user.groups.values_list("name", flat=True)


def test_the_secretary_cannot_lock_themselves_out(client, secretary):
    login(client, secretary)
    url = reverse("person_edit", args=[secretary.pk])
    html = html_of(post_edit(client, url, change_form(secretary, can_sign_in=None)))
    assert "You cannot stop yourself signing in" in html
    html = html_of(post_edit(client, url, change_form(secretary, is_active=None)))
    assert "You cannot make your own record inactive" in html
    secretary.refresh_from_db()
    assert secretary.is_active and secretary.user.is_active


def test_changing_to_an_email_already_used_saves_nothing(client, secretary, federation_gp):
    login(client, secretary)
    response = post_edit(
        client,
        reverse("person_edit", args=[federation_gp.pk]),
        change_form(federation_gp, email=secretary.email.upper(), job_title="Changed"),
    )
    assert "is already the email address of Ms Sarah Bennett" in html_of(response)
    federation_gp.refresh_from_db()
    assert federation_gp.job_title == "GP member"


def test_giving_an_existing_person_a_login_invites_them(
    client, secretary, django_capture_on_commit_callbacks
):
    member = person(first_name="Nia", last_name="North", email="nia@example.nhs.uk", user=None)
    login(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(
            client,
            reverse("person_edit", args=[member.pk]),
            change_form(member, give_login="on", username="", roles=["Member"]),
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user is not None and member.user.username == "nia"
    assert mail.outbox[0].to == ["nia@example.nhs.uk"]


def test_resending_an_invitation_makes_earlier_links_stop_working(
    client, secretary, django_capture_on_commit_callbacks
):
    login(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("person_create"), new_person_form(give_login="on", username="nn"))
    member = Member.objects.get(last_name="North")
    assert "Resend the invitation" in html_of(
        client.get(reverse("person_detail", args=[member.pk]))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("person_invitation_resend", args=[member.pk]), follow=True)
    assert "A new invitation has been sent to nia.north@southfield.nhs.uk" in html_of(response)
    first, second = mail.outbox
    stale = Client().get(invitation_path(first), follow=True)
    assert "This link has expired or been used" in html_of(stale)
    fresh = Client().get(invitation_path(second), follow=True)
    assert "Choose a new password" in html_of(fresh)


def test_no_invitation_is_resent_to_someone_who_has_signed_in(client, secretary, federation_gp):
    sign_in(Client(), "p.fedgp", PASSWORD)
    login(client, secretary)
    html = html_of(client.get(reverse("person_detail", args=[federation_gp.pk])))
    assert "Resend the invitation" not in html
    response = client.post(
        reverse("person_invitation_resend", args=[federation_gp.pk]), follow=True
    )
    assert "has already signed in" in html_of(response)
    assert mail.outbox == []


# --- Recording that someone has left ------------------------------------------------------


def test_recording_a_leaver_withdraws_access_and_signs_them_out_for_good(
    client,
    story: Story,  # noqa: F811
):
    fed_gp = story.fed_gp
    interest = fed_gp.interests.get()
    membership = CommitteeMembership.objects.get(member=fed_gp)
    assert ObjectPermissionChecker(fed_gp.user).has_perm("view_paper", story.open_paper)
    their_browser = Client()
    assert sign_in(their_browser, "s.fedgp", PASSWORD).status_code == 302
    assert their_browser.get(reverse("dashboard")).status_code == 200
    login(client, story.secretary)
    page = html_of(client.get(reverse("person_leave", args=[fed_gp.pk])))
    assert "Governing Body" in page
    assert story.meeting.display_title in page  # still on an upcoming attendance list

    response = client.post(
        reverse("person_leave", args=[fed_gp.pk]), date_fields("left_on", TODAY), follow=True
    )
    assert "Recorded that Dr Ben Okafor has left" in html_of(response)
    fed_gp.refresh_from_db()
    fed_gp.user.refresh_from_db()
    membership.refresh_from_db()
    assert not fed_gp.is_active
    assert not fed_gp.user.is_active
    assert membership.end_date == TODAY
    assert not UserObjectPermission.objects.filter(user=fed_gp.user).exists()
    # Signed out for good: the open session ends and the password no longer works.
    response = their_browser.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert sign_in(Client(), "s.fedgp", PASSWORD).status_code == 200
    # Nothing deleted.
    assert Member.objects.filter(pk=fed_gp.pk).exists()
    assert User.objects.filter(pk=fed_gp.user.pk).exists()
    assert Interest.objects.filter(pk=interest.pk).exists()
    assert AuditEvent.objects.filter(action="member.left", object_id=str(fed_gp.pk)).exists()
    assert AuditEvent.objects.filter(action="committee.member_ended").exists()
    html = html_of(client.get(reverse("person_detail", args=[fed_gp.pk])))
    assert "has left" in html
    assert "Record that they have left" not in html


def test_the_secretary_cannot_record_their_own_departure(client, secretary):
    login(client, secretary)
    url = reverse("person_leave", args=[secretary.pk])
    assert "You cannot record that you have left" in html_of(client.get(url))
    response = client.post(url, date_fields("left_on", TODAY))
    assert "You cannot record that you have left" in html_of(response)
    secretary.refresh_from_db()
    assert secretary.is_active and secretary.user.is_active


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            date_fields("left_on", TODAY + datetime.timedelta(days=1)),
            "must be today or in the past",
        ),
        (
            {"left_on_day": "31", "left_on_month": "2", "left_on_year": "2026"},
            "must be a real date",
        ),
        ({}, "Enter the date they left"),
    ],
)
def test_a_bad_leaving_date_changes_nothing(client, secretary, federation_gp, fields, message):
    login(client, secretary)
    response = client.post(reverse("person_leave", args=[federation_gp.pk]), fields)
    assert message in html_of(response)
    federation_gp.refresh_from_db()
    assert federation_gp.is_active and federation_gp.user.is_active


def test_a_leaver_cannot_leave_twice_and_places_not_yet_started_end_on_their_first_day(
    secretary, federation_gp
):
    from django.core.exceptions import ValidationError

    later = MembershipFactory(member=federation_gp, start_date=TODAY + datetime.timedelta(days=30))
    departure = member_leave(actor=secretary.user, member=federation_gp, left_on=TODAY)
    assert [str(place) for place in departure.places_ended] == [
        f"{later.committee.name} (committee)"
    ]
    later.refresh_from_db()
    assert later.end_date == later.start_date
    with pytest.raises(ValidationError, match="already recorded as having left"):
        member_leave(actor=secretary.user, member=federation_gp, left_on=TODAY)


def test_an_evaluator_who_leaves_can_no_longer_open_bid_documents(
    story: Story,  # noqa: F811
):
    from django.core.files.base import ContentFile

    from procurements.models import LotDocument
    from procurements.services.access import lot_access_sync
    from procurements.services.panels import evaluator_add, evaluator_declare
    from tests.meetings.conftest import PDF_BYTES

    document = LotDocument(
        lot=story.lot,
        kind="bid",
        title="Federation bid",
        original_filename="bid.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="x",
        uploaded_by=story.secretary.user,
    )
    document.file.save("bid.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    evaluator = story.reserve_gp  # borrowed from Southfield CCG
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=evaluator)
    evaluator_declare(actor=evaluator.user, place=place, no_interest=True)
    lot_access_sync(lot=story.lot)
    assert ObjectPermissionChecker(evaluator.user).has_perm("view_lotdocument", document)

    member_leave(actor=story.secretary.user, member=evaluator, left_on=TODAY)

    assert not UserObjectPermission.objects.filter(
        user=evaluator.user, object_pk=str(document.pk)
    ).exists()
