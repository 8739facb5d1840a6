"""What a document shows, as plain data: built by an app for one requester, then frozen.

The content is computed in the request, through the same selectors and access checks as
the screen it comes from, and written to disk as JSON in chunks; the workers render
those chunks and never query the database for what to show. So a document is exactly
what the requester could see at that moment, and its fingerprint says whether a stored
copy still is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Table:
    """A register table: the header repeats on every page and no row is split."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    # A label printed in a row's first cell, e.g. "Withheld from publication"; "" for none.
    marks: list[str] = field(default_factory=list)
    # Relative column widths (e.g. [2, 1, 1]); empty lets the table lay itself out.
    widths: Sequence[float] = field(default_factory=list)
    # Lay the columns out from ``widths`` alone, not from every cell's content: a fifth
    # faster for registers of thousands of rows (docs/adr/0024), but a word wider than its
    # column is then broken, so only for registers whose widths fit their longest words.
    fixed_layout: bool = False

    def mark(self, index: int) -> str:
        return self.marks[index] if index < len(self.marks) else ""


@dataclass(frozen=True)
class Section:
    """Either HTML the app rendered from its own (autoescaped) template, or a table."""

    html: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class AttachmentRef:
    """A stored PDF (e.g. a paper) appended at the end, which the requester may receive."""

    title: str
    storage_name: str
    sha256: str


@dataclass(frozen=True)
class DocumentContent:
    title: str
    sections: list[Section]
    filters: list[tuple[str, str]] = field(default_factory=list)
    subtitle: str = ""
    landscape: bool = False
    # A published document is the same for everyone: one stored copy serves every reader.
    public: bool = False
    attachments: list[AttachmentRef] = field(default_factory=list)
    filename: str = "document"

    @property
    def row_count(self) -> int:
        return sum(len(s.table.rows) for s in self.sections if s.table is not None)


def content_fingerprint(kind: str, content: DocumentContent) -> str:
    """SHA-256 of everything the document shows; equal fingerprints, equal documents."""
    payload = json.dumps(
        {"kind": kind, "content": asdict(content)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Chunk:
    """What one rendering task turns into pages."""

    index: int
    sections: list[dict[str, Any]]


def _table_slice(table: Table, start: int, stop: int, continued: bool) -> dict[str, Any]:
    caption = f"{table.caption} (continued)" if continued else table.caption
    total = sum(table.widths)
    return {
        "table": {
            "caption": caption,
            "columns": table.columns,
            "widths": [round(w * 100 / total, 2) for w in table.widths] if total else [],
            "fixed": bool(total) and table.fixed_layout,
            "rows": [{"cells": table.rows[i], "mark": table.mark(i)} for i in range(start, stop)],
        }
    }


# ``rows_per_chunk`` counts rows of a table this wide (the published register's columns);
# a wider table's rows are taller and heavier to lay out, so a chunk takes fewer of them:
# the secretary's 11-column register filled 28 pages a chunk against the published one's
# 14, and its workers peaked 30 MB higher (docs/adr/0024).
REFERENCE_COLUMNS = 9


def _row_cost(table: Table) -> int:
    return max(REFERENCE_COLUMNS, len(table.columns))


def plan_chunks(content: DocumentContent, rows_per_chunk: int) -> list[Chunk]:
    """Split the sections so that no chunk holds more than ``rows_per_chunk`` table rows of
    a table up to REFERENCE_COLUMNS wide, proportionally fewer of a wider one."""
    budget = rows_per_chunk * REFERENCE_COLUMNS
    chunks: list[list[dict[str, Any]]] = [[]]
    used = 0
    for section in content.sections:
        if section.table is None:
            chunks[-1].append({"html": section.html})
            continue
        table = section.table
        cost = _row_cost(table)
        start = 0
        if not table.rows:
            chunks[-1].append(_table_slice(table, 0, 0, False))
        while start < len(table.rows):
            if used and used + cost > budget:
                chunks.append([])
                used = 0
            stop = min(len(table.rows), start + max(1, (budget - used) // cost))
            chunks[-1].append(_table_slice(table, start, stop, continued=start > 0))
            used += (stop - start) * cost
            start = stop
    return [Chunk(index, sections) for index, sections in enumerate(chunks)]
