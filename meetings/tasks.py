"""Background work for meetings."""

from __future__ import annotations

from celery import shared_task

from meetings.services.access import meetings_sync_all


@shared_task(name="meetings.resync_all_access")
def resync_all_access() -> dict[str, int]:
    """Recompute every meeting's paper and minute permissions.

    Verdicts depend on dates: an interest or a relationship can start or end
    overnight without anyone changing anything. Run daily (see the beat
    schedule in ccg_governance/celery.py); safe to run again at any time.
    """
    return {"meetings": meetings_sync_all()}
