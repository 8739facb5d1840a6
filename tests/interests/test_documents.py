"""PDF registers of interests, gifts and hospitality, and a person's own declarations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.documents.models import IssuedDocument
from core.models import AuditEvent
from interests.models import Declaration, GiftOrHospitality
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory
from tests.pdf import fetch_pdf, pdf_text

TODAY = timezone.localdate()


@pytest.fixture
def register(db):
    gp = MemberFactory(first_name="Ben", last_name="Okafor", job_title="GP member", email="")
    staff = MemberFactory(first_name="Nora", last_name="Clerk", is_decision_maker=False)
    return {
        "gp": gp,
        "current": InterestFactory(declarant=gp, organisation__name="Federation Ltd"),
        "withheld": InterestFactory(
            declarant=gp,
            organisation__name="Secret Holdings",
            withholding="approved",
            withholding_reason="Risk of harm",
        ),
        "long_ended": InterestFactory(
            declarant=gp,
            organisation__name="Old Ventures",
            end_date=TODAY - datetime.timedelta(days=400),
        ),
        "staff": InterestFactory(declarant=staff, organisation__name="Staff Only Ltd"),
        "draft": InterestFactory(
            declarant=gp, organisation__name="Draft Corp", status="draft", submitted_at=None
        ),
    }


def test_the_public_pdf_register_has_the_published_rows_and_none_of_the_rest(
    client, register, django_capture_on_commit_callbacks
):
    text = pdf_text(
        fetch_pdf(client, reverse("published_register_pdf"), django_capture_on_commit_callbacks)
    )
    assert "Register of interests" in text
    assert "Federation Ltd" in text
    assert "Okafor" in text
    for hidden in ("Secret Holdings", "Old Ventures", "Staff Only Ltd", "Draft Corp"):
        assert hidden not in text
    assert "Page 1 of 1" in text
    assert "for the public" in text


def test_the_published_pdf_honours_the_search_and_says_so(
    client, register, django_capture_on_commit_callbacks
):
    OrganisationFactory(name="Unrelated")
    other = MemberFactory(first_name="Ann", last_name="Patel")
    InterestFactory(declarant=other, organisation__name="Patel Pharmacy")
    text = pdf_text(
        fetch_pdf(
            client,
            reverse("published_register_pdf"),
            django_capture_on_commit_callbacks,
            person="Patel",
        )
    )
    assert "Patel Pharmacy" in text
    assert "Federation Ltd" not in text
    assert "Person: Patel" in text


def test_the_auditors_full_register_marks_withheld_entries(
    client, register, auditor, django_capture_on_commit_callbacks
):
    login(client, auditor)
    text = pdf_text(
        fetch_pdf(client, reverse("register_full_pdf"), django_capture_on_commit_callbacks)
    )
    for shown in ("Federation Ltd", "Secret Holdings", "Old Ventures", "Staff Only Ltd"):
        assert shown in text
    assert "Draft Corp" not in text
    assert "WITHHELD FROM PUBLICATION" in text
    assert "Tom Reed" in text  # generated for whom


def test_members_get_no_full_register_pdf(client, register, federation_gp):
    login(client, federation_gp)
    assert client.get(reverse("register_full_pdf")).status_code == 403
    assert not IssuedDocument.objects.exists()


def test_the_published_gifts_register_leaves_out_staff_and_small_accepted_gifts(
    client, db, django_capture_on_commit_callbacks
):
    gp = MemberFactory(first_name="Ben", last_name="Okafor")
    staff = MemberFactory(first_name="Nora", last_name="Clerk", is_decision_maker=False)
    for member, description, value, outcome in (
        (gp, "Conference dinner", 80, "declined"),
        (gp, "Box of biscuits", 10, "accepted"),
        (staff, "Theatre tickets", 120, "declined"),
    ):
        GiftOrHospitality.objects.create(
            recipient=member,
            kind="hospitality",
            description=description,
            offered_by_name="Acme Health",
            estimated_value=value,
            offered_on=TODAY,
            outcome=outcome,
            reason="Policy",
        )
    text = pdf_text(
        fetch_pdf(client, reverse("gift_published_pdf"), django_capture_on_commit_callbacks)
    )
    assert "Conference dinner" in text
    assert "Box of biscuits" not in text
    assert "Theatre tickets" not in text


def test_a_member_downloads_their_own_declarations_and_nobody_elses(
    client, register, django_capture_on_commit_callbacks
):
    gp = register["gp"]
    Declaration.objects.create(member=gp, kind=Declaration.Kind.NIL_RETURN)
    other = MemberFactory(first_name="Zed", last_name="Other")
    InterestFactory(declarant=other, organisation__name="Other Person Ltd")
    login(client, gp)
    text = pdf_text(
        fetch_pdf(client, reverse("my_declarations_pdf"), django_capture_on_commit_callbacks)
    )
    assert "Ben Okafor" in text or "Okafor" in text
    for own in ("Federation Ltd", "Secret Holdings", "Old Ventures"):
        assert own in text
    assert "Other Person Ltd" not in text
    assert "1 draft entry is not yet submitted" in text
    assert AuditEvent.objects.filter(action="document.downloaded", actor=gp.user).exists()
