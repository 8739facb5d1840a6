"""The published registers offered as open data, each read through the published selector
its own public page uses: nothing reaches a dataset that its public page would not show."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from compliance.selectors.breaches import published_breaches
from compliance.selectors.register import PUBLISHED_COLUMNS as BREACH_COLUMNS
from compliance.selectors.register import published_rows as breach_rows
from core.publication import REGISTER_OF_INTERESTS
from interests.presenters import PUBLISHED_COLUMNS as INTEREST_COLUMNS
from interests.selectors import gifts
from interests.selectors.register import published_entries, register_rows_streamed
from procurements.selectors.register import COLUMNS as PROCUREMENT_COLUMNS
from procurements.selectors.register import register_csv_rows_streamed


def field_name(header: str) -> str:
    """ "Date from" -> "date_from": the column as a JSON key and a Table Schema field."""
    return re.sub(r"[^a-z0-9]+", "_", header.lower()).strip("_")


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    headers: tuple[str, ...]
    cells: Callable[[], Iterable[Sequence[Any]]]
    publication: str = ""  # a core.publication page whose version changes with the data

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(field_name(h) for h in self.headers)

    def records(self) -> Iterable[dict[str, str]]:
        for row in self.cells():
            yield {f: "" if v is None else str(v) for f, v in zip(self.fields, row, strict=True)}


def _interests() -> Iterable[Sequence[Any]]:
    return (row.published_cells() for row in register_rows_streamed(published_entries()))


def _gifts() -> Iterable[Sequence[Any]]:
    entries = gifts.published_gift_entries()
    return gifts.published_csv_rows(gifts.published_rows_streamed(entries))


def _procurement_decisions() -> Iterable[Sequence[Any]]:
    return register_csv_rows_streamed(public=True)


def _breaches() -> Iterable[Sequence[Any]]:
    return (row.cells() for row in breach_rows(list(published_breaches())))


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "interests",
            "Register of interests",
            "The published register of interests of decision-making staff (NHS England's "
            "template columns); withheld entries are not in it.",
            tuple(INTEREST_COLUMNS),
            _interests,
            REGISTER_OF_INTERESTS,
        ),
        Dataset(
            "gifts-and-hospitality",
            "Gifts and hospitality",
            "The published register of gifts and hospitality offered, accepted or declined.",
            tuple(gifts.PUBLISHED_CSV_HEADER),
            _gifts,
        ),
        Dataset(
            "procurement-decisions",
            "Procurement decisions",
            "The published procurement decisions register: one row per award decision.",
            tuple(PROCUREMENT_COLUMNS),
            _procurement_decisions,
        ),
        Dataset(
            "breaches",
            "Breaches of the conflicts of interest policy",
            "The anonymised published breaches register, in the Conflicts of Interest "
            "Guardian's own words.",
            tuple(BREACH_COLUMNS),
            _breaches,
        ),
    )
}


def table_schema(dataset: Dataset) -> dict[str, Any]:
    """A Frictionless Table Schema describing the dataset's CSV file (every cell is text as
    the register shows it: dates and amounts are written as people read them)."""
    return {
        "fields": [
            {"name": name, "title": header, "type": "string"}
            for name, header in zip(dataset.fields, dataset.headers, strict=True)
        ],
        "missingValues": [""],
    }
