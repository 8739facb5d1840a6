"""What the spreadsheet imports (a register, a staff list) share: keeping the upload,
choosing the columns, and the failure that leaves nothing imported.

Each import names its own kind, audit prefix and fields; the steps are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from core.audit import audit_record
from interests.import_fields import ImportField
from interests.models import ImportBatch
from interests.selectors.import_previews import import_preview_keep
from interests.selectors.import_tables import import_table, import_table_keep
from interests.tabular import TableError, table_read

AUDIT_PREFIXES = {
    ImportBatch.Kind.REGISTER: "register_import",
    ImportBatch.Kind.PEOPLE: "people_import",
}


class ImportFailed(Exception):
    """The database refused the import part way through; nothing was imported."""


@transaction.atomic
def tabular_import_upload(
    *,
    kind: ImportBatch.Kind,
    actor: Any,
    filename: str,
    content: bytes,
    encoding: str,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Keep an uploaded spreadsheet, once it is known to be readable; its parsed table is
    kept for the pages that follow (parsed once)."""
    try:
        table = table_read(content=content, encoding=encoding)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    batch = ImportBatch(
        kind=kind,
        uploaded_by=actor,
        filename=filename[-255:],
        content=content,
        encoding=encoding,
        summary={"file_type": table.kind, "rows": len(table.rows)},
    )
    batch.full_clean()
    batch.save()
    import_table_keep(batch, table)
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIXES[kind]}.uploaded",
        obj=batch,
        detail={"filename": batch.filename, "encoding": encoding, **batch.summary},
        request=request,
    )
    return batch


def tabular_import_mapping_set(
    *,
    batch: ImportBatch,
    mapping: Mapping[str, str],
    import_fields: Sequence[ImportField],
    noun: str,
    also_missing: Iterable[str] = (),
    summary: Mapping[str, Any] | None = None,
) -> ImportBatch:
    """Record the columns chosen, checked against the file's headings: every required field
    has a column, and a column holds one field. ``noun`` names a field in the messages."""
    try:
        headings = import_table(batch).headings
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    chosen = {key: heading for key, heading in mapping.items() if heading}
    unknown = sorted(set(chosen) - {f.key for f in import_fields})
    if unknown:
        raise ValidationError(f"Unknown {noun}s: {', '.join(unknown)}.")
    for heading in chosen.values():
        if heading not in headings:
            raise ValidationError(f"The file has no column “{heading}”.")
    required = [f.label for f in import_fields if f.required and f.key not in chosen]
    missing = required + list(also_missing)
    if missing:
        raise ValidationError(f"Choose a column for: {', '.join(missing)}.")
    if len(set(chosen.values())) != len(chosen):
        raise ValidationError(f"Each column can hold only one {noun}.")
    batch.column_mapping = chosen
    batch.summary = {**batch.summary, **(summary or {})}
    batch.full_clean()
    batch.save(update_fields=["column_mapping", "summary"])
    return batch


def tabular_import_checked(
    *,
    batch: ImportBatch,
    preview: Any,
    actor: Any,
    audit_prefix: str,
    request: HttpRequest | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Keep a check's result (the preview) and its counts on the batch, now previewed."""
    import_preview_keep(batch, preview)
    previewed = ImportBatch.objects.filter(pk=batch.pk).exclude(status=ImportBatch.Status.COMMITTED)
    previewed.update(status=ImportBatch.Status.PREVIEWED)
    batch.refresh_from_db(fields=["status", "summary"])
    batch.summary = {**batch.summary, **preview.summary()}
    batch.save(update_fields=["summary"])
    audit_record(
        actor=actor,
        action=f"{audit_prefix}.previewed",
        obj=batch,
        detail={"mapping": batch.column_mapping, **(detail or {}), **preview.summary()},
        request=request,
    )


@transaction.atomic
def tabular_import_failure_record(
    *, batch: ImportBatch, actor: Any, audit_prefix: str, error: Exception
) -> None:
    """Note the failure after the import's own transaction has rolled back."""
    failed = ImportBatch.objects.get(pk=batch.pk)
    failed.status = ImportBatch.Status.FAILED
    failed.full_clean()
    failed.save()
    detail = {"error": str(error)[:500]}
    audit_record(actor=actor, action=f"{audit_prefix}.failed", obj=failed, detail=detail)


FAILED_MESSAGE = (
    "The import failed and nothing was imported. Try again; if it fails again, ask the "
    "system administrator to look at the audit trail."
)
