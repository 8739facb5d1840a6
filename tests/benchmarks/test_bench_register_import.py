"""The register import at 2,500 and 10,000 rows, as the issue measured it (issue 15).

With about 2,700 interests on the register and 32 meetings from today on, it times each
request of the journey (upload, columns, preview, commit) and the two jobs (the check, the
import). The columns and commit requests only queue a job, and the preview page reads the
check's kept result, so each must return within 2 s whatever the size; the jobs' time is
what the worker spends. Before, the commit ran in the request:
31.6 s for 2,500 rows, and 10,000 rows outlived gunicorn's timeout.

    make bench BENCH_ARGS=-ktest_bench_register_import
"""

from __future__ import annotations

import csv
import datetime
import io
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.roles import Role, sync_roles
from interests.models import ImportBatch, Interest, Organisation
from interests.services import import_jobs as jobs
from meetings.models import CommitteeMembership
from meetings.services.agenda import item_save
from meetings.services.meetings import meeting_create
from tests.conftest import login
from tests.interests.factories import MemberFactory
from tests.meetings.factories import CommitteeFactory

HEADINGS = ["Name", "Type of interest", "Description", "Organisation", "Date from", "Nature"]


def _seed() -> tuple[Any, list[Any], list[Organisation]]:
    sync_roles()
    secretary = MemberFactory(user__username="bench.secretary", user__roles=[Role.SECRETARY])
    members = [MemberFactory(user__roles=[Role.MEMBER]) for _ in range(300)]
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench Practice {n:03d}", kind="gp_practice") for n in range(120)
    )
    Interest.objects.bulk_create(
        Interest(
            declarant=members[n % len(members)],
            category="financial",
            organisation=organisations[n % len(organisations)],
            nature="partner",
            description=f"Existing {n}",
            start_date=datetime.date(2020, 4, 1),
            status="submitted",
            submitted_at=timezone.now(),
        )
        for n in range(2700)
    )
    for c in range(4):
        committee = CommitteeFactory(name=f"Bench committee {c}")
        for member in members[c * 12 : c * 12 + 12]:
            CommitteeMembership.objects.create(
                committee=committee, member=member, start_date=datetime.date(2020, 1, 1)
            )
        for m in range(8):
            meeting = meeting_create(
                actor=secretary.user,
                committee=committee,
                starts_at=timezone.now() + datetime.timedelta(days=7 + m * 14),
            )
            item_save(
                actor=secretary.user,
                meeting=meeting,
                title="Contract award",
                purpose="decision",
                part="II",
                affected_organisations=organisations[m * 5 : m * 5 + 5],
            )
    return secretary, members, organisations


def _file(rows: int, members: list[Any], organisations: list[Organisation]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    for n in range(rows):
        member = members[n % len(members)]
        writer.writerow(
            [
                member.full_name,
                "Financial",
                f"Imported {n}",
                organisations[(n // len(members)) % len(organisations)].name,
                "01/04/2015",
                "Partner",
            ]
        )
    return buffer.getvalue().encode()


def _timed(label: str, action: Any) -> Any:
    started = time.perf_counter()
    result = action()
    print(f"\nBENCH register import {label}: {time.perf_counter() - started:.2f} s")
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2500, 10000])
def test_bench_register_import(
    rows: int, real_broker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    secretary, members, organisations = _seed()
    client = login(Client(), secretary)
    content = _file(rows, members, organisations)
    print(f"\n{rows} rows, {len(content) / 1024:.0f} KB, {Interest.objects.count()} interests")
    _timed(
        f"{rows} rows: upload request",
        lambda: client.post(
            reverse("register_import_upload"),
            {"file": SimpleUploadedFile("bench.csv", content), "encoding": "utf-8"},
        ),
    )
    batch = ImportBatch.objects.latest("pk")
    form = client.get(reverse("register_import_columns", args=[batch.pk])).context["form"]
    mapping = {key: form[key].value() or "" for key in form.fields}
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _timed(
            f"{rows} rows: COLUMNS REQUEST (queues the check)",
            lambda: client.post(reverse("register_import_columns", args=[batch.pk]), mapping),
        )
    assert len(queued) == 1
    checked = _timed(
        f"{rows} rows: the check job (worker time)",
        lambda: jobs.import_job_run(batch_id=batch.pk, slot=jobs.CHECK),
    )
    assert checked == jobs.DONE
    page = _timed(
        f"{rows} rows: PREVIEW PAGE (the kept check)",
        lambda: client.get(reverse("register_import_preview", args=[batch.pk])),
    )
    preview = page.context["preview"]
    assert not preview.has_errors, preview.rows_errors_first[:3]
    with django_capture_on_commit_callbacks(execute=False):
        response = _timed(
            f"{rows} rows: COMMIT REQUEST (queues the job)",
            lambda: client.post(
                reverse("register_import_commit", args=[batch.pk]),
                {"fingerprint": preview.fingerprint},
            ),
        )
    assert response.status_code == 302
    state = _timed(
        f"{rows} rows: the import job (worker time)",
        lambda: jobs.import_job_run(batch_id=batch.pk),
    )
    assert state == jobs.DONE, jobs.import_job(ImportBatch.objects.get(pk=batch.pk))
    print(f"imported {ImportBatch.objects.get(pk=batch.pk).summary.get('imported')}")
