"""Imports off the request and uploads bounded by work (issue 15).

Before: a 12 KB CSV with 3,000 repeated headings parsed in 44 s (cubic), an XLSX with 400,000
blank rows took 28 s (blank rows counted towards no limit), every preview parsed the file
again, and the commit ran in the request recomputing access once per person. Timings are
measured by ``python -m tests.benchmarks.imports`` (not asserted here)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from interests import hooks
from interests.models import ImportBatch, Interest
from interests.selectors import register_import as selectors
from interests.services import register_import_job as jobs
from interests.tabular import MAX_COLUMNS, MAX_ROWS_READ, TableError, table_read
from tests.interests.test_register_import import (  # the register import's own helpers
    a_row,
    commit,
    csv_bytes,
    page_text,
    upload_and_map,
)


def test_repeated_headings_are_numbered_in_linear_time() -> None:
    table = table_read(
        content=("A," * MAX_COLUMNS).rstrip(",").encode() + b"\n1\n", encoding="utf-8"
    )
    assert table.headings[:3] == ("A", "A (2)", "A (3)")
    assert table.headings[-1] == f"A ({MAX_COLUMNS})"
    assert len(set(table.headings)) == MAX_COLUMNS


def test_three_thousand_headings_are_refused_with_a_message() -> None:
    with pytest.raises(TableError, match="3,000 columns"):
        table_read(content=("A," * 3000).rstrip(",").encode() + b"\n1\n", encoding="utf-8")


def test_a_heading_too_long_is_refused() -> None:
    with pytest.raises(TableError, match="longer than 200 characters"):
        table_read(content=b"Name," + b"x" * 201 + b"\n1,2\n", encoding="utf-8")


def test_blank_rows_count_towards_the_limit() -> None:
    content = b"Name,Role\n" + b",\n" * MAX_ROWS_READ + b"Dr A,GP\n"
    with pytest.raises(TableError, match="counting blank ones"):
        table_read(content=content, encoding="utf-8")


def test_the_upload_is_parsed_once_and_kept_for_the_preview(
    signed_in: Any,
    people: Any,
    organisations: Any,
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row()]))
    assert cache.get(selectors._table_key(batch)) is not None
    ImportBatch.objects.filter(pk=batch.pk).update(encoding="windows-1252")
    batch.refresh_from_db()
    assert cache.get(selectors._table_key(batch)) is None  # keyed by what was parsed


def test_the_commit_returns_at_once_and_the_job_imports_once(
    signed_in: Any,
    people: Any,
    organisations: Any,
    real_broker: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a broker, the request only queues the job (sent after the commit) and the page
    shows its state; the job imports all or nothing and recomputes access once."""
    rows = [a_row(), a_row(Name="Dr Ben Okafor", Organisation="Northfield GP Federation")]
    batch = upload_and_map(signed_in, csv_bytes(rows))
    calls: list[str] = []
    monkeypatch.setattr(hooks, "notify_interest_changed", lambda i: calls.append("one"))
    real_notify = hooks.notify_register_imported

    def notify_all() -> None:
        calls.append("all")
        real_notify()

    monkeypatch.setattr(hooks, "notify_register_imported", notify_all)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = commit(signed_in, batch)
    assert response.status_code == 302
    assert len(queued) == 1  # the task is sent after the commit, not before
    page = page_text(signed_in.get(response["Location"]))
    assert "Importing register.csv" in page and "Queued" in page
    assert Interest.objects.count() == 0
    again = commit(signed_in, batch)  # a second click queues nothing more
    assert again.status_code == 302

    assert jobs.register_import_run(batch_id=batch.pk) == jobs.DONE
    assert jobs.register_import_run(batch_id=batch.pk) == jobs.DONE  # redelivered: no-op
    assert Interest.objects.count() == 2
    assert calls == ["all"]
    assert "Register imported" in page_text(signed_in.get(response["Location"]))


def test_a_job_refused_shows_the_reason_on_the_preview(
    signed_in: Any,
    people: Any,
    organisations: Any,
    real_broker: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row()]))
    with django_capture_on_commit_callbacks(execute=False):
        commit(signed_in, batch, fingerprint="stale")
    assert jobs.register_import_run(batch_id=batch.pk) == jobs.REFUSED
    page = page_text(signed_in.get(reverse("register_import_result", args=[batch.pk])))
    assert "The preview has changed since you checked it" in page
    assert Interest.objects.count() == 0
