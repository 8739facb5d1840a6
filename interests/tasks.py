"""Background work for the register: reminders on beat (ccg_governance/celery.py)."""

from __future__ import annotations

from celery import shared_task

from interests.services.campaign_reminders import campaign_reminders_queue
from interests.services.training import training_reminders_queue


@shared_task(name="interests.campaign_reminders", acks_late=True)
def campaign_reminders() -> dict[str, int]:
    """Daily: the annual declaration's reminders due today (each sent once)."""
    return campaign_reminders_queue()


@shared_task(name="interests.training_reminders", acks_late=True)
def training_reminders() -> int:
    """Weekly: decision-making staff with no module 1 pass in a year (once a month each)."""
    return training_reminders_queue()


@shared_task(name="interests.import_job", acks_late=True)
def import_job_task(batch_id: int, slot: str = "job") -> str:
    """Check or import an uploaded file (``slot``: "check" or "job"); safe to run twice."""
    from interests.services.import_jobs import import_job_run

    return import_job_run(batch_id=batch_id, slot=slot)


@shared_task(name="interests.import_jobs_requeue", acks_late=True)
def import_jobs_requeue() -> int:
    """Every five minutes: import jobs that waited for the broker are queued again."""
    from interests.services.import_jobs import import_jobs_requeue_waiting

    return import_jobs_requeue_waiting()


# The names before every import was a job: messages already queued, and the sweep's row that
# beat keeps in the database (never written over, ADR 0021), still find a task.
@shared_task(name="interests.register_import_commit", acks_late=True)
def register_import_commit_task(batch_id: int) -> str:
    return import_job_task(batch_id, "job")


@shared_task(name="interests.register_import_requeue", acks_late=True)
def register_import_requeue() -> int:
    return import_jobs_requeue()
