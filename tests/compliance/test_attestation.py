"""The Guardian's annual attestation: prefilled from the year's evidence, signed once, never
changed (a new version supersedes it, both audited), and issued as a verifiable PDF."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from compliance.models import Attestation
from compliance.selectors.attestations import current_attestation
from core.documents.selectors import document_check
from core.models import AuditEvent
from tests.compliance.planted import YEAR, Planted, plant
from tests.conftest import login
from tests.pdf import fetch_pdf, pdf_text


@pytest.fixture
def planted(secretary: Any, guardian: Any, auditor: Any) -> Planted:
    return plant(secretary)


def _sign(client: Any, **fields: str) -> Any:
    data = {"statement": "I attest the guidance was followed.", "confirm": "on", **fields}
    return client.post(reverse("attestation_sign", args=[YEAR]), data)


def test_the_form_is_prefilled_with_the_years_evidence(
    client: Any, planted: Planted, guardian: Any
) -> None:
    login(client, guardian)
    page = client.get(reverse("attestation_sign", args=[YEAR])).content.decode()
    assert "Annual declarations made: 3 of 4 (75%)." in page
    assert "Decision-making staff trained" in page
    assert "Why this version replaces" not in page  # nothing signed yet


def test_signing_stores_the_evidence_and_a_new_version_supersedes(
    client: Any, planted: Planted, guardian: Any
) -> None:
    login(client, guardian)
    response = _sign(client, exceptions="One late declaration, followed up.")
    first = Attestation.objects.get(year=YEAR)
    assert response.status_code == 302
    assert response["Location"] == reverse("attestation_detail", args=[first.pk])
    assert first.version == 1 and first.signed_by == guardian.user
    assert {"label": "Open breaches", "figure": "1"}.items() <= first.evidence[8].items()
    assert AuditEvent.objects.filter(action="attestation.signed", object_id=str(first.pk)).exists()

    refused = _sign(client, statement="Corrected")  # a second version needs its reason
    assert refused.status_code == 200
    assert "Say why this version replaces the signed one" in refused.content.decode()
    assert Attestation.objects.count() == 1

    _sign(client, statement="Corrected statement", change_reason="A breach was found late.")
    second = current_attestation(YEAR)
    assert second is not None and second.version == 2 and second.supersedes == first
    first.refresh_from_db()
    assert first.statement == "I attest the guidance was followed."  # kept as signed
    event = AuditEvent.objects.get(action="attestation.superseded")
    assert event.detail["supersedes"] == first.reference
    old = client.get(reverse("attestation_detail", args=[first.pk])).content.decode()
    assert "Superseded" in old and second.reference in old


def test_a_signed_attestation_cannot_be_changed_or_deleted(planted: Planted, guardian: Any) -> None:
    from compliance.services.attestations import attestation_sign

    signed = attestation_sign(actor=guardian.user, year=YEAR, statement="Signed")
    signed.statement = "Changed"
    with pytest.raises(ValueError):
        signed.save()
    with pytest.raises(ValueError):
        Attestation.objects.filter(pk=signed.pk).update(statement="Changed")
    with pytest.raises(ValueError):
        signed.delete()
    assert Attestation.objects.get(pk=signed.pk).statement == "Signed"


def test_only_the_guardian_signs_and_auditors_read(
    client: Any, planted: Planted, guardian: Any, auditor: Any, secretary: Any
) -> None:
    login(client, auditor)
    assert _sign(client).status_code == 403
    assert client.get(reverse("attestation_list")).status_code == 200
    login(client, secretary)
    assert client.get(reverse("attestation_list")).status_code == 403
    login(client, guardian)
    assert client.get(reverse("attestation_sign", args=[1999])).status_code == 404


def test_the_attestation_is_a_verifiable_pdf(
    client: Any,
    planted: Planted,
    guardian: Any,
    auditor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    login(client, guardian)
    _sign(client, statement="Planted statement for the PDF")
    signed = Attestation.objects.get()
    login(client, auditor)
    data = fetch_pdf(
        client, reverse("attestation_pdf", args=[signed.pk]), django_capture_on_commit_callbacks
    )
    text = pdf_text(data)
    assert "Planted statement for the PDF" in text
    assert signed.reference in text and "Margaret Holt" in text
    assert "Annual declarations made 3 of 4 (75%)" in text
    assert document_check(data, auditor.user).outcome == "genuine"
