"""The full register as a PDF at full scale, on real Celery workers: 1, then 2 workers.

Needs a broker (``BENCH_BROKER_URL``, else ``CELERY_BROKER_URL``): the workers share the
benchmark database and the broker, as a deployment's do. Each run reports wall time, the
CPU seconds each worker used (what the machine's load moves least), pages and each
worker's peak memory, with the load average before and after.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.test import override_settings

from core.documents import services
from core.documents.models import IssuedDocument
from core.tasks import render_document
from interests.documents import FULL_REGISTER
from interests.models import Interest
from tests.benchmarks.scale.results import Results

TIMEOUT_SECONDS = int(os.environ.get("BENCH_PDF_TIMEOUT", "3600"))


def _render(workers: object, count: int, secretary: User) -> dict[str, float]:
    from tests.core.test_document_worker import Workers, cpu_seconds

    assert isinstance(workers, Workers)
    IssuedDocument.objects.filter(kind=FULL_REGISTER).delete()  # rendered afresh each time
    pool = [workers.start() for _ in range(count)]
    workers.wait_until_ready(seconds=300)  # slow to start on a loaded machine
    cpu_before = [cpu_seconds(p.pid) for p in pool]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    document = services.document_request(
        kind=FULL_REGISTER,
        params={},
        user=secretary,
        check_url="http://testserver/documents/check/",
    )
    asked = time.perf_counter() - start
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while document.status not in ("ready", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    wall = time.perf_counter() - start
    cpu = [cpu_seconds(p.pid) - before for p, before in zip(pool, cpu_before, strict=True)]
    peaks = workers.peak_memory_mb()
    workers.stop()
    workers.processes.clear()
    workers.hostnames.clear()
    workers.logs.clear()
    return {
        "ready": float(document.status == "ready"),
        "wall": wall,
        "asked": asked,
        "cpu": sum(cpu),
        "cpu_max": max(cpu),
        "peak": max(peaks) if peaks else 0.0,
        "pages": float(document.pages_total or 0),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def _runs(
    workers: object, secretary: User, results: Results, rows: int
) -> dict[int, dict[str, Any]]:
    runs: dict[int, dict[str, Any]] = {}
    for count in (1, 2):
        run = _render(workers, count, secretary)
        runs[count] = run
        results.figure(
            "pdf",
            f"full register ({rows:,} entries), {count} worker{'s' if count > 1 else ''}",
            f"{'ready' if run['ready'] else 'NOT READY'}: {run['pages']:.0f} pages in "
            f"{run['wall']:.1f} s (request {run['asked']:.1f} s), CPU {run['cpu']:.0f} s "
            f"in all, peak {run['peak']:.0f} MB per worker, load {run['load_before']:.1f} "
            f"before, {run['load_after']:.1f} after",
        )
    return runs


def bench_pdf(results: Results) -> None:
    from ccg_governance.celery import app
    from tests.core.test_document_worker import Workers

    broker = os.environ.get("BENCH_BROKER_URL") or settings.CELERY_BROKER_URL
    if not broker:
        print("  pdf: no broker (BENCH_BROKER_URL or CELERY_BROKER_URL): skipped")
        return
    secretary = User.objects.get(username="scale.secretary")
    rows = Interest.objects.exclude(status=Interest.Status.DRAFT).count()
    media = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    workers = Workers(broker, media, visibility_timeout=TIMEOUT_SECONDS)

    def enqueue(pk: int) -> None:
        render_document.apply_async((pk,), queue=workers.queue)

    services.set_enqueue(enqueue)
    app.conf.task_always_eager = False
    try:
        # The request and the workers share one media folder, as a deployment's instances
        # share storage.
        with override_settings(MEDIA_ROOT=str(media)):
            runs = _runs(workers, secretary, results, rows)
    finally:
        workers.stop()
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    if not all(r["ready"] for r in runs.values()):
        results.aim("full register PDF: documents not made", 0, 1, "documents")
        return
    results.aim(
        "full register PDF: peak memory per worker",
        250,
        max(r["peak"] for r in runs.values()),
        "MB",
    )
    results.aim(
        "full register PDF: wall time, 2 workers / 1 worker",
        0.6,
        runs[2]["wall"] / runs[1]["wall"],
        "ratio",
    )
    results.figure(
        "pdf",
        "CPU per 1,000 entries (1 worker, 2 workers)",
        f"{runs[1]['cpu'] / rows * 1000:.1f} s, {runs[2]['cpu'] / rows * 1000:.1f} s",
    )
