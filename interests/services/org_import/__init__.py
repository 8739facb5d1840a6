"""Importing organisations from a file: preview first, then commit all or nothing.

Two layouts:

* ``ods``: the NHS Organisation Data Service practice file ``epraccur.csv``
  (no header row, 27 quoted columns). Each row is an organisation keyed by its
  ODS code; its commissioner (a CCG or Welsh health board code) becomes an
  organisation too, and the practice a ``member of`` it for the dates given.
* ``simple``: a CSV with the header ``name,kind,ods_code,member_of``.

``org_import_preview`` reads the file and the register (a constant number of
queries, whatever the file's size) and returns an :class:`OrgImportPlan`:
the organisations and relationships to create or update, what is unchanged,
and every row's errors. ``org_import_commit`` writes exactly that plan in one
transaction with bulk queries, or nothing if the plan has any error. Running
the same file twice changes nothing the second time.

This module previews and writes; ``plan`` holds the plan and its errors,
``reading`` the CSV reading and the register as it is, and ``ods`` and
``simple`` the two layouts.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.audit import audit_record
from core.publication import REGISTER_OF_INTERESTS, publication_changed
from interests import hooks
from interests.models import ImportBatch, Organisation, OrganisationRelationship
from interests.services.import_common import FAILED_MESSAGE, ImportFailed
from interests.services.name_matches import name_matches_propose
from interests.services.org_import.ods import plan_ods
from interests.services.org_import.plan import (
    BATCH_KIND_LAYOUT,
    LAYOUT_BATCH_KIND,
    LAYOUT_LABELS,
    MAX_ERRORS_KEPT,
    MAX_IMPORT_BYTES,
    FileProblem,
    Layout,
    OrgImportPlan,
    OrgImportPreviewOutdated,
    OrgImportRefused,
    RowError,
)
from interests.services.org_import.reading import Register, decode
from interests.services.org_import.simple import plan_simple

__all__ = [
    "LAYOUT_LABELS",
    "MAX_ERRORS_KEPT",
    "MAX_IMPORT_BYTES",
    "Layout",
    "OrgImportPlan",
    "OrgImportPreviewOutdated",
    "OrgImportRefused",
    "RowError",
    "batch_layout",
    "org_import_batch_commit",
    "org_import_check",
    "org_import_ready",
    "org_import_commit",
    "org_import_preview",
    "org_import_upload",
]

_BATCH_SIZE = 500


def org_import_preview(*, content: bytes, layout: Layout | str) -> OrgImportPlan:
    """Read ``content`` in ``layout`` and say what importing it would do. Writes nothing."""
    layout = Layout(layout)
    plan = OrgImportPlan(layout=layout)
    try:
        text = decode(content)
        register = Register.load()
        if layout == Layout.ODS:
            plan_ods(plan, text, register)
        else:
            plan_simple(plan, text, register)
    except FileProblem as problem:
        fresh = OrgImportPlan(layout=layout)
        fresh.add_error(None, str(problem))
        return fresh
    plan.errors.sort(key=lambda error: error.line or 0)
    return plan


def _history_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def org_import_commit(
    *,
    plan: OrgImportPlan,
    actor: Any,
    source: str,
    batch: ImportBatch | None = None,
    request: HttpRequest | None = None,
) -> OrgImportPlan:
    """Write exactly ``plan``, in one transaction; refuse (writing nothing) if it has errors.

    ``source`` (a file name) goes in each record's history and the audit trail.
    """
    if plan.committed:
        raise OrgImportRefused("This import has already been made.")
    if plan.has_errors:
        raise OrgImportRefused(
            f"The file has {len(plan.errors)} error{'s' if len(plan.errors) != 1 else ''}: "
            "correct them and try again. Nothing was imported."
        )
    user = _history_user(actor)
    reason = f"Imported from {source}"[:100]
    now = timezone.now()

    bulk_create_with_history(
        plan.organisations_to_create,
        Organisation,
        batch_size=_BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
    )
    for organisation in plan.organisations_to_update:
        organisation.updated_at = now
    bulk_update_with_history(
        plan.organisations_to_update,
        Organisation,
        [*plan.organisation_fields, "updated_at"],
        batch_size=_BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
    )
    for relationship in plan.relationships_to_create:
        # The organisations at either end may have been created just above.
        relationship.source_id = relationship.source.pk
        relationship.target_id = relationship.target.pk
    bulk_create_with_history(
        plan.relationships_to_create,
        OrganisationRelationship,
        batch_size=_BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
    )
    bulk_update_with_history(
        plan.relationships_to_update,
        OrganisationRelationship,
        ["end_date"],
        batch_size=_BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
    )
    audit_record(
        actor=actor,
        action="organisations.imported",
        obj=batch,
        detail={"source": source, "layout": str(plan.layout), **plan.counts()},
        request=request,
    )
    if plan.relationships_to_create or plan.relationships_to_update or plan.organisations_to_update:
        # New links, or renamed organisations (typed names are matched by name).
        hooks.notify_network_changed(_organisations_changed(plan))
    publication_changed(REGISTER_OF_INTERESTS)  # names and businesses on the register
    if plan.organisations_to_create or plan.organisations_to_update:
        # Names typed before these organisations were on the list may now match (ADR 0027).
        name_matches_propose()
    plan.committed = True
    return plan


def _organisations_changed(plan: OrgImportPlan) -> set[int]:
    """Both ends of every link made or ended, and every organisation updated."""
    changed = {o.pk for o in plan.organisations_to_update}
    for relationship in plan.relationships_to_create + plan.relationships_to_update:
        changed |= {relationship.source_id, relationship.target_id}
    return changed


# --- Uploaded files (the secretary's screens) ---------------------------------------------


def _file_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@transaction.atomic
def org_import_upload(
    *,
    actor: Any,
    filename: str,
    content: bytes,
    layout: Layout | str,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Keep an uploaded file, to be checked (a job: ``org_import_check``) and imported."""
    layout = Layout(layout)
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(
            {
                "file": f"The file is {_file_size(len(content))}; it must be no larger than "
                f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB"
            }
        )
    batch = ImportBatch(
        kind=LAYOUT_BATCH_KIND[layout],
        status=ImportBatch.Status.UPLOADED,
        uploaded_by=actor,
        filename=filename[-255:] or "upload.csv",
        content=content,
        encoding="utf-8",
        summary={"layout": str(layout), "rows": content.count(b"\n") + 1},
    )
    batch.full_clean()
    batch.save()
    audit_record(
        actor=actor,
        action="organisations.import_uploaded",
        obj=batch,
        detail={"filename": batch.filename, "layout": str(layout)},
        request=request,
    )
    return batch


def org_import_ready(batch: ImportBatch) -> None:
    """Before an import is queued: checked, without errors, and not imported yet."""
    if batch.status == ImportBatch.Status.COMMITTED:
        raise OrgImportRefused("This file has already been imported. Nothing was changed.")
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise OrgImportRefused("The file is still being checked. Import it once it is.")
    if batch.summary.get("error_count"):
        raise OrgImportRefused(
            "This file has errors, so it cannot be imported. Correct them and upload it again."
        )


def batch_layout(batch: ImportBatch) -> Layout:
    return BATCH_KIND_LAYOUT[ImportBatch.Kind(batch.kind)]


def _comparable(counts: dict[str, Any]) -> dict[str, Any]:
    return {key: counts.get(key) for key in ("organisations", "relationships", "error_count")}


@transaction.atomic
def org_import_batch_commit(
    *, batch: ImportBatch, actor: Any, request: HttpRequest | None = None
) -> ImportBatch:
    """Import an uploaded file exactly as its preview said, or refuse and write nothing."""
    # Claim the batch first, so a second press of the button cannot import it twice.
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, kind__in=list(BATCH_KIND_LAYOUT), status=ImportBatch.Status.PREVIEWED
    ).update(status=ImportBatch.Status.COMMITTED, committed_at=timezone.now())
    # A fresh copy: if this transaction rolls back, the caller's copy is still true.
    batch = ImportBatch.objects.get(pk=batch.pk)
    if not claimed:
        if batch.status == ImportBatch.Status.COMMITTED:
            raise OrgImportRefused("This file has already been imported. Nothing was changed.")
        raise OrgImportRefused("This upload cannot be imported. Upload the file again.")
    if batch.summary.get("error_count"):
        raise OrgImportRefused(
            "This file has errors, so it cannot be imported. Correct them and upload it again."
        )
    plan = org_import_preview(content=bytes(batch.content), layout=batch_layout(batch))
    if _comparable(plan.counts()) != _comparable(batch.summary):
        raise OrgImportPreviewOutdated(
            "The organisations in the register changed after this preview was made, so "
            "importing now would do something different. Check the new preview, then import."
        )
    org_import_commit(plan=plan, actor=actor, source=batch.filename, batch=batch, request=request)
    batch.summary = {**batch.summary, "committed": plan.counts()}  # the job's state is kept
    batch.save(update_fields=["summary"])
    return batch


@transaction.atomic
def org_import_check(*, batch: ImportBatch, actor: Any) -> ImportBatch:
    """Preview an uploaded file against the register as it is now; the plan's counts and
    first errors are kept on the batch for the preview page."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return batch
    again = batch.status == ImportBatch.Status.PREVIEWED
    plan = org_import_preview(content=bytes(batch.content), layout=batch_layout(batch))
    jobs = {slot: batch.summary[slot] for slot in ("job", "check") if slot in batch.summary}
    batch.summary = {**plan.summary(), **jobs}
    batch.status = ImportBatch.Status.PREVIEWED
    batch.save(update_fields=["summary", "status"])
    if again:
        audit_record(
            actor=actor,
            action="organisations.import_previewed_again",
            obj=batch,
            detail=plan.counts(),
        )
    return batch


def org_import_check_job(batch: ImportBatch, actor: Any, params: dict[str, Any]) -> None:
    """The check as a background job (``import_jobs``)."""
    org_import_check(batch=batch, actor=actor)


def org_import_commit_job(batch: ImportBatch, actor: Any, params: dict[str, Any]) -> None:
    """The import as a background job (``import_jobs``)."""
    try:
        org_import_batch_commit(batch=batch, actor=actor)
    except DatabaseError as exc:
        raise ImportFailed(FAILED_MESSAGE) from exc
