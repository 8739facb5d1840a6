"""Background work for procurements."""

from __future__ import annotations

from celery import shared_task

from procurements.services.panels import panels_recheck_all


@shared_task(name="procurements.recheck_all_panels")
def recheck_all_panels() -> dict[str, int]:
    """Re-check every open evaluation panel against the register and the network.

    Like the meetings' nightly re-check: interests and relationships start and
    end on dates. Run daily (ccg_governance/celery.py); safe to run again.
    """
    return {"lots": panels_recheck_all()}
