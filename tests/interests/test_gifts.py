"""The gifts and hospitality register: recording, live guidance, correction, the full
register and its export, the published register, and who may see what."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interests.models import GiftOrHospitality, Member, Organisation
from interests.selectors.gifts import published_gifts, published_window_start
from interests.services import gifts as services
from tests.conftest import login
from tests.forms import post_edit

TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
SCRIPT = "<script>alert('x')</script>"


def _organisation(name: str = "Acme Medical Ltd", **kwargs: Any) -> Organisation:
    return Organisation.objects.create(name=name, kind=Organisation.Kind.COMPANY, **kwargs)


def _gift(member: Member, **overrides: Any) -> GiftOrHospitality:
    """An entry made directly, for tests about reading the register."""
    fields: dict[str, Any] = {
        "recipient": member,
        "kind": "hospitality",
        "description": "Dinner after the federation's annual meeting",
        "offered_by_name": "Northfield GP Federation",
        "estimated_value": Decimal("40.00"),
        "offered_on": LAST_WEEK,
        "outcome": "accepted",
    }
    fields.update(overrides)
    return GiftOrHospitality.objects.create(**fields)


def _form(**overrides: Any) -> dict[str, str]:
    data = {
        "kind": "hospitality",
        "estimated_value": "40",
        "offerer_is_supplier": "no",
        "is_cash_or_voucher": "no",
        "description": "Dinner after the federation's annual meeting",
        "offered_by_organisation": "",
        "offered_by_name": "Northfield GP Federation",
        "offered_on_day": str(LAST_WEEK.day),
        "offered_on_month": str(LAST_WEEK.month),
        "offered_on_year": str(LAST_WEEK.year),
        "outcome": "accepted",
        "reason": "",
        "senior_approval_by": "",
    }
    data.update(overrides)
    return data


def _html(response: Any) -> str:
    return response.content.decode()


def _csv(response: Any) -> list[list[str]]:
    assert response.streaming  # written as it is read (core.csv_export)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- Recording an offer ---------------------------------------------------------


def test_a_member_records_hospitality_and_sees_it(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_new"), _form())
    gift = GiftOrHospitality.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("gift_detail", args=[gift.pk])
    assert gift.recipient == federation_gp
    assert gift.estimated_value == Decimal("40.00")
    assert gift.history.count() == 1
    assert gift.history.get().history_user == federation_gp.user
    assert AuditEvent.objects.filter(action="gift.recorded", object_id=str(gift.pk)).exists()
    page = _html(client.get(response.url))
    assert "Dinner after the federation&#x27;s annual meeting" in page
    assert "Hospitality from £25 to £75 may be accepted and must be declared." in page


def test_the_form_page_labels_every_field_and_wires_the_live_guidance(
    client: Any, federation_gp: Member
) -> None:
    login(client, federation_gp)
    page = _html(client.get(reverse("gift_new")))
    assert f'hx-post="{reverse("gift_guidance")}"' in page
    assert 'hx-trigger="change, input changed delay:400ms"' in page
    assert 'hx-target="#gift-guidance"' in page
    assert '<div id="gift-guidance" aria-live="polite">' in page
    assert "Answer the questions above" in page
    for label in ("Estimated value in pounds", "What was offered", "Date offered", "Reason"):
        assert label in page
    assert "supplier or contractor of the CCG?" in page


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("45", Decimal("45.00")),
        ("45.50", Decimal("45.50")),
        ("£45.50", Decimal("45.50")),
        ("1,200", Decimal("1200.00")),
        (" £1,200.5 ", Decimal("1200.50")),
        ("0", Decimal("0.00")),
    ],
)
def test_values_are_accepted_as_people_type_them(
    client: Any, federation_gp: Member, typed: str, stored: Decimal
) -> None:
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"), _form(kind="gift", estimated_value=typed, outcome="accepted_for_org")
    )
    assert response.status_code == 302
    assert GiftOrHospitality.objects.get().estimated_value == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The estimated value cannot be negative"),
        ("£-5", "The estimated value cannot be negative"),
        ("-£5.50", "The estimated value cannot be negative"),
        ("forty", "Enter the estimated value as a number of pounds, for example 45 or 45.50"),
        ("-forty", "Enter the estimated value as a number of pounds, for example 45 or 45.50"),
        ("1,2,3", "Enter the estimated value as a number of pounds, for example 45 or 45.50"),
        ("45.505", "Enter the estimated value in pounds and pence, for example 45.50"),
        ("1e3", "Enter the estimated value as a number of pounds, for example 45 or 45.50"),
        ("100000000", "The estimated value must be less than £100,000,000"),
        ("", "Enter the estimated value in pounds, for example 45 or 45.50"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    client: Any, federation_gp: Member, typed: str, message: str
) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_new"), _form(estimated_value=typed))
    page = _html(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert 'href="#id_estimated_value"' in page
    assert not GiftOrHospitality.objects.exists()


def test_a_future_date_is_refused(client: Any, federation_gp: Member) -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"),
        _form(
            offered_on_day=str(tomorrow.day),
            offered_on_month=str(tomorrow.month),
            offered_on_year=str(tomorrow.year),
        ),
    )
    assert "The date offered must be today or in the past" in _html(response)
    assert not GiftOrHospitality.objects.exists()


def test_today_is_allowed(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"),
        _form(
            offered_on_day=str(TODAY.day),
            offered_on_month=str(TODAY.month),
            offered_on_year=str(TODAY.year),
        ),
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2025", "Date offered must be a real date, for example 27 3 2024"),
        ("1", "", "2025", "Date offered must include a day, month and year"),
        ("", "", "", "Enter the date the offer was made"),
    ],
)
def test_bad_dates_are_refused(
    client: Any, federation_gp: Member, day: str, month: str, year: str, message: str
) -> None:
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"),
        _form(offered_on_day=day, offered_on_month=month, offered_on_year=year),
    )
    assert message in _html(response)
    assert not GiftOrHospitality.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        (
            "description",
            2000,
            "The description must be 2000 characters or fewer (you entered 2001)",
        ),
        ("reason", 2000, "The reason must be 2000 characters or fewer (you entered 2001)"),
        ("offered_by_name", 200, "The name must be 200 characters or fewer (you entered 201)"),
        (
            "senior_approval_by",
            200,
            "The name of the senior manager must be 200 characters or fewer (you entered 201)",
        ),
    ],
)
def test_over_long_text_is_refused(
    client: Any, federation_gp: Member, field: str, limit: int, message: str
) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_new"), _form(**{field: "x" * (limit + 1)}))
    assert message in _html(response)
    assert not GiftOrHospitality.objects.exists()


def test_an_empty_form_names_every_missing_answer(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_new"), {})
    page = _html(response)
    for message in (
        "Choose whether it was a gift or hospitality",
        "Enter the estimated value in pounds, for example 45 or 45.50",
        "Say whether the offer came from a supplier or contractor",
        "Say whether it is cash or a voucher",
        "Describe what was offered",
        "Choose who made the offer, or type their name",
        "Enter the date the offer was made",
        "Choose whether you accepted or declined the offer",
    ):
        assert message in page
    assert "<title>Error: " in page
    assert not GiftOrHospitality.objects.exists()


def test_the_offerer_is_chosen_from_active_organisations_or_typed(
    client: Any, federation_gp: Member
) -> None:
    acme = _organisation()
    closed = _organisation("Closed Surgery", is_active=False)
    login(client, federation_gp)
    page = _html(client.get(reverse("gift_new")))
    # A search box with suggestions, not a select of every organisation (ADR 0027).
    assert "Acme Medical Ltd" not in page and 'list="organisation-suggestions"' in page
    suggestions = _html(
        client.get(reverse("organisation_suggestions"), {"offered_by_name": "medical"})
    )
    assert '<option value="Acme Medical Ltd">' in suggestions
    closed_suggested = client.get(reverse("organisation_suggestions"), {"offered_by_name": "Clos"})
    assert "Closed Surgery" not in _html(closed_suggested)

    both = client.post(reverse("gift_new"), _form(offered_by_organisation=str(acme.pk)))
    assert "Choose an organisation from the list or type a name, not both" in _html(both)
    unknown = client.post(
        reverse("gift_new"), _form(offered_by_organisation=str(closed.pk), offered_by_name="")
    )
    assert "Choose an organisation from the list, or type the name below" in _html(unknown)
    assert not GiftOrHospitality.objects.exists()

    chosen = client.post(
        reverse("gift_new"), _form(offered_by_organisation=str(acme.pk), offered_by_name="")
    )
    assert chosen.status_code == 302
    assert GiftOrHospitality.objects.get().offered_by_label == "Acme Medical Ltd"

    # Without JavaScript: the name typed in full (any case) is the organisation.
    typed = client.post(reverse("gift_new"), _form(offered_by_name="acme medical ltd"))
    assert typed.status_code == 302
    assert GiftOrHospitality.objects.latest("pk").offered_by_organisation == acme


def test_html_in_text_is_kept_as_typed_and_shown_escaped(
    client: Any, federation_gp: Member, secretary: Member
) -> None:
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"),
        _form(description=SCRIPT, offered_by_name=f"<b>{SCRIPT}</b>", reason=SCRIPT),
    )
    gift = GiftOrHospitality.objects.get()
    assert gift.description == SCRIPT
    pages = [
        client.get(response.url),
        client.get(reverse("gift_mine")),
        client.get(reverse("gift_published")),
    ]
    login(client, secretary)
    pages.append(client.get(reverse("gift_register")))
    for page in pages:
        html = _html(page)
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_html_in_a_refused_form_is_shown_back_escaped(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_new"), _form(description=SCRIPT, estimated_value="-1"))
    assert SCRIPT not in _html(response)
    assert "&lt;script&gt;" in _html(response)


# --- The rules refuse what must be declined ------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"kind": "gift", "is_cash_or_voucher": "yes", "estimated_value": "20"},
            "outcome",
            "Cash and vouchers must always be declined.",
        ),
        (
            {"kind": "gift", "offerer_is_supplier": "yes", "estimated_value": "6"},
            "outcome",
            "Gifts from suppliers or contractors must be declined, whatever their value, "
            "unless they are promotional items worth less than £6.",
        ),
        (
            {"kind": "gift", "offerer_is_supplier": "yes", "outcome": "accepted_for_org"},
            "outcome",
            "Gifts from suppliers or contractors must be declined",
        ),
        (
            {"kind": "gift", "estimated_value": "50.01"},
            "outcome",
            "Gifts worth more than £50 may only be accepted on behalf of the organisation",
        ),
        (
            {"kind": "hospitality", "outcome": "accepted_for_org"},
            "outcome",
            "Hospitality cannot be accepted on behalf of the organisation",
        ),
        (
            {"kind": "hospitality", "estimated_value": "75.01"},
            "senior_approval_by",
            "Enter who gave senior approval to accept this hospitality, or record it as declined",
        ),
        (
            {"kind": "hospitality", "estimated_value": "120"},
            "reason",
            "Explain why it was right to accept this hospitality",
        ),
    ],
)
def test_accepting_what_the_rules_forbid_is_refused(
    client: Any, federation_gp: Member, overrides: dict[str, str], field: str, message: str
) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_new"), _form(**overrides))
    page = _html(response)
    assert message in page
    assert f'id="id_{field}-error"' in page
    assert not GiftOrHospitality.objects.exists()


def test_the_same_offers_may_be_recorded_as_declined(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    for overrides in (
        {"kind": "gift", "is_cash_or_voucher": "yes"},
        {"kind": "gift", "offerer_is_supplier": "yes", "estimated_value": "200"},
        {"kind": "hospitality", "estimated_value": "300"},
    ):
        response = client.post(reverse("gift_new"), _form(outcome="declined", **overrides))
        assert response.status_code == 302
    assert GiftOrHospitality.objects.filter(outcome="declined").count() == 3


def test_approved_hospitality_over_seventy_five_pounds_is_recorded(
    client: Any, federation_gp: Member
) -> None:
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"),
        _form(
            estimated_value="120",
            senior_approval_by="Jane Smith, Chief Finance Officer",
            reason="Speaking at the regional primary care conference",
        ),
    )
    assert response.status_code == 302
    assert GiftOrHospitality.objects.get().senior_approval_by == "Jane Smith, Chief Finance Officer"


def test_without_javascript_the_guidance_shows_after_submitting(
    client: Any, federation_gp: Member
) -> None:
    login(client, federation_gp)
    response = client.post(
        reverse("gift_new"), _form(kind="gift", estimated_value="80", description="")
    )
    page = _html(response)
    assert "Describe what was offered" in page
    assert (
        "Gifts worth more than £50 may only be accepted on behalf of the organisation, "
        "and must be declared." in page
    )


def test_the_service_enforces_the_rules_too(federation_gp: Member) -> None:
    with pytest.raises(ValidationError) as caught:
        services.gift_record(
            member=federation_gp,
            fields={
                "kind": "gift",
                "description": "Box of chocolates",
                "offered_by_name": "Acme Medical Ltd",
                "estimated_value": Decimal("20"),
                "offered_on": TODAY + datetime.timedelta(days=3),
                "outcome": "accepted",
                "offerer_is_supplier": True,
            },
            actor=federation_gp.user,
        )
    assert "outcome" in caught.value.message_dict
    assert "offered_on" in caught.value.message_dict
    assert not GiftOrHospitality.objects.exists()


def test_the_model_refuses_a_negative_value_whatever_the_caller(federation_gp: Member) -> None:
    with pytest.raises(ValidationError):
        services.gift_record(
            member=federation_gp,
            fields={
                "kind": "gift",
                "description": "Pen",
                "offered_by_name": "Acme",
                "estimated_value": Decimal("-1"),
                "offered_on": LAST_WEEK,
                "outcome": "declined",
            },
            actor=federation_gp.user,
        )


# --- The live guidance panel ----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"kind": "gift", "estimated_value": "5.99", "offerer_is_supplier": "yes"},
            "Promotional items from suppliers or contractors worth less than £6 may be accepted",
        ),
        (
            {"kind": "gift", "estimated_value": "6", "offerer_is_supplier": "yes"},
            "Gifts from suppliers or contractors must be declined, whatever their value",
        ),
        (
            {"kind": "gift", "estimated_value": "£50"},
            "Gifts worth £50 or less need not be declared.",
        ),
        (
            {"kind": "gift", "estimated_value": "50.01"},
            "Gifts worth more than £50 may only be accepted on behalf of the organisation",
        ),
        (
            {"kind": "hospitality", "estimated_value": "24.99"},
            "Hospitality under £25 may be accepted and need not be declared.",
        ),
        (
            {"kind": "hospitality", "estimated_value": "25"},
            "Hospitality from £25 to £75 may be accepted and must be declared.",
        ),
        (
            {"kind": "hospitality", "estimated_value": "1,075"},
            "Hospitality over £75 must be declined unless senior approval is given",
        ),
        (
            {"kind": "gift", "estimated_value": "", "is_cash_or_voucher": "yes"},
            "Cash and vouchers must always be declined.",
        ),
        ({"kind": "gift", "estimated_value": "forty"}, "Answer the questions above"),
        ({"estimated_value": "40"}, "Answer the questions above"),
    ],
)
def test_the_guidance_endpoint_answers_as_the_member_types(
    client: Any, federation_gp: Member, data: dict[str, str], expected: str
) -> None:
    login(client, federation_gp)
    response = client.post(reverse("gift_guidance"), data, headers={"HX-Request": "true"})
    html = _html(response)
    assert response.status_code == 200
    assert expected in html
    assert "<html" not in html
    assert "<h1" not in html


def test_decline_guidance_is_a_warning_and_acceptable_guidance_is_inset_text(
    client: Any, federation_gp: Member
) -> None:
    login(client, federation_gp)
    url = reverse("gift_guidance")
    headers = {"HX-Request": "true"}
    warning = _html(
        client.post(url, {"kind": "gift", "is_cash_or_voucher": "yes"}, headers=headers)
    )
    assert "nhsuk-card--warning" in warning
    assert "Decline it" in warning
    inset = _html(client.post(url, {"kind": "gift", "estimated_value": "10"}, headers=headers))
    assert "nhsuk-inset-text" in inset
    assert "You may accept it" in inset


def test_the_guidance_follows_configured_thresholds(
    client: Any, federation_gp: Member, settings: Any
) -> None:
    settings.GIFT_DECLARE_ABOVE_GBP = "100"
    login(client, federation_gp)
    response = client.post(
        reverse("gift_guidance"),
        {"kind": "gift", "estimated_value": "80"},
        headers={"HX-Request": "true"},
    )
    assert "Gifts worth £100 or less need not be declared." in _html(response)


# --- Corrections keep history ---------------------------------------------------


def test_a_member_corrects_their_entry_and_the_earlier_version_is_kept(
    client: Any, federation_gp: Member
) -> None:
    login(client, federation_gp)
    client.post(reverse("gift_new"), _form(estimated_value="54"))
    gift = GiftOrHospitality.objects.get()
    page = _html(client.get(reverse("gift_correct", args=[gift.pk])))
    assert 'value="54.00"' in page
    response = post_edit(
        client,
        reverse("gift_correct", args=[gift.pk]),
        _form(estimated_value="45", change_reason="The value was £45, not £54"),
    )
    assert response.status_code == 302
    gift.refresh_from_db()
    assert gift.estimated_value == Decimal("45.00")
    versions = list(gift.history.order_by("history_date"))
    assert [v.estimated_value for v in versions] == [Decimal("54.00"), Decimal("45.00")]
    assert versions[-1].history_change_reason == "The value was £45, not £54"
    event = AuditEvent.objects.get(action="gift.corrected")
    assert event.detail["changed"] == ["estimated_value"]
    detail = _html(client.get(reverse("gift_detail", args=[gift.pk])))
    assert "The value was £45, not £54" in detail
    assert "£54.00, accepted" in detail


@pytest.mark.parametrize(
    ("change_reason", "message"),
    [
        ("", "Say what you corrected and why"),
        ("x" * 101, "The reason for the correction must be 100 characters or fewer"),
    ],
)
def test_a_correction_needs_a_short_reason(
    client: Any, federation_gp: Member, change_reason: str, message: str
) -> None:
    gift = _gift(federation_gp)
    login(client, federation_gp)
    response = post_edit(
        client,
        reverse("gift_correct", args=[gift.pk]),
        _form(estimated_value="45", change_reason=change_reason),
    )
    assert message in _html(response)
    gift.refresh_from_db()
    assert gift.estimated_value == Decimal("40.00")


def test_a_correction_that_breaks_the_rules_is_refused(client: Any, federation_gp: Member) -> None:
    gift = _gift(federation_gp)
    login(client, federation_gp)
    response = post_edit(
        client,
        reverse("gift_correct", args=[gift.pk]),
        _form(is_cash_or_voucher="yes", change_reason="It was a voucher"),
    )
    assert "Cash and vouchers must always be declined." in _html(response)
    gift.refresh_from_db()
    assert gift.is_cash_or_voucher is False


def test_a_correction_keeps_an_organisation_that_has_since_closed(
    client: Any, federation_gp: Member
) -> None:
    closed = _organisation("Closed Surgery", is_active=False)
    gift = _gift(federation_gp, offered_by_organisation=closed, offered_by_name="")
    login(client, federation_gp)
    response = post_edit(
        client,
        reverse("gift_correct", args=[gift.pk]),
        _form(
            offered_by_organisation=str(closed.pk),
            offered_by_name="",
            reason="Thank-you lunch",
            change_reason="Added the reason",
        ),
    )
    assert response.status_code == 302
    gift.refresh_from_db()
    assert gift.offered_by_organisation == closed
    assert gift.reason == "Thank-you lunch"


def test_nobody_corrects_someone_elses_entry_through_the_service(
    federation_gp: Member, single_handed_gp: Member
) -> None:
    gift = _gift(federation_gp)
    with pytest.raises(PermissionDenied):
        services.gift_correct(
            gift=gift,
            member=single_handed_gp,
            fields={"estimated_value": Decimal("1")},
            reason="Mine now",
            actor=single_handed_gp.user,
        )


def test_another_member_cannot_change_an_entry_by_posting(
    client: Any, federation_gp: Member, single_handed_gp: Member
) -> None:
    gift = _gift(federation_gp)
    login(client, single_handed_gp)
    response = client.post(
        reverse("gift_correct", args=[gift.pk]),
        _form(estimated_value="1", change_reason="Mine now"),
    )
    assert response.status_code == 403
    gift.refresh_from_db()
    assert gift.estimated_value == Decimal("40.00")
    assert gift.history.count() == 1


# --- Who may open what ------------------------------------------------------------

REGISTER_READERS = ["secretary", "chair", "guardian", "auditor"]


@pytest.mark.parametrize(
    "url_name", ["gift_mine", "gift_new", "gift_register", "gift_register_csv"]
)
def test_pages_need_sign_in(client: Any, db: Any, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_entry_pages_and_guidance_need_sign_in(client: Any, federation_gp: Member) -> None:
    gift = _gift(federation_gp)
    for response in (
        client.get(reverse("gift_detail", args=[gift.pk])),
        client.get(reverse("gift_correct", args=[gift.pk])),
        client.post(reverse("gift_guidance"), {"kind": "gift"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_someone_with_no_register_record_cannot_record_gifts(client: Any, outsider: Any) -> None:
    login(client, outsider)
    assert client.get(reverse("gift_mine")).status_code == 403
    assert client.get(reverse("gift_new")).status_code == 403
    assert client.post(reverse("gift_new"), _form()).status_code == 403
    assert client.post(reverse("gift_guidance"), {"kind": "gift"}).status_code == 403
    assert not GiftOrHospitality.objects.exists()


def test_the_guidance_endpoint_only_answers_posts(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    assert client.get(reverse("gift_guidance")).status_code == 405


def test_a_member_sees_only_their_own_entries(
    client: Any, federation_gp: Member, single_handed_gp: Member
) -> None:
    _gift(federation_gp, description="Federation dinner")
    _gift(single_handed_gp, description="Clarke's conference ticket")
    login(client, federation_gp)
    page = _html(client.get(reverse("gift_mine")))
    assert "Federation dinner" in page
    assert "conference ticket" not in page
    assert reverse("gift_new") in page


def test_an_empty_list_says_so_and_offers_to_record(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    page = _html(client.get(reverse("gift_mine")))
    assert "You have not recorded any gifts or hospitality" in page
    assert "Record a gift or hospitality" in page


def test_the_owner_opens_and_may_correct_their_entry(client: Any, federation_gp: Member) -> None:
    gift = _gift(federation_gp)
    login(client, federation_gp)
    detail = client.get(reverse("gift_detail", args=[gift.pk]))
    assert detail.status_code == 200
    assert reverse("gift_correct", args=[gift.pk]) in _html(detail)
    assert client.get(reverse("gift_correct", args=[gift.pk])).status_code == 200


def test_another_member_may_neither_open_nor_correct_an_entry(
    client: Any, federation_gp: Member, single_handed_gp: Member
) -> None:
    gift = _gift(federation_gp)
    login(client, single_handed_gp)
    assert client.get(reverse("gift_detail", args=[gift.pk])).status_code == 403
    assert client.get(reverse("gift_correct", args=[gift.pk])).status_code == 403


def test_an_outsider_may_not_open_an_entry(
    client: Any, federation_gp: Member, outsider: Any
) -> None:
    gift = _gift(federation_gp)
    login(client, outsider)
    assert client.get(reverse("gift_detail", args=[gift.pk])).status_code == 403
    assert client.get(reverse("gift_correct", args=[gift.pk])).status_code == 403


def test_a_missing_entry_is_not_found(client: Any, federation_gp: Member) -> None:
    login(client, federation_gp)
    assert client.get(reverse("gift_detail", args=[999])).status_code == 404
    assert client.get(reverse("gift_correct", args=[999])).status_code == 404


@pytest.mark.parametrize("persona", REGISTER_READERS)
def test_register_readers_open_entries_but_do_not_correct_them(
    client: Any, db: Any, request: Any, federation_gp: Member, persona: str
) -> None:
    gift = _gift(federation_gp)
    login(client, request.getfixturevalue(persona))
    detail = client.get(reverse("gift_detail", args=[gift.pk]))
    assert detail.status_code == 200
    assert reverse("gift_correct", args=[gift.pk]) not in _html(detail)
    assert client.get(reverse("gift_correct", args=[gift.pk])).status_code == 403


@pytest.mark.parametrize("persona", REGISTER_READERS)
def test_register_readers_open_the_full_register_and_its_export(
    client: Any, db: Any, request: Any, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("gift_register")).status_code == 200
    assert client.get(reverse("gift_register_csv")).status_code == 200


@pytest.mark.parametrize("persona", ["federation_gp", "single_handed_gp", "outsider"])
def test_members_and_outsiders_are_refused_the_full_register(
    client: Any, db: Any, request: Any, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("gift_register")).status_code == 403
    assert client.get(reverse("gift_register_csv")).status_code == 403


def test_the_published_register_needs_no_sign_in(client: Any, db: Any) -> None:
    assert client.get(reverse("gift_published")).status_code == 200
    assert client.get(reverse("gift_published_csv")).status_code == 200


# --- The full register ------------------------------------------------------------


@pytest.fixture
def register_entries(federation_gp: Member, single_handed_gp: Member) -> dict[str, Any]:
    acme = _organisation()
    return {
        "dinner": _gift(federation_gp, description="Federation dinner"),
        "pen": _gift(
            federation_gp,
            kind="gift",
            description="Branded pen",
            offered_by_organisation=acme,
            offered_by_name="",
            offerer_is_supplier=True,
            estimated_value=Decimal("3"),
            offered_on=TODAY - datetime.timedelta(days=40),
        ),
        "hamper": _gift(
            single_handed_gp,
            kind="gift",
            description="Christmas hamper",
            offered_by_organisation=acme,
            offered_by_name="",
            offerer_is_supplier=True,
            estimated_value=Decimal("90"),
            outcome="declined",
            offered_on=TODAY - datetime.timedelta(days=100),
        ),
        "voucher": _gift(
            single_handed_gp,
            kind="gift",
            description="Shopping voucher",
            is_cash_or_voucher=True,
            estimated_value=Decimal("25"),
            outcome="declined",
            offered_on=TODAY - datetime.timedelta(days=3),
        ),
    }


def _descriptions_on_page(html: str, entries: dict[str, Any]) -> set[str]:
    return {key for key, gift in entries.items() if gift.description in html}


def _descriptions_in_csv(rows: list[list[str]]) -> list[str]:
    column = rows[0].index("Description")
    return [row[column] for row in rows[1:]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"dinner", "pen", "hamper", "voucher"}),
        ({"kind": "hospitality"}, {"dinner"}),
        ({"outcome": "declined"}, {"hamper", "voucher"}),
        ({"supplier": "yes"}, {"pen", "hamper"}),
        ({"supplier": "no", "kind": "gift"}, {"voucher"}),
        ({"q": "acme"}, {"pen", "hamper"}),
        ({"q": "clarke hamper"}, {"hamper"}),
        (
            {
                "offered_from_day": str((TODAY - datetime.timedelta(days=50)).day),
                "offered_from_month": str((TODAY - datetime.timedelta(days=50)).month),
                "offered_from_year": str((TODAY - datetime.timedelta(days=50)).year),
                "offered_to_day": str((TODAY - datetime.timedelta(days=5)).day),
                "offered_to_month": str((TODAY - datetime.timedelta(days=5)).month),
                "offered_to_year": str((TODAY - datetime.timedelta(days=5)).year),
            },
            {"dinner", "pen"},
        ),
    ],
)
def test_the_register_filters_and_the_export_holds_exactly_what_is_filtered(
    client: Any,
    secretary: Member,
    register_entries: dict[str, Any],
    params: dict[str, str],
    expected: set[str],
) -> None:
    login(client, secretary)
    page = _html(client.get(reverse("gift_register"), params))
    assert _descriptions_on_page(page, register_entries) == expected
    rows = _csv(client.get(reverse("gift_register_csv"), params))
    wanted = {register_entries[key].description for key in expected}
    assert sorted(_descriptions_in_csv(rows)) == sorted(wanted)


def test_the_register_filters_by_person(
    client: Any, auditor: Member, single_handed_gp: Member, register_entries: dict[str, Any]
) -> None:
    login(client, auditor)
    params = {"recipient": str(single_handed_gp.pk)}
    page = _html(client.get(reverse("gift_register"), params))
    assert _descriptions_on_page(page, register_entries) == {"hamper", "voucher"}
    names = [row[0] for row in _csv(client.get(reverse("gift_register_csv"), params))[1:]]
    assert names == ["Dr Emma Clarke", "Dr Emma Clarke"]


def test_a_backwards_date_range_is_explained(
    client: Any, secretary: Member, register_entries: dict[str, Any]
) -> None:
    login(client, secretary)
    response = client.get(
        reverse("gift_register"),
        {
            "offered_from_day": "1",
            "offered_from_month": "6",
            "offered_from_year": "2025",
            "offered_to_day": "1",
            "offered_to_month": "1",
            "offered_to_year": "2025",
        },
    )
    page = _html(response)
    assert "There is a problem" in page
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date" in page


def test_the_export_has_every_column_an_auditor_needs_and_is_logged(
    client: Any, auditor: Member, register_entries: dict[str, Any]
) -> None:
    login(client, auditor)
    response = client.get(reverse("gift_register_csv"), {"outcome": "declined"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv(response)
    header = rows[0]
    record = dict(zip(header, rows[1], strict=True))
    assert record == {
        **record,
        "Name": "Dr Emma Clarke",
        "Position": "GP member",
        "Gift or hospitality": "Gift",
        "Description": "Shopping voucher",
        "Cash or voucher": "Yes",
        "Estimated value (GBP)": "25.00",
        "Date offered": (TODAY - datetime.timedelta(days=3)).isoformat(),
        "Accepted or declined": "Declined",
        "Must be declared under the rules": "Yes",
    }
    event = AuditEvent.objects.get(action="gift.register_exported")
    assert event.actor == auditor.user
    assert event.detail == {"filters": {"outcome": "declined"}, "rows": 2}


def test_the_export_cannot_smuggle_a_spreadsheet_formula(
    client: Any, secretary: Member, federation_gp: Member
) -> None:
    _gift(federation_gp, description='=HYPERLINK("http://evil.example")')
    login(client, secretary)
    rows = _csv(client.get(reverse("gift_register_csv")))
    assert _descriptions_in_csv(rows) == ['\'=HYPERLINK("http://evil.example")']


def test_the_register_shows_fifty_a_page_and_exports_every_page(
    client: Any, secretary: Member, federation_gp: Member
) -> None:
    for number in range(51):
        _gift(federation_gp, description=f"Entry {number:02d}", offered_on=LAST_WEEK)
    login(client, secretary)
    first = _html(client.get(reverse("gift_register"), {"kind": "hospitality"}))
    assert "51 entries" in first
    assert first.count("Entry ") == 50
    assert 'href="?kind=hospitality&amp;page=2"' in first
    second = _html(client.get(reverse("gift_register"), {"kind": "hospitality", "page": "2"}))
    assert second.count("Entry ") == 1
    rows = _csv(client.get(reverse("gift_register_csv"), {"kind": "hospitality"}))
    assert len(rows) == 52


def test_the_register_page_costs_the_same_queries_however_many_entries(
    client: Any, secretary: Member, federation_gp: Member, single_handed_gp: Member
) -> None:
    login(client, secretary)
    acme = _organisation()
    _gift(federation_gp, offered_by_organisation=acme, offered_by_name="")
    client.get(reverse("gift_register"))  # warm caches (permissions, session)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("gift_register"))
    for number in range(20):
        member = federation_gp if number % 2 else single_handed_gp
        _gift(member, offered_by_organisation=_organisation(f"Org {number}"), offered_by_name="")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("gift_register"))
    assert len(many) == len(few)


# --- The published register ---------------------------------------------------


@pytest.fixture
def published_setup(federation_gp: Member, auditor: Member) -> dict[str, GiftOrHospitality]:
    return {
        "declared_dinner": _gift(
            federation_gp, description="Declared dinner", estimated_value=Decimal("60")
        ),
        "small_lunch": _gift(
            federation_gp, description="Sandwich lunch", estimated_value=Decimal("8")
        ),
        "declined_small_gift": _gift(
            federation_gp,
            kind="gift",
            description="Declined box of biscuits",
            estimated_value=Decimal("10"),
            outcome="declined",
        ),
        "org_gift": _gift(
            federation_gp,
            kind="gift",
            description="Framed print for the office",
            estimated_value=Decimal("120"),
            outcome="accepted_for_org",
            reason="Displayed at headquarters",
        ),
        "not_decision_maker": _gift(
            auditor, description="Auditor's conference dinner", estimated_value=Decimal("60")
        ),
        "long_ago": _gift(
            federation_gp,
            description="Dinner long ago",
            estimated_value=Decimal("60"),
            offered_on=TODAY - datetime.timedelta(days=800),
        ),
    }


def test_the_published_register_lists_what_an_auditor_expects(
    client: Any, published_setup: dict[str, GiftOrHospitality]
) -> None:
    page = _html(client.get(reverse("gift_published")))
    assert "Declared dinner" in page
    assert "Declined box of biscuits" in page
    assert "Framed print for the office" in page
    assert "Displayed at headquarters" in page
    assert "Sandwich lunch" not in page  # accepted, below the declaration threshold
    assert "Auditor&#x27;s conference dinner" not in page  # not a decision-maker
    assert "Dinner long ago" not in page  # before the previous financial year
    assert "Dr Ben Okafor" in page
    assert "GP member" in page
    assert "£60.00" in page
    assert "Accepted on behalf of the organisation" in page
    assert "Declined" in page
    assert "Last updated:" in page
    assert (
        timezone.localtime(GiftOrHospitality.objects.latest("updated_at").updated_at).strftime(
            "%-d %B %Y"
        )
        in page
    )


def test_the_published_csv_has_the_same_rows(
    client: Any, published_setup: dict[str, GiftOrHospitality]
) -> None:
    rows = _csv(client.get(reverse("gift_published_csv")))
    assert rows[0] == [
        "Name",
        "Position",
        "Gift or hospitality",
        "Description",
        "Offered by",
        "Estimated value (GBP)",
        "Date offered",
        "Accepted or declined",
        "Reason",
    ]
    assert sorted(_descriptions_in_csv(rows)) == [
        "Declared dinner",
        "Declined box of biscuits",
        "Framed print for the office",
    ]
    dinner = next(row for row in rows if row[3] == "Declared dinner")
    assert dinner == [
        "Dr Ben Okafor",
        "GP member",
        "Hospitality",
        "Declared dinner",
        "Northfield GP Federation",
        "60.00",
        LAST_WEEK.isoformat(),
        "Accepted",
        "",
    ]


def test_the_published_register_is_searchable_and_its_csv_follows_the_search(
    client: Any, published_setup: dict[str, GiftOrHospitality]
) -> None:
    page = _html(client.get(reverse("gift_published"), {"q": "print"}))
    assert "Framed print for the office" in page
    assert "Declared dinner" not in page
    assert 'href="/gifts/published/export.csv?q=print"' in page
    rows = _csv(client.get(reverse("gift_published_csv"), {"q": "print"}))
    assert _descriptions_in_csv(rows) == ["Framed print for the office"]
    assert "No entries match your search" in _html(
        client.get(reverse("gift_published"), {"q": "nothing-like-this"})
    )


def test_the_published_window_is_this_financial_year_and_the_last() -> None:
    assert published_window_start(datetime.date(2026, 4, 1)) == datetime.date(2025, 4, 1)
    assert published_window_start(datetime.date(2026, 3, 31)) == datetime.date(2024, 4, 1)


def test_published_entries_follow_the_window_and_the_thresholds(federation_gp: Member) -> None:
    _gift(
        federation_gp,
        description="Just inside",
        estimated_value=Decimal("30"),
        offered_on=datetime.date(2024, 4, 1),
    )
    _gift(
        federation_gp,
        description="Just outside",
        estimated_value=Decimal("30"),
        offered_on=datetime.date(2024, 3, 31),
    )
    _gift(
        federation_gp,
        description="Under £25",
        estimated_value=Decimal("24.99"),
        offered_on=datetime.date(2025, 1, 1),
    )
    rows = published_gifts(today=datetime.date(2026, 3, 31))
    assert [row.description for row in rows] == ["Just inside"]


def test_my_gifts_page_labels_nothing_by_a_missing_id(client: Any, federation_gp: Any) -> None:
    """With no gifts recorded, no element is labelled by an id that is not on the page."""
    import re

    from tests.conftest import login

    login(client, federation_gp)
    page = client.get(reverse("gift_mine")).content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
        for value in re.findall(rf'{attribute}="([^"]+)"', page):
            missing = [ref for ref in value.split() if ref not in ids]
            assert missing == [], (attribute, missing)
