"""Background work for meetings."""

from __future__ import annotations

from celery import shared_task

from meetings.services.access import meetings_sync_from_today


@shared_task(name="meetings.resync_all_access")
def resync_all_access() -> dict[str, int]:
    """Recompute the paper and minute permissions of every meeting from today on.

    A safety net behind the in-transaction recomputation: verdicts depend on
    dates, and a meeting moves from "to come" to "held" overnight. Meetings already
    held keep the access settled when they were held (ADR 0022). Run daily (see
    the beat schedule in ccg_governance/celery.py); safe to run again at any time.
    """
    return {"meetings": meetings_sync_from_today()}
