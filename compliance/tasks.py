"""Background work for compliance."""

from __future__ import annotations

from celery import shared_task

from compliance.services import pack_zip
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


@shared_task(name="compliance.build_audit_pack_zip", acks_late=True)
def build_audit_pack_zip(job_id: int) -> str:
    """Build one audit pack zip of CSVs for its requester. Acknowledged only when done, so a
    job whose worker is killed is delivered again; the zip is stored only when complete."""
    try:
        return str(pack_zip.pack_zip_build(job_id=job_id).token)
    except Exception as error:
        pack_zip.pack_zip_fail(
            job_id=job_id, message=f"The zip could not be prepared ({type(error).__name__})."
        )
        raise


def queue_audit_pack_zip(job_id: int) -> None:
    build_audit_pack_zip.delay(job_id)


pack_zip.set_enqueue(queue_audit_pack_zip)
