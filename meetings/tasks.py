"""Background work for meetings and panels."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="meetings.resync_all_access")
def resync_all_access() -> dict[str, int]:
    """Recompute every meeting's paper and minute permissions and re-check every panel.

    Verdicts depend on dates: an interest or a relationship can start or end
    overnight without anyone changing anything. Run daily (see the beat
    schedule in ccg_governance/celery.py); safe to run again at any time.
    """
    from meetings.services.access import meetings_sync_all
    from procurements.services.panels import panels_recheck_all

    meetings = meetings_sync_all()
    panels_recheck_all()
    return {"meetings": meetings}
