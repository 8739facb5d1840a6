"""The annual audit pack: one PDF (on Celery, with progress, verifiable) and a zip of CSVs,
checked against planted data; downloads audited; each part holds what its reader may read."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from compliance.models import AuditPackZip
from compliance.services import pack_zip
from compliance.services.attestations import attestation_sign
from compliance.tasks import build_audit_pack_zip
from core.documents.selectors import document_check
from core.models import AuditEvent
from tests.compliance.planted import WITHHELD_TEXT, YEAR, Planted, plant
from tests.conftest import login
from tests.interests.factories import UserFactory
from tests.pdf import fetch_pdf, pdf_text


@pytest.fixture
def planted(secretary: Any, guardian: Any, auditor: Any) -> Planted:
    planted = plant(secretary)
    attestation_sign(actor=guardian.user, year=YEAR, statement="Planted pack attestation")
    return planted


def _zip_link(client: Any, capture: Any, year: int = YEAR) -> str:
    """Ask for the zip (without a broker the job runs when the request commits) and return
    its download link from the job's page."""
    with capture(execute=True):
        response = client.get(reverse("audit_pack_zip", args=[year]))
    assert response.status_code == 302, response
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "Your zip is ready" in status.content.decode(), status.content.decode()[:2000]
    return response["Location"] + "download/"


def _zip(client: Any, capture: Any, year: int = YEAR) -> dict[str, list[list[str]]]:
    response = client.get(_zip_link(client, capture, year))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return _files(b"".join(response.streaming_content))


def _files(data: bytes) -> dict[str, list[list[str]]]:
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")
            files[name] = list(csv.reader(io.StringIO(text)))
    return files


def _file(files: dict[str, list[list[str]]], fragment: str) -> list[list[str]]:
    (name,) = [n for n in files if fragment in n]
    return files[name]


def test_the_zip_holds_every_part_as_csv_rows(
    client: Any, planted: Planted, auditor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    p = planted
    login(client, auditor)
    files = _zip(client, django_capture_on_commit_callbacks)
    figures = _file(files, "compliance-figures-2025")
    assert figures[0] == ["Figure", "Value", "What it counts"]
    assert figures[1][:2] == ["Annual declarations made", "3 of 4 (75%)"]
    assert ["Open breaches", "1"] in [row[:2] for row in figures]
    meetings = _file(files, "meetings-with-conflicts")
    assert meetings[1][2] == p.cole.full_name
    assert "Does not receive the papers" in meetings[1][4]
    register = _file(files, "-register-entries.csv")
    assert any(WITHHELD_TEXT in " ".join(row) for row in register)  # auditors read it
    late = _file(files, "declared-more-than-28-days")
    assert late[1][0] == p.ayo.full_name
    training = _file(files, "decision-making-staff-trained")
    assert [p.ayo.full_name, "GP", "Passed 1 June 2025 (90%)"] in training
    assert [p.cole.full_name, "GP", "No current pass of module 1"] in training
    assert AuditEvent.objects.filter(
        action="audit_pack.csv_requested", actor=auditor.user, detail__year=YEAR
    ).exists()
    assert AuditEvent.objects.filter(
        action="audit_pack.csv_downloaded", actor=auditor.user, detail__year=YEAR
    ).exists()
    # stored whole under its final name, nothing half-written beside it
    (job,) = AuditPackZip.objects.all()
    stored = pack_zip.media_path(job.file.name)
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == job.sha256
    assert not list(stored.parent.glob(".*.part"))


def test_the_pdf_holds_the_planted_year_and_is_verifiable(
    client: Any, planted: Planted, auditor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    p = planted
    login(client, auditor)
    data = fetch_pdf(
        client, reverse("audit_pack_pdf", args=[YEAR]), django_capture_on_commit_callbacks
    )
    text = pdf_text(data)
    for expected in (
        "Annual audit pack: conflicts of interest, 2025",
        "Annual declarations made 3 of 4 (75%)",
        "Planted pack attestation",
        p.cole.full_name,
        "Began 1 January 2025, declared 15 March 2025: 73 days",
        "Procurement decisions register",
        "Breaches register (full), 2025",
        "Planted open",
        "Gifts and hospitality",
    ):
        assert expected in text, expected
    assert WITHHELD_TEXT in text.replace(" ", "")  # a narrow cell wraps it at its hyphens
    assert document_check(data, auditor.user).outcome == "genuine"
    assert AuditEvent.objects.filter(action="document.downloaded", actor=auditor.user).exists()
    assert AuditEvent.objects.filter(action="audit_pack.requested", actor=auditor.user).exists()


def test_a_reader_without_the_full_register_never_gets_a_withheld_entrys_text(
    client: Any, planted: Planted, django_capture_on_commit_callbacks: Any
) -> None:
    reader = UserFactory(username="pack.reader")
    reader.user_permissions.add(
        Permission.objects.get(codename="view_compliance_dashboard"),
        Permission.objects.get(codename="view_breach"),
    )
    login(client, reader)
    files = _zip(client, django_capture_on_commit_callbacks)
    assert WITHHELD_TEXT not in str(files)
    assert not [
        n for n in files if n.endswith("-register-entries.csv")
    ]  # the published register instead
    data = fetch_pdf(
        client, reverse("audit_pack_pdf", args=[YEAR]), django_capture_on_commit_callbacks
    )
    text = pdf_text(data)
    assert "Register of interests" in text
    assert WITHHELD_TEXT not in text.replace(" ", "")
    assert "withheld-description" not in text.replace(" ", "")


def test_only_the_guardian_and_auditors_get_the_pack(
    client: Any, planted: Planted, secretary: Any, guardian: Any
) -> None:
    login(client, secretary)
    assert client.get(reverse("audit_pack_zip", args=[YEAR])).status_code == 403
    assert client.get(reverse("audit_pack_pdf", args=[YEAR])).status_code == 403
    login(client, guardian)
    assert client.get(reverse("audit_pack")).status_code == 200
    assert client.get(reverse("audit_pack_zip", args=[1999])).status_code == 404


def test_nobody_else_downloads_someones_zip(
    client: Any,
    planted: Planted,
    auditor: Any,
    guardian: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    login(client, auditor)
    link = _zip_link(client, django_capture_on_commit_callbacks)
    status = link.removesuffix("download/")
    login(client, guardian)  # may read the pack, but this copy was made for the auditor
    assert client.get(link).status_code == 404
    assert client.get(status).status_code == 404
    assert not AuditEvent.objects.filter(action="audit_pack.csv_downloaded").exists()


def test_a_zip_is_not_handed_over_once_its_requesters_permissions_change(
    client: Any, planted: Planted, django_capture_on_commit_callbacks: Any
) -> None:
    reader = UserFactory(username="pack.changing")
    reader.user_permissions.add(
        Permission.objects.get(codename="view_compliance_dashboard"),
        Permission.objects.get(codename="view_breach"),
    )
    login(client, reader)
    link = _zip_link(client, django_capture_on_commit_callbacks)
    reader.user_permissions.add(Permission.objects.get(codename="view_full_register"))
    response = client.get(link)
    assert response.status_code == 302 and "/download/" not in response["Location"]
    assert not AuditEvent.objects.filter(action="audit_pack.csv_downloaded").exists()


def test_a_build_that_fails_leaves_no_zip_and_says_so(
    client: Any, planted: Planted, django_capture_on_commit_callbacks: Any
) -> None:
    reader = UserFactory(username="pack.losing")
    reader.user_permissions.add(Permission.objects.get(codename="view_compliance_dashboard"))
    login(client, reader)
    response = client.get(reverse("audit_pack_zip", args=[YEAR]))  # not run yet: no commit
    (job,) = AuditPackZip.objects.all()
    assert job.status == "queued"
    assert "Waiting to start" in client.get(response["Location"]).content.decode()
    reader.user_permissions.clear()  # lost before a worker picked it up
    with pytest.raises(PermissionDenied):
        build_audit_pack_zip.apply((job.pk,))
    job.refresh_from_db()
    assert job.status == "failed" and "PermissionDenied" in job.error
    assert not pack_zip.media_path(pack_zip.final_name(job)).parent.exists()
