"""A member declares, submits, corrects and ends interests; history is kept; nothing leaks."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interests.models import Interest
from interests.services import declarations as services
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import InterestFactory, OrganisationFactory

TODAY = datetime.date.today()


def _fields(organisation, **overrides):
    fields = {
        "category": "financial",
        "organisation": organisation,
        "organisation_name": "",
        "nature": "partner",
        "description": "Partner in the practice",
        "start_date": datetime.date(2021, 4, 1),
        "end_date": None,
    }
    fields.update(overrides)
    return fields


def _declare(member, organisation, **overrides):
    return services.interest_declare(
        member=member,
        fields=_fields(organisation, **overrides),
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=services.Publication(consent=True),
    )


def _form_data(**overrides):
    data = {
        "category": "financial",
        "organisation_text": "Riverside Surgery",
        "nature": "partner",
        "description": "Partner in the practice",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2021",
        "s-confirmed_complete": "on",
        "s-acknowledged_duty": "on",
        "s-publish": "yes",
        "action": "submit",
    }
    data.update(overrides)
    return data


# --- Services -------------------------------------------------------------


def test_declaring_puts_the_entry_on_the_register_with_an_audit_record(federation_gp):
    riverside = OrganisationFactory(name="Riverside Surgery")
    interest = _declare(federation_gp, riverside)
    assert interest.status == Interest.Status.SUBMITTED
    assert interest.submitted_at is not None
    assert AuditEvent.objects.filter(
        action="interest.submitted", object_id=str(interest.pk)
    ).exists()


def test_submitting_needs_both_confirmations(federation_gp):
    draft = services.interest_draft_save(
        member=federation_gp, fields=_fields(OrganisationFactory()), actor=federation_gp.user
    )
    with pytest.raises(ValidationError):
        services.interest_submit(
            interest=draft,
            member=federation_gp,
            actor=federation_gp.user,
            confirmed_complete=True,
            acknowledged_duty=False,
            publication=services.Publication(consent=True),
        )
    draft.refresh_from_db()
    assert draft.is_draft


def test_end_before_start_is_refused_and_nothing_is_saved(federation_gp):
    with pytest.raises(ValidationError) as error:
        _declare(federation_gp, OrganisationFactory(), end_date=datetime.date(2020, 1, 1))
    assert "end_date" in error.value.error_dict
    assert Interest.objects.count() == 0


def test_indirect_interest_needs_whose_it_is_and_its_type(federation_gp):
    with pytest.raises(ValidationError) as error:
        _declare(federation_gp, OrganisationFactory(), category="indirect")
    assert {"indirect_type", "related_person_relationship", "related_person_name"} <= set(
        error.value.error_dict
    )
    interest = _declare(
        federation_gp,
        OrganisationFactory(),
        category="indirect",
        indirect_type="financial",
        related_person_relationship="spouse_or_partner",
        related_person_name="John Okafor",
        nature="employee",
    )
    assert interest.is_indirect and interest.interest_type == "financial"


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(federation_gp):
    interest = _declare(federation_gp, OrganisationFactory(name="Riverside Surgery"))
    services.interest_correct(
        interest=interest,
        member=federation_gp,
        actor=federation_gp.user,
        fields=_fields(interest.organisation, description="Partner, 30% share of profits"),
        reason="Added my share of profits",
    )
    versions = list(interest.history.order_by("history_date"))
    assert versions[0].description == "Partner in the practice"
    assert versions[-1].description == "Partner, 30% share of profits"
    assert "Added my share of profits" in versions[-1].history_change_reason
    assert interest.status == Interest.Status.SUBMITTED


def test_a_correction_needs_a_reason(federation_gp):
    interest = _declare(federation_gp, OrganisationFactory())
    with pytest.raises(ValidationError):
        services.interest_correct(
            interest=interest,
            member=federation_gp,
            actor=federation_gp.user,
            fields=_fields(interest.organisation),
            reason="  ",
        )


def test_ending_keeps_the_entry_and_records_when(federation_gp):
    interest = _declare(federation_gp, OrganisationFactory())
    services.interest_end(
        interest=interest,
        member=federation_gp,
        end_date=datetime.date(2024, 3, 31),
        actor=federation_gp.user,
    )
    interest.refresh_from_db()
    assert interest.end_date == datetime.date(2024, 3, 31)
    assert interest.ended_recorded_at is not None
    assert Interest.objects.filter(pk=interest.pk).exists()


def test_nobody_changes_another_members_entries(federation_gp, single_handed_gp):
    interest = _declare(federation_gp, OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.interest_end(
            interest=interest, member=single_handed_gp, end_date=TODAY, actor=single_handed_gp.user
        )


def test_declared_more_than_28_days_after_it_began_is_flagged(federation_gp):
    late = _declare(
        federation_gp, OrganisationFactory(), start_date=TODAY - datetime.timedelta(days=29)
    )
    on_time = _declare(
        federation_gp, OrganisationFactory(), start_date=TODAY - datetime.timedelta(days=28)
    )
    assert late.declared_late and not on_time.declared_late
    assert list(Interest.objects.declared_late()) == [late]


def test_refusing_publication_needs_a_reason_and_keeps_the_entry_off_the_public_register(
    federation_gp,
):
    draft = services.interest_draft_save(
        member=federation_gp, fields=_fields(OrganisationFactory()), actor=federation_gp.user
    )
    with pytest.raises(ValidationError):
        services.interest_submit(
            interest=draft,
            member=federation_gp,
            actor=federation_gp.user,
            confirmed_complete=True,
            acknowledged_duty=True,
            publication=services.Publication(consent=False, reason=""),
        )
    submitted = services.interest_submit(
        interest=draft,
        member=federation_gp,
        actor=federation_gp.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=services.Publication(
            consent=False, reason="Risk of harm from a former patient"
        ),
    )
    assert submitted.withholding == Interest.Withholding.REQUESTED
    assert submitted.is_withheld


def test_only_the_guardian_decides_withholding_and_never_their_own(
    guardian, secretary, federation_gp
):
    interest = _declare(federation_gp, OrganisationFactory())
    services.withholding_request(
        interest=interest, member=federation_gp, reason="Risk of harm", actor=federation_gp.user
    )
    with pytest.raises(ValidationError):
        services.withholding_decide(
            interest=interest, guardian=guardian.user, approve=True, note=""
        )
    services.withholding_decide(
        interest=interest, guardian=guardian.user, approve=True, note="Police advice seen"
    )
    assert interest.withholding == Interest.Withholding.APPROVED
    assert interest.withholding_decided_by == guardian.user

    own = _declare(guardian, OrganisationFactory())
    services.withholding_request(
        interest=own, member=guardian, reason="Privacy", actor=guardian.user
    )
    with pytest.raises(PermissionDenied):
        services.withholding_decide(interest=own, guardian=guardian.user, approve=True, note="Fine")


def test_review_records_the_action_and_the_reviewer(secretary, federation_gp):
    interest = _declare(federation_gp, OrganisationFactory())
    services.interest_review(
        interest=interest,
        reviewer=secretary.user,
        action_taken="Will leave the room for federation contract items",
    )
    assert interest.status == Interest.Status.REVIEWED
    assert interest.reviewed_by == secretary.user
    assert interest.action_taken.startswith("Will leave")


def test_nobody_reviews_their_own_entry(guardian):
    interest = _declare(guardian, OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.interest_review(interest=interest, reviewer=guardian.user, action_taken="")


# --- Views ----------------------------------------------------------------


def test_a_gp_declares_an_interest_in_one_step(client, federation_gp):
    OrganisationFactory(name="Riverside Surgery", ods_code="Y01234")
    login(client, federation_gp)
    response = client.post(reverse("interest_new"), _form_data())
    interest = Interest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("interest_detail", args=[interest.pk])
    assert interest.organisation.name == "Riverside Surgery"
    assert interest.status == Interest.Status.SUBMITTED
    detail = client.get(response.url).content.decode()
    assert "Riverside Surgery" in detail
    assert "Submitted" in detail


def test_picking_the_suggestion_with_its_code_links_the_organisation(client, federation_gp):
    OrganisationFactory(name="Riverside Surgery", ods_code="Y01234")
    login(client, federation_gp)
    client.post(reverse("interest_new"), _form_data(organisation_text="Riverside Surgery (Y01234)"))
    assert Interest.objects.get().organisation.ods_code == "Y01234"


def test_an_unknown_organisation_gets_a_message_until_the_member_says_it_is_not_listed(
    client, federation_gp
):
    login(client, federation_gp)
    response = client.post(
        reverse("interest_new"), _form_data(organisation_text="Acme Locum Agency")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "We could not find" in html and "Acme Locum Agency" in html
    assert Interest.objects.count() == 0
    client.post(
        reverse("interest_new"),
        _form_data(organisation_text="Acme Locum Agency", organisation_not_listed="on"),
    )
    interest = Interest.objects.get()
    assert interest.organisation is None and interest.organisation_name == "Acme Locum Agency"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"end_date_day": "1", "end_date_month": "1", "end_date_year": "2020"},
            "The end date must be the same as or after the start date",
        ),
        ({"start_date_day": "31", "start_date_month": "2"}, "must be a real date"),
        ({"description": "x" * 2001}, "2,000 characters or fewer"),
        ({"category": ""}, "Select what kind of interest it is"),
        ({"s-confirmed_complete": ""}, "Confirm the information is complete and correct"),
        ({"category": "indirect"}, "Enter the name of the person whose interest it is"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client, federation_gp, overrides, message
):
    OrganisationFactory(name="Riverside Surgery")
    login(client, federation_gp)
    response = client.post(reverse("interest_new"), _form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert Interest.objects.count() == 0


def test_script_in_text_is_stored_as_text_and_shown_escaped(client, federation_gp):
    OrganisationFactory(name="Riverside Surgery")
    login(client, federation_gp)
    client.post(reverse("interest_new"), _form_data(description="<script>alert('x')</script>"))
    interest = Interest.objects.get()
    assert interest.description == "<script>alert('x')</script>"
    html = client.get(reverse("interest_detail", args=[interest.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_saving_a_draft_needs_no_confirmations_and_is_not_on_the_register(client, federation_gp):
    OrganisationFactory(name="Riverside Surgery")
    login(client, federation_gp)
    client.post(
        reverse("interest_new"),
        _form_data(action="draft", **{"s-confirmed_complete": "", "s-acknowledged_duty": ""}),
    )
    assert Interest.objects.get().is_draft
    assert not Interest.objects.declared().exists()


def test_a_member_cannot_read_or_edit_another_members_draft(
    client, federation_gp, single_handed_gp, secretary
):
    draft = services.interest_draft_save(
        member=federation_gp, fields=_fields(OrganisationFactory()), actor=federation_gp.user
    )
    for persona in (single_handed_gp, secretary):
        login(client, persona)
        for name in ("interest_detail", "interest_edit", "interest_end", "interest_history"):
            assert client.get(reverse(name, args=[draft.pk])).status_code == 403
        assert (
            client.post(reverse("interest_edit", args=[draft.pk]), _form_data()).status_code == 403
        )
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_member_cannot_open_another_members_submitted_entry_but_the_register_keepers_can(
    client, federation_gp, single_handed_gp, secretary, auditor
):
    interest = InterestFactory(declarant=federation_gp)
    login(client, single_handed_gp)
    assert client.get(reverse("interest_detail", args=[interest.pk])).status_code == 403
    for persona in (secretary, auditor):
        login(client, persona)
        assert client.get(reverse("interest_detail", args=[interest.pk])).status_code == 200
        assert client.get(reverse("interest_edit", args=[interest.pk])).status_code == 403


def test_editing_a_draft_then_submitting_it(client, federation_gp):
    riverside = OrganisationFactory(name="Riverside Surgery")
    draft = services.interest_draft_save(
        member=federation_gp, fields=_fields(riverside), actor=federation_gp.user
    )
    login(client, federation_gp)
    post_edit(
        client, reverse("interest_edit", args=[draft.pk]), _form_data(description="Senior partner")
    )
    draft.refresh_from_db()
    assert draft.status == Interest.Status.SUBMITTED
    assert draft.description == "Senior partner"


def test_correcting_through_the_page_keeps_the_earlier_version(client, federation_gp):
    interest = InterestFactory(declarant=federation_gp, organisation__name="Riverside Surgery")
    login(client, federation_gp)
    page = client.get(reverse("interest_edit", args=[interest.pk])).content.decode()
    assert "Correct your declaration" in page
    response = post_edit(
        client,
        reverse("interest_edit", args=[interest.pk]),
        _form_data(
            description="Salaried GP, not a partner", nature="employee", reason="I am salaried"
        ),
    )
    assert response.status_code == 302
    history = client.get(reverse("interest_history", args=[interest.pk])).content.decode()
    assert "Salaried GP, not a partner" in history
    assert "Partner in the practice" in history
    assert "I am salaried" in history


def test_ending_through_the_page_refuses_a_date_before_the_start(client, federation_gp):
    interest = InterestFactory(declarant=federation_gp)
    login(client, federation_gp)
    bad = client.post(
        reverse("interest_end", args=[interest.pk]),
        {"end_date_day": "1", "end_date_month": "1", "end_date_year": "2019"},
    )
    assert "must be on or after the start date" in bad.content.decode()
    interest.refresh_from_db()
    assert interest.end_date is None
    client.post(
        reverse("interest_end", args=[interest.pk]),
        {"end_date_day": "31", "end_date_month": "3", "end_date_year": "2025"},
    )
    interest.refresh_from_db()
    assert interest.end_date == datetime.date(2025, 3, 31)


def test_there_is_no_way_to_delete_an_interest(client, federation_gp, secretary):
    interest = InterestFactory(declarant=federation_gp)
    login(client, secretary)
    assert client.post(f"/admin/interests/interest/{interest.pk}/delete/").status_code in (
        302,
        403,
        404,
    )
    assert Interest.objects.filter(pk=interest.pk).exists()


def test_organisation_suggestions_list_matches(client, federation_gp):
    OrganisationFactory(name="Riverside Surgery", ods_code="Y01234")
    OrganisationFactory(name="Hillview Medical Centre")
    login(client, federation_gp)
    html = client.get(
        reverse("organisation_suggestions"), {"organisation_text": "river"}
    ).content.decode()
    assert 'value="Riverside Surgery (Y01234)"' in html
    assert "Hillview" not in html


def test_pages_need_a_member_record(client, outsider):
    login(client, outsider)
    assert client.get(reverse("interest_new")).status_code == 403
    assert client.get(reverse("nil_return")).status_code == 403


def test_submitted_at_is_now(federation_gp):
    before = timezone.now()
    interest = _declare(federation_gp, OrganisationFactory())
    assert interest.submitted_at >= before
