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

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import audit_record
from interests import hooks
from interests.models import ImportBatch, Interest
from interests.register_import_fields import FIELDS_BY_KEY, REQUIRED_FIELDS
from interests.selectors.register_import import (
    ImportMode,
    RegisterImportPreview,
    register_import_preview,
    register_import_table,
    register_import_table_keep,
)
from interests.services.name_matches import name_matches_propose
from interests.tabular import TableError, table_read

# Resolved from the database by the preview moments earlier, in the same
# transaction; validating them again would cost four queries a row. Likewise
# the check constraints: the preview checks the same rules with row-by-row
# messages, and the database still enforces them on insert (rolling back the
# whole import), so validating them in Python would only add two queries a row.
_RESOLVED_FOREIGN_KEYS = ["declarant", "organisation", "reviewed_by", "import_batch"]


class RegisterImportFailed(Exception):
    """The database refused the import part way through; nothing was imported."""


def require_open(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.COMMITTED:
        when = timezone.localtime(batch.committed_at) if batch.committed_at else None
        on = f" on {when:%d/%m/%Y at %H:%M}" if when else ""
        raise ValidationError(f"This file was imported{on}. It cannot be imported twice.")


@transaction.atomic
def register_import_upload(
    *,
    actor: Any,
    filename: str,
    content: bytes,
    encoding: str,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Keep an uploaded register, once it is known to be readable."""
    try:
        table = table_read(content=content, encoding=encoding)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    batch = ImportBatch(
        kind=ImportBatch.Kind.REGISTER,
        uploaded_by=actor,
        filename=filename[-255:],
        content=content,
        encoding=encoding,
        summary={"file_type": table.kind, "rows": len(table.rows)},
    )
    batch.full_clean()
    batch.save()
    register_import_table_keep(batch, table)  # parsed once: the preview reads this
    audit_record(
        actor=actor,
        action="register_import.uploaded",
        obj=batch,
        detail={"filename": batch.filename, "encoding": encoding, **batch.summary},
        request=request,
    )
    return batch


@transaction.atomic
def register_import_columns_set(
    *,
    batch: ImportBatch,
    mapping: dict[str, str],
    actor: Any,
    request: HttpRequest | None = None,
) -> RegisterImportPreview:
    """Record which column holds which register field, and preview the result."""
    require_open(batch)
    table = register_import_table(batch)
    mapping = {key: heading for key, heading in mapping.items() if heading}
    unknown = sorted(set(mapping) - set(FIELDS_BY_KEY))
    if unknown:
        raise ValidationError(f"Unknown register fields: {', '.join(unknown)}.")
    for heading in mapping.values():
        if heading not in table.headings:
            raise ValidationError(f"The file has no column “{heading}”.")
    missing = [f.label for f in REQUIRED_FIELDS if f.key not in mapping]
    if missing:
        raise ValidationError(f"Choose a column for: {', '.join(missing)}.")
    if len(set(mapping.values())) != len(mapping):
        raise ValidationError("Each column can hold only one register field.")

    batch.column_mapping = mapping
    preview = register_import_preview(batch=batch, table=table)
    batch.status = ImportBatch.Status.PREVIEWED
    batch.summary = {**batch.summary, **preview.summary()}
    batch.full_clean()
    batch.save()
    audit_record(
        actor=actor,
        action="register_import.previewed",
        obj=batch,
        detail={"mapping": mapping, **preview.summary()},
        request=request,
    )
    return preview


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
        _failure_record(batch=batch, actor=actor, error=exc, request=request)
        raise RegisterImportFailed(
            "The import failed and nothing was imported. Try again; if it fails again, "
            "ask the system administrator to look at the audit trail."
        ) from exc


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
    require_open(locked)
    if not locked.column_mapping:
        raise ValidationError("Choose the columns and check the preview before importing.")
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
        action="register_import.committed",
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


@transaction.atomic
def _failure_record(
    *, batch: ImportBatch, actor: Any, error: Exception, request: HttpRequest | None
) -> None:
    """Note the failure after the import's own transaction has rolled back."""
    failed = ImportBatch.objects.get(pk=batch.pk)
    failed.status = ImportBatch.Status.FAILED
    failed.full_clean()
    failed.save()
    audit_record(
        actor=actor,
        action="register_import.failed",
        obj=failed,
        detail={"error": str(error)[:500]},
        request=request,
    )


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
