"""The audit pack's zip of CSVs, built on Celery for its requester.

``pack_zip_request`` records a job and queues it when the request commits (without a
broker Celery runs it eagerly, there and then); ``pack_zip_build`` (the task) builds the
pack as the requester may read it, from the same builders as the PDF, and stores the zip
under its final name only when complete (temporary file, then rename), so a worker killed
mid-way leaves no half-written zip and the redelivered task starts again.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from compliance import annual_documents as documents
from compliance.models import AuditPackZip
from compliance.selectors.evidence.types import Period
from compliance.selectors.pack_meetings import pack_items_withheld
from core.audit import audit_record
from core.pdf.files import atomic_write, remove_partial_files

logger = logging.getLogger(__name__)

Enqueue = Callable[[int], None]
_enqueue: Enqueue | None = None


def set_enqueue(enqueue: Enqueue) -> None:
    """Called by ``compliance.tasks``: how a queued zip reaches the workers."""
    global _enqueue
    _enqueue = enqueue


def permissions_fingerprint(user: Any, year: int) -> str:
    """What decides which parts of the year's pack a reader gets and how it names its items:
    their permissions, and the items their own conflicts withhold from them."""
    held = sorted(user.get_all_permissions())
    withheld = ",".join(str(pk) for pk in pack_items_withheld(user, Period(year)))
    text = "|".join(
        [f"superuser={user.is_superuser}", f"active={user.is_active}", *held, f"items={withheld}"]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def final_name(job: AuditPackZip) -> str:
    return f"compliance/audit-packs/{job.year}/{job.token}.zip"


def media_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def pack_zip_request(*, user: Any, year: int, request: Any = None) -> AuditPackZip:
    """A new zip job for this user and year (the caller has checked access and the year)."""
    with transaction.atomic():
        job = AuditPackZip.objects.create(
            year=year, requested_by=user, permissions=permissions_fingerprint(user, year)
        )
        audit_record(
            actor=user,
            action="audit_pack.csv_requested",
            obj=job,
            detail={"year": year},
            request=request,
        )
        transaction.on_commit(lambda: _queue(job))
    return job


def _queue(job: AuditPackZip) -> None:
    if _enqueue is None:
        raise RuntimeError("compliance.tasks has not registered how zips are queued")
    try:
        _enqueue(job.pk)
    except Exception:
        # The broker is down (or, without one, the eager build failed and said why): say so
        # on the job's page instead of failing the request.
        logger.exception("Could not queue audit pack zip %s", job.pk)
        AuditPackZip.objects.filter(pk=job.pk, status=AuditPackZip.Status.QUEUED).update(
            status=AuditPackZip.Status.FAILED, error="The background service is not available."
        )


def _progress(job_id: int, **fields: Any) -> None:
    AuditPackZip.objects.filter(pk=job_id).exclude(status=AuditPackZip.Status.READY).update(
        **fields
    )


def _zip_bytes(job_id: int, files: list[tuple[str, str]]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, (name, text) in enumerate(files, start=1):
            archive.writestr(name, "\ufeff" + text)
            _progress(job_id, files_done=done)
    return data.getvalue()


def pack_zip_build(*, job_id: int) -> AuditPackZip:
    """Build and store the zip. Idempotent: a finished job is left as it is."""
    job = AuditPackZip.objects.select_related("requested_by").get(pk=job_id)
    if job.is_ready:
        return job
    user = job.requested_by
    _progress(job_id, status=AuditPackZip.Status.BUILDING, files_done=0, error="")
    content = documents.audit_pack(user, {"year": str(job.year)})
    files = documents.pack_csv_files(content)
    _progress(job_id, files_total=len(files))
    data = _zip_bytes(job_id, files)
    name = final_name(job)
    final = media_path(name)
    remove_partial_files(final.parent)
    atomic_write(final, data)
    with transaction.atomic():
        job = AuditPackZip.objects.select_for_update().get(pk=job_id)
        if job.is_ready:
            return job
        job.file.name = name
        job.sha256 = hashlib.sha256(data).hexdigest()
        job.size = len(data)
        job.files_total = job.files_done = len(files)
        # What it was built with: served only to its requester while they still hold these.
        job.permissions = permissions_fingerprint(user, job.year)
        job.status = AuditPackZip.Status.READY
        job.completed_at = timezone.now()
        job.save()
    return job


def pack_zip_fail(*, job_id: int, message: str) -> None:
    AuditPackZip.objects.filter(pk=job_id).exclude(status=AuditPackZip.Status.READY).update(
        status=AuditPackZip.Status.FAILED, error=message[:300]
    )
