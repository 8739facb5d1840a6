"""Reading an uploaded register of interests: the dry-run preview.

Nothing here writes. The preview reads the stored file with the stored column
mapping, checks every row against the members, organisations and interests
already in the database, and builds (unsaved) the interests a commit would
create. The commit recomputes it inside its transaction and imports only if
its fingerprint matches the one the secretary saw.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from interests.models import ImportBatch, Interest
from interests.selectors.import_batches import import_batch_get, import_batches_recent
from interests.selectors.import_tables import import_table, import_table_keep
from interests.selectors.register_import_lookup import (
    DuplicateKey,
    RegisterLookup,
    organisation_key,
)
from interests.selectors.register_import_rows import Outcome, PreviewRow, RowReader, row_cells
from interests.tabular import Table

__all__ = [
    "ImportMode",
    "Outcome",
    "PreviewRow",
    "RegisterImportPreview",
    "register_import_batch_get",
    "register_import_batches_recent",
    "register_import_preview",
    "register_import_table",
    "register_import_table_keep",
]


class ImportMode(StrEnum):
    ALL_OR_NOTHING = "all"
    VALID_ROWS = "valid"


# --- Batches ---------------------------------------------------------------


register_import_batch_get = partial(import_batch_get, kind=ImportBatch.Kind.REGISTER)
register_import_batches_recent = partial(import_batches_recent, ImportBatch.Kind.REGISTER)


# The parsed table, shared with the people import (interests.selectors.import_tables).
register_import_table = import_table
register_import_table_keep = import_table_keep


# --- The preview (each row is read by register_import_rows) ---------------


@dataclass
class RegisterImportPreview:
    rows: list[PreviewRow]
    fingerprint: str

    def _count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def to_import_count(self) -> int:
        return self._count(Outcome.IMPORT)

    @property
    def duplicate_count(self) -> int:
        return self._count(Outcome.DUPLICATE)

    @property
    def error_count(self) -> int:
        return self._count(Outcome.ERROR)

    @property
    def start_unknown_count(self) -> int:
        return sum(1 for interest in self.interests if interest.start_date is None)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def rows_errors_first(self) -> list[PreviewRow]:
        return sorted(self.rows, key=lambda row: (row.outcome != Outcome.ERROR, row.number))

    @property
    def interests(self) -> list[Interest]:
        return [row.interest for row in self.rows if row.interest is not None]

    def summary(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "to_import": self.to_import_count,
            "duplicates": self.duplicate_count,
            "errors": self.error_count,
        }


def register_import_preview(
    *, batch: ImportBatch, table: Table | None = None
) -> RegisterImportPreview:
    """Every row's outcome if the batch were committed now. Raises TableError if unreadable."""
    table = table or register_import_table(batch)
    mapping = batch.column_mapping
    register = RegisterLookup()
    seen: dict[DuplicateKey, int] = {}
    rows: list[PreviewRow] = []
    for table_row in table.rows:
        preview = RowReader(table_row, row_cells(table_row, table, mapping), register).read()
        interest = preview.interest
        if interest is not None:
            key: DuplicateKey = (
                interest.declarant_id,
                organisation_key(interest.organisation_id, interest.organisation_name),
                interest.category,
                interest.start_date,
            )
            if key in register.existing:
                preview.outcome = Outcome.DUPLICATE
                preview.notes = [
                    "Already on the register (same member, organisation, type and "
                    "start date): skipped."
                ]
                preview.interest = None
            elif key in seen:
                preview.outcome = Outcome.DUPLICATE
                preview.notes = [
                    f"Repeats row {seen[key]} (same member, organisation, type and "
                    "start date): skipped."
                ]
                preview.interest = None
            else:
                seen[key] = preview.number
        rows.append(preview)
    return RegisterImportPreview(rows=rows, fingerprint=_fingerprint(batch, rows))


def _fingerprint(batch: ImportBatch, rows: list[PreviewRow]) -> str:
    """Changes whenever the file, its mapping or any row's outcome would change."""
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(bytes(batch.content)).digest())
    outcomes = [
        [
            row.number,
            row.outcome.value,
            row.interest.declarant_id if row.interest else None,
            row.interest.organisation_id if row.interest else None,
        ]
        for row in rows
    ]
    digest.update(
        json.dumps(
            {"encoding": batch.encoding, "mapping": batch.column_mapping, "rows": outcomes},
            sort_keys=True,
        ).encode()
    )
    return digest.hexdigest()
