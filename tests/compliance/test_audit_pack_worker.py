"""The audit pack's zip of CSVs built by a real Celery worker on the real broker, asked for
and downloaded through the app as its requester."""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from compliance.models import AuditPackZip
from compliance.services import pack_zip
from compliance.services.attestations import attestation_sign
from compliance.tasks import build_audit_pack_zip
from core.models import AuditEvent
from core.roles import sync_roles
from tests.compliance.planted import WITHHELD_TEXT, YEAR, plant
from tests.conftest import login
from tests.core.test_document_worker import Workers

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def zip_workers(real_broker: Any, broker_url: str, settings: Any, monkeypatch: Any) -> Any:
    sync_roles()  # a transactional test before this one flushed the role groups
    pool = Workers(broker_url, Path(settings.MEDIA_ROOT))
    monkeypatch.setattr(
        pack_zip,
        "_enqueue",
        lambda pk: build_audit_pack_zip.apply_async((pk,), queue=pool.queue),
    )
    yield pool
    pool.stop()


def _wait_for(job: AuditPackZip, seconds: float) -> AuditPackZip:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_ready or job.is_failed:
            return job
        time.sleep(0.2)
    raise AssertionError(f"still {job.status} after {seconds} s")


def test_a_real_worker_builds_the_zip_for_its_requester(
    zip_workers: Any, client: Any, secretary: Any, guardian: Any, auditor: Any
) -> None:
    plant(secretary)
    attestation_sign(actor=guardian.user, year=YEAR, statement="Planted pack attestation")
    login(client, auditor)
    response = client.get(reverse("audit_pack_zip", args=[YEAR]))
    assert response.status_code == 302
    (job,) = AuditPackZip.objects.all()
    assert job.status == "queued"  # nothing ran in the request
    page = client.get(response["Location"]).content.decode()
    assert "Preparing your zip" in page and "Waiting to start" in page

    zip_workers.start()
    job = _wait_for(job, 120)
    assert job.is_ready, job.error
    assert job.files_done == job.files_total > 5
    page = client.get(response["Location"]).content.decode()
    assert "Your zip is ready" in page

    download = client.get(reverse("audit_pack_zip_download", args=[job.token]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == job.sha256
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        text = "".join(archive.read(n).decode("utf-8-sig") for n in names)
    assert len(names) == job.files_total
    assert "Annual declarations made,3 of 4 (75%)" in text
    assert WITHHELD_TEXT in text  # auditors hold the full register
    stored = pack_zip.media_path(job.file.name)
    assert not list(stored.parent.glob(".*.part"))
    assert AuditEvent.objects.filter(
        action="audit_pack.csv_downloaded", actor=auditor.user, detail__year=YEAR
    ).exists()
