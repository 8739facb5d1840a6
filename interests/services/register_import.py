"""Importing an existing register of interests: upload, choose columns, commit.

The secretary uploads a spreadsheet (kept whole in an ``ImportBatch``, so the
commit imports exactly the file that was previewed), matches its columns to
the register's fields, checks the dry-run preview
(``interests.selectors.register_import``) and commits, in one of two modes:

- all or nothing: refused while any row has an error;
- the valid rows: imports every sound row and keeps the refused rows' numbers
  and reasons on the batch, for a download of them to correct and import again.

Either way the commit is one transaction: a failure part way through rolls
everything back (ADR 0027).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import audit_record
from interests import hooks
from interests.models import ImportBatch, Interest
from interests.register_import_fields import REGISTER_FIELDS
from interests.selectors.register_import import (
    ImportMode,
    RegisterImportPreview,
    register_import_preview,
)
from interests.services import import_common as common
from interests.services.name_matches import name_matches_propose
from interests.tabular import TableError

# Resolved from the database by the preview moments earlier, in the same
# transaction; validating them again would cost four queries a row. Likewise
# the check constraints: the preview checks the same rules with row-by-row
# messages, and the database still enforces them on insert (rolling back the
# whole import), so validating them in Python would only add two queries a row.
_RESOLVED_FOREIGN_KEYS = ["declarant", "organisation", "reviewed_by", "import_batch"]


class RegisterImportFailed(common.ImportFailed):
    """The database refused the import part way through; nothing was imported."""


AUDIT_PREFIX = "register_import"


def require_open(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.COMMITTED:
        when = timezone.localtime(batch.committed_at) if batch.committed_at else None
        on = f" on {when:%d/%m/%Y at %H:%M}" if when else ""
        raise ValidationError(f"This file was imported{on}. It cannot be imported twice.")


def require_columns(batch: ImportBatch) -> None:
    """Before an import is queued: the file is not imported yet and its columns are chosen."""
    require_open(batch)
    if not batch.column_mapping:
        raise ValidationError("Choose the columns and check the preview before importing.")


# Keep an uploaded register, once it is known to be readable.
register_import_upload = partial(common.tabular_import_upload, kind=ImportBatch.Kind.REGISTER)


@transaction.atomic
def register_import_mapping_set(
    *, batch: ImportBatch, mapping: dict[str, str], actor: Any, request: HttpRequest | None = None
) -> ImportBatch:
    """Record which column holds which register field; the file is checked next (a job)."""
    require_open(batch)
    return common.tabular_import_mapping_set(
        batch=batch, mapping=mapping, import_fields=REGISTER_FIELDS, noun="register field"
    )


@transaction.atomic
def register_import_check(
    *, batch: ImportBatch, actor: Any, request: HttpRequest | None = None
) -> RegisterImportPreview:
    """The dry run of the columns chosen: kept for the preview pages, counted on the batch."""
    try:
        preview = register_import_preview(batch=batch)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    common.tabular_import_checked(
        batch=batch, preview=preview, actor=actor, audit_prefix=AUDIT_PREFIX, request=request
    )
    return preview


def register_import_check_job(batch: ImportBatch, actor: Any, params: dict[str, Any]) -> None:
    """The check as a background job (``import_jobs``)."""
    register_import_check(batch=batch, actor=actor)


def register_import_commit_job(batch: ImportBatch, actor: Any, params: dict[str, Any]) -> None:
    """The import as a background job (``import_jobs``), with what the commit form sent."""
    register_import_commit(
        batch=batch,
        actor=actor,
        fingerprint=str(params.get("fingerprint", "")),
        mode=ImportMode(params.get("mode", ImportMode.ALL_OR_NOTHING.value)),
    )


def register_import_commit(
    *,
    batch: ImportBatch,
    actor: Any,
    fingerprint: str,
    mode: ImportMode = ImportMode.ALL_OR_NOTHING,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Import every row the preview showed as "will import": with ``ALL_OR_NOTHING`` only
    when no row has an error, with ``VALID_ROWS`` leaving the rows with errors out.

    Raises ``ValidationError`` when the commit is refused (rows with errors, a
    preview that has changed, a file already imported) and
    ``RegisterImportFailed`` when the database refuses part way through; in
    both cases nothing is imported.
    """
    try:
        return _commit(
            batch=batch, actor=actor, fingerprint=fingerprint, mode=mode, request=request
        )
    except DatabaseError as exc:
        common.tabular_import_failure_record(
            batch=batch, actor=actor, audit_prefix=AUDIT_PREFIX, error=exc
        )
        raise RegisterImportFailed(common.FAILED_MESSAGE) from exc


@transaction.atomic
def _commit(
    *,
    batch: ImportBatch,
    actor: Any,
    fingerprint: str,
    mode: ImportMode,
    request: HttpRequest | None,
) -> ImportBatch:
    # The lock makes a second, simultaneous commit wait, then see COMMITTED.
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    require_columns(locked)
    try:
        preview = register_import_preview(batch=locked)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    if preview.has_errors and mode == ImportMode.ALL_OR_NOTHING:
        rows = "row has" if preview.error_count == 1 else "rows have"
        raise ValidationError(
            f"{preview.error_count} {rows} errors, so nothing has been imported. Correct the "
            "file and upload it again, or choose to import the rows without errors."
        )
    if preview.fingerprint != fingerprint:
        raise ValidationError(
            "The preview has changed since you checked it (the columns chosen, or the register "
            "itself, have changed). Check the preview below again before importing."
        )

    now = timezone.now()
    interests = preview.interests
    for interest in interests:
        interest.source = Interest.Source.IMPORT
        interest.status = Interest.Status.REVIEWED
        interest.submitted_at = interest.submitted_at or now  # the date registered, if known
        interest.reviewed_at = now
        interest.reviewed_by = actor
        interest.import_batch = locked
        interest.full_clean(
            exclude=_RESOLVED_FOREIGN_KEYS, validate_unique=False, validate_constraints=False
        )
    created = bulk_create_with_history(
        interests,
        Interest,
        batch_size=500,
        default_user=actor,
        default_change_reason=f"Imported from {locked.filename}",
    )
    name_matches_propose(typed_names={i.organisation_name for i in created if i.organisation_name})
    # Access is recomputed once for the whole import, not once per row or per person: every
    # meeting from today on and every open panel, as after a change to the network. Per
    # person it took 31.6 s for 2,500 rows (issue 15).
    if created:
        hooks.notify_register_imported()

    locked.status = ImportBatch.Status.COMMITTED
    locked.committed_at = now
    refused = {str(row.number): " ".join(row.errors) for row in preview.rows if row.errors}
    locked.summary = {
        **locked.summary,
        **preview.summary(),
        "mode": mode.value,
        "imported": len(created),
        "skipped": preview.duplicate_count,
        "refused": len(refused),
        "refused_rows": refused,
        "start_unknown": sum(1 for interest in created if interest.start_date is None),
    }
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}.committed",
        obj=locked,
        detail={
            "mode": mode.value,
            "imported": len(created),
            "skipped": preview.duplicate_count,
            "refused": len(refused),
        },
        request=request,
    )

    return locked


def register_import_refused_rows_downloaded(
    *, batch: ImportBatch, actor: Any, request: HttpRequest | None = None
) -> None:
    """Note that the refused rows (names and interests) left the service in a file."""
    audit_record(
        actor=actor,
        action="register_import.refused_rows_downloaded",
        obj=batch,
        detail={"rows": len(batch.summary.get("refused_rows") or {})},
        request=request,
    )
