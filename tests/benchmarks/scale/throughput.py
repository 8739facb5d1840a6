"""Requests a second under load: gunicorn on loopback, driven by locust for a bounded time.

The published register and the recusal matrix are measured against a trivial
view (``/healthz``) in the same run, so the figure is a ratio that the machine's
speed mostly cancels out. Then two gunicorn instances on two ports against the
one PostgreSQL show the web tier is stateless: the load is split between them
and every request is still answered.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.benchmarks.scale.pages import busiest_upcoming_meeting
from tests.benchmarks.scale.results import Results

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
USERS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
# Three loopback ports from here (8100-8102 unless BENCH_PORT says otherwise).
PORT = int(os.environ.get("BENCH_PORT", "8100"))


BENCH_SECRET_KEY = "bench-only-not-secret-" + "x" * 40


def _server_env() -> dict[str, str]:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "ccg_governance.settings.production",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://bench.invalid",  # production insists on https; unused here
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        # Persistent connections, as any deployment keeps them (or PgBouncer does).
        "DATABASE_CONN_MAX_AGE": "60",
        # One shared cache for every instance (Redis), as a deployment past one machine has;
        # unset, each worker process keeps its own.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", os.environ.get("CACHE_URL", "")),
    }


def collect_static() -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=_server_env(),
        check=True,
    )


@contextmanager
def gunicorn(port: int, workers: int) -> Iterator[str]:
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ccg_governance.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=_server_env(),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _session_cookie() -> str:
    """A signed-in secretary's session, past two-factor sign-in (tests.conftest.login),
    signed with the servers' secret key so that they accept it."""
    from django.test import override_settings

    from tests.benchmarks.scale.pages import secretary_client

    with override_settings(SECRET_KEY=BENCH_SECRET_KEY):
        client = secretary_client()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def load(hosts: list[str], path: str, cookie: str = "") -> tuple[float, float, int]:
    """(requests a second, 95th percentile ms, failures) for ``path`` over ``SECONDS``."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "run"
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                f"--users={USERS}",
                f"--spawn-rate={USERS}",
                f"--run-time={SECONDS}s",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=ERROR",
            ],
            cwd=ROOT,
            env=os.environ
            | {"BENCH_HOSTS": ",".join(hosts), "BENCH_PATH": path, "BENCH_COOKIE": cookie},
            capture_output=True,
            check=False,
        )
        with open(f"{prefix}_stats.csv", newline="") as stats:
            total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return float(total["Requests/s"]), float(total["95%"]), int(total["Failure Count"])


def bench_throughput(results: Results) -> None:
    collect_static()
    cookie = _session_cookie()
    matrix = reverse("recusal_matrix", args=[busiest_upcoming_meeting().pk])
    with gunicorn(PORT, workers=4) as server:
        baseline, baseline_p95, _ = load([server], "/healthz")
        register, register_p95, register_failed = load([server], reverse("published_register"))
        matrix_rps, matrix_p95, matrix_failed = load([server], matrix, cookie)
    results.figure(
        "throughput", "trivial view (/healthz)", f"{baseline:.0f} req/s, p95 {baseline_p95:.0f} ms"
    )
    results.figure(
        "throughput",
        "published register",
        f"{register:.1f} req/s ({register / baseline:.0%} of trivial), p95 {register_p95:.0f} ms, "
        f"{register_failed} failed",
    )
    results.figure(
        "throughput",
        "recusal matrix (signed in)",
        f"{matrix_rps:.1f} req/s ({matrix_rps / baseline:.0%} of trivial), p95 {matrix_p95:.0f} ms, "
        f"{matrix_failed} failed",
    )
    results.aim(
        "published register throughput, share of the trivial view's",
        0.4,
        register / baseline,
        "ratio",
        below=False,
    )
    results.aim("published register p95 under load", 1000, register_p95, "ms")
    results.figure(
        "throughput", "recusal matrix, share of the trivial view's", round(matrix_rps / baseline, 3)
    )
    _two_instances(results)


def _two_instances(results: Results) -> None:
    path = reverse("published_register")
    with gunicorn(PORT + 1, workers=2) as one:
        single, single_p95, _ = load([one], path)
    with gunicorn(PORT + 1, workers=2) as first, gunicorn(PORT + 2, workers=2) as second:
        both, both_p95, failed = load([first, second], path)
    results.figure(
        "scale-out",
        "published register, one gunicorn (2 workers)",
        f"{single:.1f} req/s, p95 {single_p95:.0f} ms",
    )
    results.figure(
        "scale-out",
        "published register, two gunicorns (2 workers each), load split",
        f"{both:.1f} req/s, p95 {both_p95:.0f} ms, {failed} failed ({both / single:.2f}x one)",
    )
    results.aim("two instances: requests failed", 0, failed, "requests")
    results.figure("scale-out", "two instances / one (throughput)", round(both / single, 2))
