"""Every import's long work as a background job: checking the file, and importing it.

A 10,000-row register took 4.5 s to check and outlasted gunicorn's timeout to import; a
people import runs the people screens' services for every row, twice. So for every kind of
``ImportBatch`` (register, people, organisations) the request only records a job on the
batch and queues it after the commit; the page shows the job's state until it is done
(docs/adr/0029, 0036). Two jobs per batch, each in a slot of ``batch.summary``:

- ``CHECK`` (``summary["check"]``): the dry run, the preview the secretary reads. Its result
  is kept (``interests.selectors.import_previews``) for the preview pages and the commit form.
- ``COMMIT`` (``summary["job"]``): the all-or-nothing import of what the preview showed.

A job is idempotent: delivered twice (a worker killed part way, then redelivered), it finds
its work done, or does it once (the import itself locks the batch and refuses a batch
already imported). With no broker (``task_always_eager``) a job runs in the request, as
before. With the broker down the job waits ("queued; it will run when the queue is back")
and is queued again when its page is next opened or by the five-minute sweep.

What each kind's work is lives with that kind (``register_import``, ``people_import``,
``org_import``); this module only runs it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from interests.models import ImportBatch
from interests.services import org_import, people_import, register_import
from interests.services.import_common import FAILED_MESSAGE, ImportFailed

logger = logging.getLogger(__name__)

COMMIT = "job"
CHECK = "check"
SLOTS = (COMMIT, CHECK)

QUEUED = "queued"
WAITING = "waiting"  # the broker was down when it was queued
RUNNING = "running"
REFUSED = "refused"
FAILED = "failed"
DONE = "done"
UNFINISHED = (QUEUED, WAITING, RUNNING)
STOPPED = (REFUSED, FAILED)

# A job's work: (batch, actor, the job's parameters) -> None; raises ValidationError when
# refused (nothing done) and ImportFailed when the database failed part way (nothing kept).
Work = Callable[[ImportBatch, Any, dict[str, Any]], None]

_ORGANISATIONS = (ImportBatch.Kind.ORGANISATIONS_ODS, ImportBatch.Kind.ORGANISATIONS_SIMPLE)
_WORK: dict[tuple[str, str], Work] = {
    (CHECK, ImportBatch.Kind.REGISTER): register_import.register_import_check_job,
    (COMMIT, ImportBatch.Kind.REGISTER): register_import.register_import_commit_job,
    (CHECK, ImportBatch.Kind.PEOPLE): people_import.people_import_check_job,
    (COMMIT, ImportBatch.Kind.PEOPLE): people_import.people_import_commit_job,
    **{(CHECK, kind): org_import.org_import_check_job for kind in _ORGANISATIONS},
    **{(COMMIT, kind): org_import.org_import_commit_job for kind in _ORGANISATIONS},
}
# What the audit trail calls queueing an import, per kind (as the kind's own events).
_QUEUED_ACTION = {
    ImportBatch.Kind.REGISTER: "register_import.queued",
    ImportBatch.Kind.PEOPLE: "people_import.queued",
    **dict.fromkeys(_ORGANISATIONS, "organisations.import_queued"),
}


@dataclass(frozen=True)
class ImportJob:
    state: str = ""
    messages: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    queued_at: str = ""
    started_at: str = ""

    @property
    def unfinished(self) -> bool:
        return self.state in UNFINISHED

    @property
    def stopped(self) -> bool:
        """Refused or failed: nothing was done, and the reason is in ``messages``."""
        return self.state in STOPPED


def import_job(batch: ImportBatch, slot: str = COMMIT) -> ImportJob:
    job = batch.summary.get(slot) or {}
    return ImportJob(
        state=job.get("state", ""),
        messages=list(job.get("messages", [])),
        params=dict(job.get("params", {})),
        queued_at=job.get("queued_at", ""),
        started_at=job.get("started_at", ""),
    )


def _job_set(batch_id: int, slot: str, only_if: str = "", **changes: Any) -> None:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if only_if and import_job(batch, slot).state != only_if:
            return
        batch.summary = {**batch.summary, slot: {**(batch.summary.get(slot) or {}), **changes}}
        batch.save(update_fields=["summary"])


def _runs_here(batch: ImportBatch, slot: str) -> bool:
    """In the request: with no broker, and (for a check) a file small enough to check at
    once, which spares the secretary a page that refreshes for a fraction of a second."""
    if current_app.conf.task_always_eager:
        return True
    limit = settings.IMPORT_CHECK_IN_REQUEST_ROWS.get(str(batch.kind), 0)
    small = int(batch.summary.get("rows") or 0) <= limit
    return slot == CHECK and small


def import_job_queue(
    *,
    batch: ImportBatch,
    slot: str,
    actor: Any,
    params: dict[str, Any] | None = None,
    ready: Callable[[ImportBatch], None] | None = None,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Queue ``slot``'s job for the batch; return the batch as it now stands.

    ``ready`` checks the locked batch first (raising ``ValidationError`` for a quick refusal,
    such as a file already imported). An import already queued or running is not queued
    again (a second click); a check is, when the file or its columns changed since.
    """
    params = dict(params or {})
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if ready is not None:
            ready(locked)
        current = import_job(locked, slot)
        if current.unfinished and (slot == COMMIT or current.params == params):
            return locked
        locked.summary = {
            **locked.summary,
            slot: {
                "state": QUEUED,
                "params": params,
                "actor": getattr(actor, "pk", None),
                "queued_at": timezone.now().isoformat(),
                "messages": [],
            },
        }
        locked.save(update_fields=["summary"])
        if slot == COMMIT:
            action = _QUEUED_ACTION[ImportBatch.Kind(locked.kind)]
            audit_record(actor=actor, action=action, obj=locked, request=request)
        here = _runs_here(locked, slot)
        if not here:
            transaction.on_commit(lambda: import_job_enqueue(locked.pk, slot), robust=True)
    if here:
        import_job_run(batch_id=locked.pk, slot=slot)
    locked.refresh_from_db()
    return locked


def import_job_enqueue(batch_id: int, slot: str = COMMIT) -> bool:
    """Send the job to the broker (bounded by the publish retry policy); False, and the job
    marked waiting, when the broker cannot be reached."""
    from interests.tasks import import_job_task  # the task module imports this one

    try:
        import_job_task.delay(batch_id, slot)
    except Exception:
        logger.exception("Could not queue import job %s/%s: the broker is down", batch_id, slot)
        _job_set(batch_id, slot, state=WAITING)
        return False
    # Only a job that waited is queued again: a worker may already have started this one.
    _job_set(batch_id, slot, only_if=WAITING, state=QUEUED)
    return True


def import_job_requeue_if_waiting(batch: ImportBatch, slot: str = COMMIT) -> ImportBatch:
    """The page of a job that waited for the broker sends it again (the queue may be back)."""
    if import_job(batch, slot).state == WAITING and import_job_enqueue(batch.pk, slot):
        batch.refresh_from_db()
    return batch


def import_jobs_requeue_waiting() -> int:
    """Queue again every job that waited for the broker (the five-minute sweep)."""
    sent = 0
    for slot in SLOTS:
        waiting = ImportBatch.objects.filter(**{f"summary__{slot}__state": WAITING})
        sent += sum(import_job_enqueue(pk, slot) for pk in waiting.values_list("pk", flat=True))
    return sent


def import_job_run(*, batch_id: int, slot: str = COMMIT) -> str:
    """The job: do the slot's work for the batch, once. Returns the job's final state."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return ""
    job = batch.summary.get(slot) or {}
    if batch.status == ImportBatch.Status.COMMITTED:
        _job_set(batch_id, slot, state=DONE)
        return DONE
    if job.get("state") not in UNFINISHED:
        return str(job.get("state", ""))  # delivered again after it finished
    _job_set(batch_id, slot, state=RUNNING, started_at=timezone.now().isoformat())
    actor_id = job.get("actor")
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    work = _WORK[(slot, ImportBatch.Kind(batch.kind))]
    try:
        work(batch, actor, dict(job.get("params") or {}))
    except ValidationError as refused:
        _job_set(batch_id, slot, state=REFUSED, messages=refused.messages)
        if slot == COMMIT:
            _check_again(batch_id, actor)
        return REFUSED
    except ImportFailed as failed:
        _job_set(batch_id, slot, state=FAILED, messages=[str(failed)])
        return FAILED
    except Exception:
        # Not left "running" for ever: the page says so, and the error goes to the logs.
        _job_set(batch_id, slot, state=FAILED, messages=[FAILED_MESSAGE])
        raise
    _job_set(batch_id, slot, state=DONE)
    return DONE


def _check_again(batch_id: int, actor: Any) -> None:
    """After a refused import, check the file again, so that the preview shown with the
    reason is the register as it is now (it may be what changed)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        _WORK[(CHECK, ImportBatch.Kind(batch.kind))](batch, actor, {})
    except (ValidationError, ImportFailed):
        return
    _job_set(batch_id, CHECK, state=DONE, messages=[])
