"""How a document is split into chunks for the workers: every row once, in order, and a
chunk of a wide table holds fewer rows than one of a narrow table."""

from __future__ import annotations

from core.documents.content import (
    REFERENCE_COLUMNS,
    DocumentContent,
    Section,
    Table,
    plan_chunks,
)


def _table(columns: int, rows: int, caption: str = "Register") -> Table:
    return Table(
        caption=caption,
        columns=[f"Column {c}" for c in range(columns)],
        rows=[[f"row {r} cell {c}" for c in range(columns)] for r in range(rows)],
    )


def _rows_per_chunk(content: DocumentContent, rows_per_chunk: int) -> list[list[str]]:
    return [
        [row["cells"][0] for section in chunk.sections for row in section["table"]["rows"]]
        for chunk in plan_chunks(content, rows_per_chunk)
    ]


def test_every_row_is_in_one_chunk_in_order() -> None:
    content = DocumentContent(
        title="Registers",
        sections=[
            Section(table=_table(REFERENCE_COLUMNS, 25, "First")),
            Section(table=_table(REFERENCE_COLUMNS, 7, "Second")),
        ],
    )
    chunks = _rows_per_chunk(content, 10)
    assert [len(rows) for rows in chunks] == [10, 10, 10, 2]
    flat = [cell for rows in chunks for cell in rows]
    assert flat == [f"row {r} cell 0" for r in range(25)] + [f"row {r} cell 0" for r in range(7)]


def test_a_wider_table_puts_fewer_rows_in_a_chunk() -> None:
    narrow = DocumentContent(title="Published", sections=[Section(table=_table(7, 100))])
    reference = DocumentContent(
        title="Published", sections=[Section(table=_table(REFERENCE_COLUMNS, 100))]
    )
    wide = DocumentContent(
        title="Full", sections=[Section(table=_table(REFERENCE_COLUMNS * 2, 100))]
    )
    assert {len(rows) for rows in _rows_per_chunk(narrow, 20)} == {20}
    assert {len(rows) for rows in _rows_per_chunk(reference, 20)} == {20}
    assert {len(rows) for rows in _rows_per_chunk(wide, 20)} == {10}


def test_a_table_continued_in_the_next_chunk_says_so() -> None:
    content = DocumentContent(title="Register", sections=[Section(table=_table(9, 5))])
    chunks = plan_chunks(content, 3)
    captions = [section["table"]["caption"] for chunk in chunks for section in chunk.sections]
    assert captions == ["Register", "Register (continued)"]


def test_a_chunk_size_smaller_than_a_wide_row_still_makes_progress() -> None:
    content = DocumentContent(title="Full", sections=[Section(table=_table(30, 3))])
    assert [len(rows) for rows in _rows_per_chunk(content, 1)] == [1, 1, 1]
