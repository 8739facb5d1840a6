"""CSV downloads that are safe to open in a spreadsheet, with one date format.

Every date in every CSV is ISO 8601: ``2026-11-01`` for a day, ``2026-11-01T14:05+00:00``
for a moment (local time, with its offset from UTC), so a spreadsheet or a script reads
each register the same way.
"""

from __future__ import annotations

import csv
import datetime
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_date(value: datetime.date | datetime.datetime | None) -> str:
    """A day as ISO 8601 (a moment gives its local day)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().isoformat()
    return value.isoformat()


def csv_datetime(value: datetime.datetime | None) -> str:
    """A moment as ISO 8601, in local time with its offset: 2026-11-01T14:05+00:00."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.isoformat(timespec="minutes")


def safe_cell(value: Any) -> str:
    """Neutralise spreadsheet formulas (CSV injection): prefix them with a quote; write
    dates in ISO 8601.

    Spreadsheets read full-width "＝", "＋", "－" and "＠" as their ASCII forms, so the
    check is made on the NFKC-normalised text (the cell itself is kept as written).
    """
    if isinstance(value, datetime.datetime):
        return csv_datetime(value)
    if isinstance(value, datetime.date):
        return csv_date(value)
    text = "" if value is None else str(value)
    if unicodedata.normalize("NFKC", text).startswith(_FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"  # BOM so Excel reads UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
