"""The rows an import left out, as a file the secretary corrects and imports again.

The file is the uploaded one cut down to its refused rows: the same headings, each
cell as the file had it, and one more column saying why the row was refused. Its
columns are matched as before when it comes back; the added column is not one of
the register's fields, so it is left out of the mapping.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from interests.models import ImportBatch
from interests.selectors.register_import import register_import_table
from interests.tabular import Cell

REASON_HEADING = "Why it was not imported"


def refused_row_count(batch: ImportBatch) -> int:
    return len(batch.summary.get("refused_rows") or {})


def refused_rows_filename(batch: ImportBatch) -> str:
    stem = batch.filename.rsplit(".", 1)[0] or "register"
    return f"{stem}-rows-not-imported.csv"


def _cell(value: Cell) -> str:
    # Written back the way the preview reads it, so a corrected file imports the same.
    return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value


def refused_rows_header(batch: ImportBatch) -> list[str]:
    headings = list(register_import_table(batch).headings)
    return [*(h for h in headings if h != REASON_HEADING), REASON_HEADING]


def refused_rows(batch: ImportBatch) -> Iterator[Sequence[str]]:
    """Each refused row's cells as the file had them, then the reason it was refused."""
    reasons: dict[str, str] = batch.summary.get("refused_rows") or {}
    table = register_import_table(batch)
    # A file that comes back with its reason column gets a fresh one, not two.
    keep = [i for i, heading in enumerate(table.headings) if heading != REASON_HEADING]
    for row in table.rows:
        reason = reasons.get(str(row.number))
        if reason is None:
            continue
        cells = [_cell(row.cells[i]) if i < len(row.cells) else "" for i in keep]
        yield [*cells, reason]
