"""Documents rendered by a real Celery worker on the real broker: a register in chunks
(a chord), and a job whose worker is killed mid-render, redelivered and finished."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from core.documents import services, storage
from core.documents.models import IssuedDocument
from core.roles import sync_roles
from core.tasks import render_document
from tests.interests.factories import InterestFactory, MemberFactory
from tests.pdf import page_texts, pdf_text, structure_problems

ROOT = Path(__file__).resolve().parents[2]
CHUNK_PEAK = re.compile(r"chunk \d+ rendered: \d+ pages, peak memory (\d+) MB")
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def cpu_seconds(pid: int) -> float:
    """The user and system CPU a process has used so far, with that of the children it
    forked and waited for (a worker's chunk processes), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


class Workers:
    def __init__(self, broker_url: str, media: Path, visibility_timeout: int = 4) -> None:
        self.queue = f"test-docs-{uuid.uuid4().hex[:10]}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ccg_governance.settings.base",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(visibility_timeout),
            "MEDIA_ROOT": str(media),
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.hostnames: list[str] = []
        self.logs: list[Path] = []

    def start(self) -> subprocess.Popen[bytes]:
        name = uuid.uuid4().hex[:8]
        # The worker's log says each chunk's peak memory (core.documents.services); kept
        # in a file a worker so that peak_memory_mb can count the processes it forked.
        log = Path(os.environ.get("TMPDIR", "/tmp")) / f"recuse-worker-{name}.log"
        self.logs.append(log)
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "ccg_governance", "worker", "--pool=solo",
                 "--queues", self.queue, "--hostname", f"{name}@recuse-test",
                 "--without-gossip", "--without-mingle", "--loglevel=INFO"],
                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=output,
            )  # fmt: skip
        self.processes.append(process)
        self.hostnames.append(f"{name}@recuse-test")
        return process

    def wait_until_ready(self, seconds: float = 120) -> None:
        """Until every worker started so far answers a ping (it has imported everything and
        is consuming), so that a measurement does not include starting up."""
        from ccg_governance.celery import app

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            answered = {name for reply in app.control.ping(timeout=1.0) for name in reply}
            if set(self.hostnames) <= answered:
                return
        raise AssertionError(f"workers not ready after {seconds} s")

    def peak_memory_mb(self) -> list[float]:
        """Each running worker's peak resident memory so far (Linux /proc), or the peak of
        a chunk it rendered in a child process (counting the pages the child shared with
        it), whichever is higher."""
        peaks = []
        for process, log in zip(self.processes, self.logs, strict=True):
            if process.poll() is None:
                status = Path(f"/proc/{process.pid}/status").read_text()
                line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
                children = [float(m) for m in CHUNK_PEAK.findall(log.read_text(errors="replace"))]
                peaks.append(max([int(line.split()[1]) / 1024, *children]))
        return peaks

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        for log in self.logs:
            log.unlink(missing_ok=True)


@pytest.fixture
def workers(real_broker, broker_url, settings, monkeypatch):
    sync_roles()  # a transactional test before this one flushed the role groups
    pool = Workers(broker_url, Path(settings.MEDIA_ROOT))
    monkeypatch.setattr(
        services, "_enqueue", lambda pk: render_document.apply_async((pk,), queue=pool.queue)
    )
    yield pool
    pool.stop()


def _ask_for_the_register() -> IssuedDocument:
    return services.document_request(
        kind="interests.published_register",
        params={},
        user=_anonymous(),
        check_url="http://testserver/documents/check/",
    )


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _wait_for(document: IssuedDocument, statuses: set[str], seconds: float) -> IssuedDocument:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in statuses:
            return document
        time.sleep(0.2)
    raise AssertionError(f"still {document.status} after {seconds} s")


def _members(count: int, interests_each: int) -> None:
    for n in range(count):
        member = MemberFactory(first_name=f"Given{n}", last_name=f"Family{n:04d}", email="")
        for m in range(interests_each):
            InterestFactory(declarant=member, organisation__name=f"Org {n}-{m}")


def test_a_real_worker_renders_a_register_in_parallel_chunks(workers, settings):
    settings.PDF_CHUNK_ROWS = 4
    _members(5, 2)
    workers.start()
    workers.start()
    document = _wait_for(_ask_for_the_register(), {"ready", "failed"}, 120)
    assert document.status == "ready", document.error
    assert document.chunks_total == 3 and document.chunks_done == 3
    data = storage.media_path(document.file.name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    texts = page_texts(data)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    text = pdf_text(data)
    assert all(f"Org {n}-{m}" in text for n in range(5) for m in range(2))
    # three chunks, rendered apart, are one valid structure tree
    assert structure_problems(data) == []


def test_a_worker_killed_mid_job_leaves_no_file_and_the_job_finishes_on_redelivery(
    workers, settings
):
    settings.PDF_CHUNK_ROWS = 1000
    _members(120, 2)  # one chunk of 240 rows: several seconds of rendering
    first = workers.start()
    document = _wait_for(_ask_for_the_register(), {"rendering"}, 60)
    time.sleep(1.0)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    document.refresh_from_db()
    assert document.status == "rendering" and not document.file
    final = storage.media_path(storage.final_name(document))
    assert not final.exists()
    assert not storage.chunk_pdf(document, 0).exists()

    workers.start()  # the message was never acknowledged: Redis hands it out again
    document = _wait_for(document, {"ready", "failed"}, 180)
    assert document.status == "ready", document.error
    data = final.read_bytes()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert "Org 119-1" in pdf_text(data)
    assert not list(final.parent.glob(".*.part"))
    assert not storage.work_dir(document).exists()
