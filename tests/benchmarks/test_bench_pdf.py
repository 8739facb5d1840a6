"""PDF registers at scale: the one-pass baseline, then the full register of 10,000 interests
(2,000 members) rendered in chunks by 1 and by 2 real Celery workers, and time against rows.

Needs PostgreSQL and Redis (the workers share the database and the broker). Prints figures;
asserts only that the documents were made. Each figure comes with the load average at the
time and the CPU seconds each process used: on a shared machine wall time depends on what
else runs, CPU seconds much less, so the two together say what the machine would do alone.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from core.documents import services
from core.documents.models import IssuedDocument
from core.tasks import render_document
from interests.models import Interest, Member, Organisation
from tests.core.test_document_worker import Workers, cpu_seconds

pytestmark = pytest.mark.django_db(transaction=True)

BASELINE = r"""
import json, resource, sys, time
from weasyprint import HTML
rows = int(sys.argv[1])
body = "".join(
    "<tr>" + "".join(f"<td>Row {n} column {c}</td>" for c in range(7)) + "</tr>" for n in range(rows)
)
html = ("<html lang='en'><head><style>thead{display:table-header-group} tr{break-inside:avoid}"
        "table{border-collapse:collapse} td,th{border:1px solid #999;font-size:9pt}</style></head>"
        "<body><table><thead><tr>" + "".join(f"<th>Column {c}</th>" for c in range(7))
        + "</tr></thead><tbody>" + body + "</tbody></table></body></html>")
start = time.perf_counter()
document = HTML(string=html).render()
data = document.write_pdf()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"pages": len(document.pages), "seconds": time.perf_counter() - start,
                  "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}))
"""


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def _baseline(rows: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", BASELINE, str(rows)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _add_people(first: int, count: int, interests_each: int) -> None:
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench Practice {n:05d}", kind="gp_practice")
        for n in range(first, first + count)
    )
    members = Member.objects.bulk_create(
        Member(
            first_name=f"Given{n}",
            last_name=f"Family {n:05d}",
            job_title="GP partner",
            professional_role="gp",
            is_decision_maker=True,
        )
        for n in range(first, first + count)
    )
    now = timezone.now()
    Interest.objects.bulk_create(
        Interest(
            declarant=member,
            category="financial",
            organisation=organisation,
            nature="partner",
            description=f"Partner in the practice, interest {k + 1} of {interests_each}",
            start_date=datetime.date(2019, 4, 1),
            status="submitted",
            submitted_at=now,
        )
        for member, organisation in zip(members, organisations, strict=True)
        for k in range(interests_each)
    )


def _render(workers: Workers, count: int, rows: int, results: list[str]) -> dict[str, float]:
    IssuedDocument.objects.all().delete()  # no reuse: every run renders afresh
    pool = [workers.start() for _ in range(count)]
    workers.wait_until_ready()  # the clock starts once they are all consuming
    cpu_before = [cpu_seconds(p.pid) for p in pool]
    load_before = _load()
    start = time.perf_counter()
    document = services.document_request(
        kind="interests.published_register",
        params={},
        user=AnonymousUser(),
        check_url="http://testserver/documents/check/",
    )
    asked = time.perf_counter() - start
    while True:
        document.refresh_from_db()
        if document.status in ("ready", "failed"):
            break
        time.sleep(0.25)
    wall = time.perf_counter() - start
    assert document.status == "ready", document.error
    cpu = [cpu_seconds(p.pid) - before for p, before in zip(pool, cpu_before, strict=True)]
    peaks = workers.peak_memory_mb()
    workers.stop()
    workers.processes.clear()
    workers.hostnames.clear()
    workers.logs.clear()
    pages = document.pages_total or 0
    line = (
        f"BENCH PDF register of {rows:,} interests ({rows // 5:,} members), {count} "
        f"worker{'s' if count > 1 else ''}: {pages} pages in {wall:.1f} s "
        f"({pages / wall:.1f} pages/s, {wall / rows * 1000:.1f} s per 1,000 rows; "
        f"request {asked:.1f} s), {document.chunks_total} chunks of "
        f"{django_settings.PDF_CHUNK_ROWS}; CPU per worker "
        + ", ".join(f"{c:.0f} s" for c in cpu)
        + f" ({sum(cpu) / rows * 1000:.1f} CPU s per 1,000 rows); peak memory per worker "
        + ", ".join(f"{p:.0f} MB" for p in peaks)
        + f"; {load_before} before, {_load()} after"
    )
    print("\n" + line)
    results.append(line)
    return {"wall": wall, "cpu": sum(cpu), "peak": max(peaks)}


def test_bench_pdf_registers(real_broker, broker_url, settings, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("The PDF benchmark needs DATABASE_URL on PostgreSQL, shared with the workers")
    workers = Workers(broker_url, Path(settings.MEDIA_ROOT), visibility_timeout=600)
    monkeypatch.setattr(
        services, "_enqueue", lambda pk: render_document.apply_async((pk,), queue=workers.queue)
    )
    results: list[str] = []
    try:
        _add_people(0, 500, 5)  # 2,500 interests
        _render(workers, 2, 2_500, results)
        _add_people(500, 500, 5)  # 5,000
        _render(workers, 2, 5_000, results)
        _add_people(1000, 1000, 5)  # 10,000 interests, 2,000 members
        _render(workers, 1, 10_000, results)
        # The baseline and the register the target compares with, one after the other.
        load_before = _load()
        baseline = _baseline(10_000)
        line = (
            f"BENCH PDF baseline, bare 10,000-row 7-column table in one pass: "
            f"{baseline['pages']} pages in {baseline['seconds']:.1f} s "
            f"({baseline['pages'] / baseline['seconds']:.1f} pages/s), CPU {baseline['cpu']:.0f} s, "
            f"peak {baseline['peak_mb']:.0f} MB; {load_before} before, {_load()} after"
        )
        print("\n" + line)
        results.append(line)
        register = _render(workers, 2, 10_000, results)
        results.append(
            f"BENCH PDF register of 10,000 with 2 workers / baseline: wall "
            f"{register['wall'] / baseline['seconds']:.2f}x (target at most 0.5x); "
            f"CPU per worker (mean) / baseline CPU "
            f"{register['cpu'] / 2 / baseline['cpu']:.2f}x"
        )
    finally:
        workers.stop()
        print("\n\nPDF BENCHMARK SUMMARY\n" + "\n".join(results))
