"""Issued documents: reuse while nothing changes, a new copy when something does, the
preparing page, chunked jobs, signing when configured, and the check page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from core.documents.models import IssuedDocument
from core.models import AuditEvent
from tests.conftest import login
from tests.core.test_pdf import _certificate
from tests.interests.factories import InterestFactory, MemberFactory
from tests.pdf import fetch_pdf, page_texts, pdf_text, structure_problems


@pytest.fixture
def entries(db):
    gp = MemberFactory(first_name="Ben", last_name="Okafor", email="")
    return [InterestFactory(declarant=gp, organisation__name=f"Practice {n}") for n in range(3)]


def _published(client, capture, **params):
    return fetch_pdf(client, reverse("published_register_pdf"), capture, **params)


def test_an_unchanged_register_reuses_the_stored_file_and_a_change_makes_a_new_one(
    client, entries, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = _published(client, capture)
    assert _published(client, capture) == first
    assert IssuedDocument.objects.count() == 1

    InterestFactory(declarant=entries[0].declarant, organisation__name="New Partnership")
    second = _published(client, capture)
    assert second != first
    assert "New Partnership" in pdf_text(second)
    assert IssuedDocument.objects.count() == 2
    assert "New Partnership" not in pdf_text(first)


def test_a_different_filter_is_a_different_document(
    client, entries, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _published(client, capture)
    text = pdf_text(_published(client, capture, organisation="Practice 1"))
    assert "Practice 1" in text and "Practice 2" not in text
    assert IssuedDocument.objects.count() == 2


def test_large_registers_render_in_chunks_numbered_continuously(
    client, entries, settings, django_capture_on_commit_callbacks
):
    settings.PDF_CHUNK_ROWS = 1
    data = _published(client, django_capture_on_commit_callbacks)
    document = IssuedDocument.objects.get()
    assert document.chunks_total == 3 and document.chunks_done == 3
    texts = page_texts(data)
    assert len(texts) == (document.pages_total or 0) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    assert "Declared interests (continued)" in pdf_text(data)
    assert structure_problems(data) == []
    assert not (settings.MEDIA_ROOT / "documents" / "work" / document.reference).exists()


def test_the_preparing_page_shows_progress_until_the_document_is_ready(
    client, entries, django_capture_on_commit_callbacks
):
    response = client.get(reverse("published_register_pdf"))  # the job has not run yet
    document = IssuedDocument.objects.get()
    assert response["Location"] == reverse("document_status", args=[document.reference])
    page = client.get(response["Location"]).content.decode()
    assert "Preparing your PDF" in page and "Waiting to start" in page
    IssuedDocument.objects.filter(pk=document.pk).update(
        status="rendering", chunks_total=4, chunks_done=1, pages_done=12
    )
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "1 of 4 parts done" in page and "12 of about 48 pages done" in page
    assert "<html" not in page  # htmx swaps in only the status
    assert client.get(reverse("document_download", args=[document.reference])).status_code == 302


def test_pdfs_are_signed_when_a_certificate_is_configured(
    client, entries, settings, tmp_path, django_capture_on_commit_callbacks
):
    key_file, cert_file = _certificate(tmp_path)
    settings.PDF_SIGNING_KEY_FILE = str(key_file)
    settings.PDF_SIGNING_CERT_FILE = str(cert_file)
    data = _published(client, django_capture_on_commit_callbacks)
    assert PdfFileReader(io.BytesIO(data)).embedded_signatures
    document = IssuedDocument.objects.get()
    assert document.signed
    page = client.post(reverse("document_check"), {"file": SimpleUploadedFile("r.pdf", data)})
    assert "This is an unchanged document from this service" in page.content.decode()


def _check(client, data):
    return client.post(
        reverse("document_check"), {"file": SimpleUploadedFile("copy.pdf", data)}
    ).content.decode()


def test_anyone_can_check_a_published_register_and_one_changed_byte_fails(
    client, entries, django_capture_on_commit_callbacks
):
    data = _published(client, django_capture_on_commit_callbacks)
    document = IssuedDocument.objects.get()
    page = _check(client, data)
    assert "This is an unchanged document from this service" in page
    assert document.reference in page and "the public" in page

    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x20
    page = _check(client, bytes(changed))
    assert "unchanged document" not in page
    assert "has been changed" in page or "We did not issue this file" in page
    assert AuditEvent.objects.filter(action="document.checked").count() == 2


def test_restricted_documents_are_confirmed_only_to_people_signed_in(
    client, entries, auditor, federation_gp, django_capture_on_commit_callbacks
):
    login(client, auditor)
    data = fetch_pdf(client, reverse("register_full_pdf"), django_capture_on_commit_callbacks)
    client.logout()
    page = _check(client, data)
    assert "Sign in" in page and "unchanged document" not in page and "Tom Reed" not in page

    login(client, federation_gp)
    page = _check(client, data)
    assert "This is an unchanged document from this service" in page
    assert "Tom Reed" not in page and "Someone else" in page

    login(client, auditor)
    assert "Tom Reed" in _check(client, data)


def test_a_file_we_never_issued_is_not_recognised(client, db):
    page = _check(client, b"%PDF-1.4\nnot ours\n%%EOF")
    assert "We did not issue this file" in page


def test_the_check_page_asks_for_a_file(client, db):
    page = client.post(reverse("document_check"), {}).content.decode()
    assert "Select the PDF to check" in page
