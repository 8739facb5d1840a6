"""Every CSV download writes its dates one way: ISO 8601."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.csv_export import csv_date, csv_datetime, safe_cell
from tests.conftest import login

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$")
# Day-first dates like 01/11/2026, or 1 Nov 2026, in a date column.
OTHER_DATES = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2} [A-Z][a-z]{2,8} \d{4}")


def _rows(response: Any) -> list[list[str]]:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))


def test_dates_and_moments_are_written_as_iso_8601(settings: Any) -> None:
    settings.TIME_ZONE = "Europe/London"
    summer = timezone.make_aware(datetime.datetime(2026, 7, 1, 14, 5))
    assert csv_date(datetime.date(2026, 11, 1)) == "2026-11-01"
    assert csv_date(summer) == "2026-07-01"
    assert csv_datetime(summer) == "2026-07-01T14:05+01:00"
    assert safe_cell(datetime.date(2026, 11, 1)) == "2026-11-01"
    assert safe_cell(None) == "" and csv_date(None) == ""


@pytest.mark.django_db
def test_every_register_csv_has_iso_8601_dates(client: Client, secretary: Any) -> None:
    call_command("seed_demo", verbosity=0)
    login(client, secretary)
    exports = {
        "register_full_csv": ("Date from", "Date to", "Submitted"),
        "published_register_csv": ("Date from", "Date to"),
        "gift_register_csv": ("Date offered", "Recorded at", "Last changed at"),
        "gift_published_csv": ("Date offered",),
    }
    for name, columns in exports.items():
        header, *rows = _rows(client.get(reverse(name)))
        assert rows, name
        for column in columns:
            index = header.index(column)
            values = [row[index] for row in rows if row[index]]
            assert values, (name, column)
            pattern = MOMENT if column.endswith("at") else DAY
            bad = [v for v in values if not pattern.match(v)]
            assert bad == [], (name, column, bad[:3])
        for row in rows:
            assert not any(OTHER_DATES.fullmatch(cell) for cell in row), (name, row)
