"""Background work for compliance."""

from __future__ import annotations

from celery import shared_task

from compliance.services.detection import breaches_detect


@shared_task(name="compliance.detect_breaches")
def detect_breaches() -> dict[str, int]:
    """Run every detection rule and queue what is new for the Guardian.

    Takes no arguments: it is run by beat every night (ccg_governance/celery.py) and after
    each meeting's minutes are approved. Idempotent: a detection already raised, dismissed
    or not, is never raised again, so it is safe to run twice or at once.
    """
    run = breaches_detect()
    return {"found": run.found, "new": len(run.created)}
