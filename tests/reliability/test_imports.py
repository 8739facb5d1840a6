"""Imports off the request and uploads bounded by work (issue 15).

Before: a 12 KB CSV with 3,000 repeated headings parsed in 44 s (cubic), an XLSX with 400,000
blank rows took 28 s (blank rows counted towards no limit), every preview parsed the file
again, and the commit ran in the request recomputing access once per person. Timings are
measured by ``python -m tests.benchmarks.imports`` (not asserted here)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interests.models import ImportBatch, Interest, Member, Organisation
from interests.selectors import import_tables
from interests.services import import_jobs as jobs
from interests.tabular import MAX_COLUMNS, MAX_ROWS_READ, TableError, table_read
from tests.conftest import login
from tests.interests import test_org_import as orgs
from tests.interests import test_people_import as staff
from tests.interests.test_register_import import (  # the register import's own helpers
    a_row,
    commit,
    csv_bytes,
    page_text,
    upload_and_map,
)
from tests.meetings.conftest import Story


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
    assert cache.get(import_tables._table_key(batch)) is not None
    ImportBatch.objects.filter(pk=batch.pk).update(encoding="windows-1252")
    batch.refresh_from_db()
    assert cache.get(import_tables._table_key(batch)) is None  # keyed by what was parsed


@pytest.fixture
def secretary_with_broker(client: Any, secretary: Any, real_broker: Any) -> Any:
    """The secretary signed in, with tasks sent to the broker instead of run in-process."""
    return login(client, secretary)


def _may_open(member: Member, paper: Any) -> bool:
    return User.objects.get(pk=member.user_id).has_perm("meetings.view_paper", paper)


def _rows_for(members: list[Member], count: int, first: datetime.date) -> list[dict[str, str]]:
    """``count`` sound rows spread over ``members``, each with a start date of its own."""
    return [
        a_row(
            Name=members[n % len(members)].full_name,
            Role=members[n % len(members)].job_title,
            Organisation="Northfield Community Trust",  # a bidder on the story's lot
            Description=f"Director, entry {n}",
            Date_from=f"{first + datetime.timedelta(days=n):%d/%m/%Y}",
        )
        for n in range(count)
    ]


def _queued_and_run(client: Any, content: bytes, capture: Any) -> tuple[ImportBatch, int]:
    """Upload and map ``content``, press Import (which only queues), then run the job as a
    worker would; the job's number of queries."""
    batch = upload_and_map(client, content)
    with capture(execute=False) as queued:
        response = commit(client, batch)
    assert response.status_code == 302
    assert len(queued) == 1  # the task is sent after the commit, not before
    assert Interest.objects.filter(import_batch=batch).count() == 0
    with CaptureQueriesContext(connection) as job_queries:
        assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE
    return batch, len(job_queries)


def test_the_commit_returns_at_once_and_the_job_imports_once(
    story: Story,
    signed_in: Any,
    real_broker: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """With a broker, the request only queues the job (sent after the commit) and the page
    shows its state; the job imports all or nothing, withdraws the papers the imported
    interests conflict, and recomputes access once per import: its queries do not grow
    with the rows (once per person, 2,500 rows took 31.6 s)."""
    paper = story.award_paper  # Part II: the lot the federation and the trust bid for
    assert _may_open(story.lay, paper)

    two = _rows_for([story.lay, story.nurse], 2, datetime.date(2015, 4, 1))
    batch = upload_and_map(signed_in, csv_bytes(two))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = commit(signed_in, batch)
    assert response.status_code == 302 and len(queued) == 1
    page = page_text(signed_in.get(response["Location"]))
    assert "Importing register.csv" in page and "Queued" in page
    assert Interest.objects.filter(import_batch=batch).count() == 0
    assert _may_open(story.lay, paper)
    # While it is queued the preview leads to its progress; a second click queues nothing.
    assert (
        signed_in.get(reverse("register_import_preview", args=[batch.pk]))["Location"]
        == (response["Location"])
    )
    again = commit(signed_in, batch, fingerprint="the same click, twice")
    assert again.status_code == 302
    with CaptureQueriesContext(connection) as two_rows:
        assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE
    assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE  # redelivered: no-op
    assert Interest.objects.filter(import_batch=batch).count() == 2
    assert not _may_open(story.lay, paper)  # conflicted: the Part II paper is withdrawn
    assert "Register imported" in page_text(signed_in.get(response["Location"]))
    refreshed = signed_in.get(response["Location"], HTTP_HX_REQUEST="true")
    assert refreshed["HX-Refresh"] == "true"  # the progress page's poll loads the result

    people = [story.vice, story.reserve_gp, story.single_gp, story.nurse, story.lay]
    twenty = _rows_for(people, 20, datetime.date(2016, 4, 1))
    bigger, twenty_rows = _queued_and_run(
        signed_in, csv_bytes(twenty), django_capture_on_commit_callbacks
    )
    assert Interest.objects.filter(import_batch=bigger).count() == 20
    assert twenty_rows <= len(two_rows), (len(two_rows), twenty_rows)


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
    assert jobs.import_job_run(batch_id=batch.pk) == jobs.REFUSED
    page = page_text(signed_in.get(reverse("register_import_result", args=[batch.pk])))
    assert "The preview has changed since you checked it" in page
    assert "Check the import" in page  # shown on the preview, checked again
    assert Interest.objects.count() == 0


def test_a_large_register_is_checked_by_a_job_and_the_commit_reads_the_kept_preview(
    signed_in: Any,
    people: Any,
    organisations: Any,
    real_broker: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    """Above the threshold, choosing the columns only queues the check; the preview page says
    the file is being checked, then shows the kept result; the commit does not check again."""
    settings.IMPORT_CHECK_IN_REQUEST_ROWS = {}  # every file is checked by a job
    rows = [a_row(), a_row(Name="Dr Ben Okafor", Organisation="Northfield GP Federation")]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = upload_and_map(signed_in, csv_bytes(rows))
    assert len(queued) == 1  # the check, sent after the commit
    waiting = page_text(signed_in.get(reverse("register_import_preview", args=[batch.pk])))
    assert "Checking the file…" in waiting and "Queued" in waiting
    assert jobs.import_job_run(batch_id=batch.pk, slot=jobs.CHECK) == jobs.DONE
    assert jobs.import_job_run(batch_id=batch.pk, slot=jobs.CHECK) == jobs.DONE  # again: no-op
    shown = signed_in.get(reverse("register_import_preview", args=[batch.pk]))
    assert "Import 2 entries" in page_text(shown)
    fingerprint = shown.context["preview"].fingerprint
    with (
        CaptureQueriesContext(connection) as request_queries,
        django_capture_on_commit_callbacks(execute=False),
    ):
        response = commit(signed_in, batch, fingerprint=fingerprint)
    assert response.status_code == 302
    register_reads = [q for q in request_queries if '"interests_interest"' in q["sql"]]
    assert not register_reads  # no dry run in the request
    assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE
    assert Interest.objects.count() == 2


# --- The people import ------------------------------------------------------------------


def _people_checked(client: Any, content: bytes, **options: Any) -> ImportBatch:
    """A staff list uploaded, its columns chosen and its dry run made (a job: each row runs
    the people screens' services, so only a handful of rows is checked in the request)."""
    batch = staff.upload_and_map(client, content, **options)
    assert jobs.import_job_run(batch_id=batch.pk, slot=jobs.CHECK) == jobs.DONE
    return batch


def test_a_people_import_is_queued_and_imported_once_with_the_leavers_ticked(
    secretary_with_broker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = secretary_with_broker
    first = _people_checked(client, staff.csv_bytes(*staff.clean_esr()))
    with django_capture_on_commit_callbacks(execute=False):
        staff.commit(client, first)
    assert jobs.import_job_run(batch_id=first.pk) == jobs.DONE  # everyone, then the full list
    headings, rows = staff.clean_esr()
    missing = {"30100226", "30100236"}
    batch = _people_checked(
        client,
        staff.csv_bytes(headings, [row for row in rows if row[0] not in missing]),
        name="full.csv",
        full=True,
    )
    hughes = Member.objects.get(staff_number="30100236")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        left_on = {"left_on_day": "30", "left_on_month": "11", "left_on_year": "2026"}
        response = staff.commit(client, batch, leavers=[str(hughes.pk)], **left_on)
    assert response.status_code == 302 and len(queued) == 1
    page = page_text(client.get(response["Location"]))
    assert "Importing full.csv" in page and "Queued" in page
    twice = client.post(reverse("people_import_commit", args=[batch.pk]), {"fingerprint": "x"})
    assert twice.status_code == 302  # a second click queues nothing more
    assert jobs.import_job(ImportBatch.objects.get(pk=batch.pk)).params["leaver_ids"] == [hughes.pk]

    assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE
    assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE  # redelivered: no-op
    hughes.refresh_from_db()
    assert not hughes.is_active and hughes.left_on == datetime.date(2026, 11, 30)
    assert Member.objects.get(staff_number="30100226").is_active  # not ticked
    assert "People imported" in page_text(client.get(response["Location"]))


def test_a_refused_people_import_shows_the_reason_and_the_leavers_ticked(
    secretary_with_broker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = secretary_with_broker
    batch = _people_checked(client, staff.csv_bytes(*staff.clean_esr()))
    people = Member.objects.count()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("people_import_commit", args=[batch.pk]), {"fingerprint": "stale"}
        )
    assert response.status_code == 302
    assert jobs.import_job_run(batch_id=batch.pk) == jobs.REFUSED
    page = page_text(client.get(response["Location"]))
    reason = "Nothing was imported: the people or committees have changed since the preview"
    assert reason in page and "Check the import of people" in page  # the preview, and why
    assert Member.objects.count() == people


def test_a_staff_list_is_checked_by_a_job(
    secretary_with_broker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A staff list of more than a handful of rows is checked by a job (the default)."""
    client = secretary_with_broker
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = staff.upload_and_map(client, staff.csv_bytes(*staff.clean_esr()))
    assert len(queued) == 1
    waiting = page_text(client.get(reverse("people_import_preview", args=[batch.pk])))
    assert "Checking the file…" in waiting
    assert jobs.import_job_run(batch_id=batch.pk, slot=jobs.CHECK) == jobs.DONE
    assert "Check the import of people" in page_text(staff.preview(client, batch))


# --- The organisation import -----------------------------------------------------------


def test_an_organisation_import_is_queued_and_imported_once(
    secretary_with_broker: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.IMPORT_CHECK_IN_REQUEST_ROWS = {}  # every file is checked by a job
    client = secretary_with_broker
    content = orgs.ods_file(orgs.ods_row(), orgs.ods_row("A81002", "QUEENS PARK"))
    with django_capture_on_commit_callbacks(execute=False) as checks:
        orgs.upload(client, content)
    batch = ImportBatch.objects.get()
    assert len(checks) == 1  # the file is checked by a job
    waiting = page_text(client.get(reverse("organisation_import_preview", args=[batch.pk])))
    assert "Checking the file…" in waiting
    assert jobs.import_job_run(batch_id=batch.pk, slot=jobs.CHECK) == jobs.DONE
    assert "3 to create" in page_text(
        client.get(reverse("organisation_import_preview", args=[batch.pk]))
    )

    url = reverse("organisation_import_commit", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url)
    assert response.status_code == 302 and len(queued) == 1
    assert client.post(url).status_code == 302  # a second click queues nothing more
    page = page_text(client.get(response["Location"]))
    assert "Importing epraccur.csv" in page and "Queued" in page
    assert Organisation.objects.count() == 0

    assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE
    assert jobs.import_job_run(batch_id=batch.pk) == jobs.DONE  # redelivered: no-op
    assert Organisation.objects.count() == 3
    assert "Imported: epraccur.csv" in page_text(client.get(response["Location"]))


def test_an_organisation_import_overtaken_shows_the_reason_on_the_new_preview(
    secretary_with_broker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = secretary_with_broker
    orgs.upload(client, orgs.ods_file(orgs.ods_row()))  # small: checked at once
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("organisation_import_commit", args=[batch.pk]))
    orgs.commit(orgs.ods_file(orgs.ods_row()))  # someone imports the same practice meanwhile
    assert jobs.import_job_run(batch_id=batch.pk) == jobs.REFUSED
    page = page_text(client.get(response["Location"], follow=True))
    assert "changed after this preview" in page
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.summary["organisations"] == {"create": 0, "update": 0, "unchanged": 2}
