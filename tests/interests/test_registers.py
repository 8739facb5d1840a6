"""The full register, the published register and the review queue."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interests.models import Declaration, Interest
from meetings.models import Committee, CommitteeMembership
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory

TODAY = timezone.localdate()


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


# --- Published register ---------------------------------------------------


@pytest.fixture
def published_story(db):
    """One of each case the published register must get right."""
    gp = MemberFactory(first_name="Ben", last_name="Okafor", job_title="GP member")
    manager = MemberFactory(first_name="Nora", last_name="Clerk", is_decision_maker=False)
    federation = OrganisationFactory(
        name="Northfield GP Federation",
        kind="gp_federation",
        nature_of_business="GP federation providing extended access",
    )
    cases = {
        "current": InterestFactory(declarant=gp, organisation=federation, nature="director"),
        "ended_recently": InterestFactory(
            declarant=gp,
            organisation__name="Recent Ltd",
            end_date=TODAY - datetime.timedelta(days=60),
        ),
        "ended_long_ago": InterestFactory(
            declarant=gp,
            organisation__name="Old Ltd",
            end_date=TODAY - datetime.timedelta(days=200),
        ),
        "withheld": InterestFactory(
            declarant=gp,
            organisation__name="Secret Ltd",
            withholding="approved",
            withholding_reason="Risk of harm",
        ),
        "withholding_pending": InterestFactory(
            declarant=gp,
            organisation__name="Pending Ltd",
            withholding="requested",
            withholding_reason="Risk of harm",
        ),
        "draft": InterestFactory(declarant=gp, organisation__name="Draft Ltd", status="draft"),
        "not_decision_maker": InterestFactory(declarant=manager, organisation__name="Staff Ltd"),
        "future": InterestFactory(
            declarant=gp,
            organisation__name="Future Ltd",
            start_date=TODAY + datetime.timedelta(days=5),
        ),
    }
    committee = Committee.objects.create(name="Governing Body")
    CommitteeMembership.objects.create(committee=committee, member=gp, role="member")
    return cases


def test_the_public_sees_current_and_recently_ended_entries_only(client, published_story):
    html = client.get(reverse("published_register")).content.decode()
    assert "Northfield GP Federation" in html
    assert "Recent Ltd" in html
    for absent in ("Old Ltd", "Secret Ltd", "Pending Ltd", "Draft Ltd", "Staff Ltd", "Future Ltd"):
        assert absent not in html, absent


def test_published_register_shows_every_column_the_guidance_requires(client, published_story):
    html = client.get(reverse("published_register")).content.decode()
    for heading in (
        "Name",
        "Current position(s) held",
        "Declared interest (organisation and nature of business)",
        "Type of interest",
        "Direct or indirect",
        "Nature of interest",
        "Date from",
        "Date to",
        "Action taken to mitigate risk",
    ):
        assert heading in html
    assert "GP member; Governing Body" in html
    assert "GP federation providing extended access" in html
    assert "Last updated:" in html


def test_published_register_needs_no_login_and_hides_the_related_persons_name(client, db):
    InterestFactory(
        category="indirect",
        indirect_type="financial",
        related_person_relationship="spouse_or_partner",
        related_person_name="John Wright",
        organisation__name="Northfield Community Trust",
        nature="employee",
    )
    html = client.get(reverse("published_register")).content.decode()
    assert "Indirect (spouse or partner)" in html
    assert "John Wright" not in html
    rows = _csv(client.get(reverse("published_register_csv")))
    assert "John Wright" not in str(rows)


def test_published_register_search_by_person_organisation_and_text(client, published_story):
    InterestFactory(
        declarant__first_name="Claire",
        declarant__last_name="Hughes",
        organisation__name="Oakwood Practice",
        description="Partner, dispensing practice",
    )
    by_person = client.get(reverse("published_register"), {"person": "hughes"}).content.decode()
    assert "Oakwood Practice" in by_person and "Northfield GP Federation" not in by_person
    by_org = client.get(
        reverse("published_register"), {"organisation": "federation"}
    ).content.decode()
    assert "Northfield GP Federation" in by_org and "Oakwood" not in by_org
    by_text = client.get(reverse("published_register"), {"text": "dispensing"}).content.decode()
    assert "Oakwood Practice" in by_text and "Northfield GP Federation" not in by_text


def test_published_csv_has_the_template_columns_and_the_same_rows(client, published_story):
    rows = _csv(client.get(reverse("published_register_csv")))
    assert rows[0][:4] == [
        "Name",
        "Current position(s) held",
        "Declared interest (organisation and nature of business)",
        "Type of interest",
    ]
    organisations = {row[2].split(" (")[0] for row in rows[1:]}
    assert organisations == {"Northfield GP Federation", "Recent Ltd"}


def test_csv_cells_cannot_smuggle_spreadsheet_formulas(client, db):
    InterestFactory(action_taken='=HYPERLINK("http://evil.example","click")')
    rows = _csv(client.get(reverse("published_register_csv")))
    assert any(cell.startswith("'=HYPERLINK") for cell in rows[1])


def test_nil_returns_are_listed_so_silence_is_visible(client, db):
    member = MemberFactory(first_name="Peter", last_name="Lang", job_title="Secondary care doctor")
    Declaration.objects.create(member=member, kind=Declaration.Kind.NIL_RETURN)
    html = client.get(reverse("published_register")).content.decode()
    assert "Nothing to declare" in html and "Dr Peter Lang" in html


# --- Full register --------------------------------------------------------


def test_full_register_includes_withheld_and_long_ended_but_not_drafts(
    client, secretary, published_story
):
    login(client, secretary)
    html = client.get(reverse("register_full")).content.decode()
    for present in ("Secret Ltd", "Old Ltd", "Pending Ltd", "Staff Ltd"):
        assert present in html
    assert "Draft Ltd" not in html


@pytest.mark.parametrize("persona", ["secretary", "guardian", "auditor", "chair"])
def test_register_keepers_and_checkers_can_read_the_full_register(client, db, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("register_full")).status_code == 200
    assert client.get(reverse("register_full_csv")).status_code == 200


@pytest.mark.parametrize("persona", ["federation_gp", "outsider"])
def test_others_cannot_read_the_full_register(client, db, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("register_full")).status_code == 403
    assert client.get(reverse("register_full_csv")).status_code == 403


def test_full_register_filters_and_csv_export_exactly_what_is_filtered(
    client, auditor, published_story
):
    login(client, auditor)
    params = {
        "category": "financial",
        "organisation": "ltd",
        "current_on_day": str(TODAY.day),
        "current_on_month": str(TODAY.month),
        "current_on_year": str(TODAY.year),
    }
    html = client.get(reverse("register_full"), params).content.decode()
    assert "Secret Ltd" in html and "Staff Ltd" in html
    assert "Old Ltd" not in html and "Northfield GP Federation" not in html
    rows = _csv(client.get(reverse("register_full_csv"), params))
    organisations = sorted(row[2].split(" (")[0] for row in rows[1:])
    assert organisations == ["Pending Ltd", "Secret Ltd", "Staff Ltd"]
    assert AuditEvent.objects.filter(action="register.exported_csv", actor=auditor.user).exists()


def test_full_register_filters_by_committee_member_and_status(client, secretary, published_story):
    login(client, secretary)
    committee = Committee.objects.get(name="Governing Body")
    html = client.get(reverse("register_full"), {"committee": committee.pk}).content.decode()
    assert "Northfield GP Federation" in html and "Staff Ltd" not in html
    Interest.objects.filter(organisation__name="Recent Ltd").update(status="reviewed")
    reviewed = client.get(reverse("register_full"), {"status": "reviewed"}).content.decode()
    assert "Recent Ltd" in reviewed and "Northfield GP Federation" not in reviewed


def test_full_register_flags_late_declarations(client, secretary, db):
    InterestFactory(organisation__name="Late Ltd", start_date=TODAY - datetime.timedelta(days=90))
    InterestFactory(organisation__name="Prompt Ltd", start_date=TODAY - datetime.timedelta(days=3))
    login(client, secretary)
    html = client.get(reverse("register_full"), {"declared_late": "on"}).content.decode()
    assert "Late Ltd" in html and "Prompt Ltd" not in html


def test_full_register_pages_by_fifty_in_a_constant_number_of_queries(
    client, secretary, django_assert_max_num_queries
):
    for _ in range(60):
        InterestFactory()
    login(client, secretary)
    with django_assert_max_num_queries(20):
        first = client.get(reverse("register_full")).content.decode()
    assert "page 1 of 2" in first
    second = client.get(reverse("register_full"), {"page": 2}).content.decode()
    assert "page 2 of 2" in second


def test_bad_filter_values_get_a_message_not_an_error(client, secretary, db):
    login(client, secretary)
    response = client.get(
        reverse("register_full"),
        {"current_on_day": "31", "current_on_month": "2", "current_on_year": "2025"},
    )
    assert response.status_code == 200
    assert "must be a real date" in response.content.decode()


# --- Review queue ---------------------------------------------------------


def test_secretary_reviews_a_submitted_entry(client, secretary, federation_gp):
    interest = InterestFactory(declarant=federation_gp, organisation__name="Riverside Surgery")
    login(client, secretary)
    queue = client.get(reverse("register_review_queue")).content.decode()
    assert "Riverside Surgery" in queue
    response = post_edit(
        client,
        reverse("register_review_entry", args=[interest.pk]),
        {"action_taken": "Excluded from decisions on the federation's contracts"},
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == "reviewed" and interest.reviewed_by == secretary.user


def test_members_cannot_review(client, federation_gp, single_handed_gp):
    interest = InterestFactory(declarant=single_handed_gp)
    login(client, federation_gp)
    assert client.get(reverse("register_review_queue")).status_code == 403
    assert client.post(reverse("register_review_entry", args=[interest.pk]), {}).status_code == 403


def test_only_the_guardian_decides_withholding_requests(client, secretary, guardian, federation_gp):
    interest = InterestFactory(
        declarant=federation_gp, withholding="requested", withholding_reason="Harm"
    )
    login(client, secretary)
    url = reverse("register_withholding_decide", args=[interest.pk])
    assert client.post(url, {"decision": "approve", "note": "ok"}).status_code == 403
    login(client, guardian)
    missing_note = client.post(url, {"decision": "approve"})
    assert "Record the reason for your decision" in missing_note.content.decode()
    client.post(url, {"decision": "approve", "note": "Threats documented"})
    interest.refresh_from_db()
    assert interest.withholding == "approved"


def test_wording_follows_the_kind_of_organisation(client, db, settings):
    settings.ORGANISATION_TYPE = "ICB"
    settings.ORGANISATION_NAME = "Northfield Integrated Care Board"
    html = client.get(reverse("published_register")).content.decode()
    assert "Northfield Integrated Care Board's board members" in html
    assert "governing body" not in html
    settings.ORGANISATION_TYPE = "CCG"
    settings.ORGANISATION_NAME = "Northfield CCG"
    html = client.get(reverse("published_register")).content.decode()
    assert "Northfield CCG's governing body members" in html
