"""The register import's commit as a background job (docs/adr/0029).

A 10,000-row import outlasted gunicorn's worker timeout in the request. Now the commit page
only checks the batch can be imported, records the job in ``batch.summary["job"]`` and
queues ``interests.register_import_commit`` after the commit; the result page shows the
job's state until the import is done. The job is the all-or-nothing commit it always was
(``register_import_commit``), so a job delivered twice (a worker killed part way, then
redelivered) finds the batch imported or imports it once.

With no broker configured, the job runs in the request, as before. With the broker down,
the job waits ("queued; it will run when the queue is back") and is queued again when the
result page is next opened or by the five-minute sweep of waiting work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from celery import current_app
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from interests.models import ImportBatch
from interests.selectors.register_import import ImportMode
from interests.services.register_import import (
    RegisterImportFailed,
    register_import_commit,
    require_open,
)

logger = logging.getLogger(__name__)

QUEUED = "queued"
WAITING = "waiting"  # the broker was down when it was queued
RUNNING = "running"
REFUSED = "refused"
FAILED = "failed"
DONE = "done"
UNFINISHED = (QUEUED, WAITING, RUNNING)


@dataclass(frozen=True)
class ImportJob:
    state: str = ""
    messages: list[str] = field(default_factory=list)
    queued_at: str = ""
    started_at: str = ""

    @property
    def unfinished(self) -> bool:
        return self.state in UNFINISHED


def import_job(batch: ImportBatch) -> ImportJob:
    job = batch.summary.get("job") or {}
    return ImportJob(
        state=job.get("state", ""),
        messages=list(job.get("messages", [])),
        queued_at=job.get("queued_at", ""),
        started_at=job.get("started_at", ""),
    )


def _job_set(batch_id: int, **changes: Any) -> None:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        batch.summary = {**batch.summary, "job": {**(batch.summary.get("job") or {}), **changes}}
        batch.save(update_fields=["summary"])


def register_import_queue(
    *,
    batch: ImportBatch,
    actor: Any,
    fingerprint: str,
    mode: ImportMode = ImportMode.ALL_OR_NOTHING,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Queue the commit of what the preview showed; return the batch as it now stands.

    Quick refusals (imported already, no columns chosen) raise ``ValidationError`` here;
    the rest (rows with errors, a preview that changed) are the job's, shown on the page.
    Sent twice, it queues once.
    """
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        require_open(locked)
        if not locked.column_mapping:
            raise ValidationError("Choose the columns and check the preview before importing.")
        if import_job(locked).unfinished:
            return locked
        locked.summary = {
            **locked.summary,
            "job": {
                "state": QUEUED,
                "fingerprint": fingerprint,
                "mode": mode.value,
                "actor": actor.pk,
                "queued_at": timezone.now().isoformat(),
                "messages": [],
            },
        }
        locked.save(update_fields=["summary"])
        audit_record(actor=actor, action="register_import.queued", obj=locked, request=request)
        if not current_app.conf.task_always_eager:
            transaction.on_commit(lambda: register_import_enqueue(locked.pk), robust=True)
    if current_app.conf.task_always_eager:
        register_import_run(batch_id=locked.pk)
    locked.refresh_from_db()
    return locked


def register_import_enqueue(batch_id: int) -> bool:
    """Send the job to the broker (bounded by the publish retry policy); False, and the job
    marked waiting, when the broker cannot be reached."""
    from interests.tasks import register_import_commit_task  # the task module imports this one

    try:
        register_import_commit_task.delay(batch_id)
    except Exception:
        logger.exception("Could not queue register import %s: the broker is unavailable", batch_id)
        _job_set(batch_id, state=WAITING)
        return False
    _job_set(batch_id, state=QUEUED)
    return True


def register_import_requeue_waiting() -> int:
    """Queue again the imports that waited for the broker (the sweep, and the result page)."""
    waiting = ImportBatch.objects.filter(
        kind=ImportBatch.Kind.REGISTER, summary__job__state=WAITING
    ).values_list("pk", flat=True)
    return sum(register_import_enqueue(pk) for pk in waiting)


def register_import_run(*, batch_id: int) -> str:
    """The job: import the batch as previewed, once. Returns the job's final state."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return ""
    job = batch.summary.get("job") or {}
    if batch.status == ImportBatch.Status.COMMITTED:
        _job_set(batch_id, state=DONE)
        return DONE
    if job.get("state") not in UNFINISHED:
        return str(job.get("state", ""))
    _job_set(batch_id, state=RUNNING, started_at=timezone.now().isoformat())
    actor = get_user_model().objects.get(pk=job["actor"])
    try:
        register_import_commit(
            batch=batch,
            actor=actor,
            fingerprint=job.get("fingerprint", ""),
            mode=ImportMode(job.get("mode", ImportMode.ALL_OR_NOTHING.value)),
        )
    except ValidationError as refused:
        _job_set(batch_id, state=REFUSED, messages=refused.messages)
        return REFUSED
    except RegisterImportFailed as failed:
        _job_set(batch_id, state=FAILED, messages=[str(failed)])
        return FAILED
    _job_set(batch_id, state=DONE)
    return DONE
