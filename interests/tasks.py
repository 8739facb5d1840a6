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


@shared_task(name="interests.register_import_commit", acks_late=True)
def register_import_commit_task(batch_id: int) -> str:
    """Import a previewed register (all or nothing); safe to run twice."""
    from interests.services.register_import_job import register_import_run

    return register_import_run(batch_id=batch_id)


@shared_task(name="interests.register_import_requeue", acks_late=True)
def register_import_requeue() -> int:
    """Every five minutes: imports that waited for the broker are queued again."""
    from interests.services.register_import_job import register_import_requeue_waiting

    return register_import_requeue_waiting()
