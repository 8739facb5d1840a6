"""A Redis of the test's own on port 9121, which the test stops and starts (a broker outage).

``OWN_REDIS_PORT`` moves it (two checkouts testing side by side on one machine)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from kombu import pools as kombu_pools

PORT = int(os.environ.get("OWN_REDIS_PORT", "9121"))
URL = f"redis://127.0.0.1:{PORT}/0"


class OwnRedis:
    url = URL

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(PORT),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=PORT, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {PORT}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def queue_length(self, queue: str = "celery") -> int:
        return int(redis.Redis(port=PORT).llen(queue))


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    if shutil.which("redis-server") is None:
        # The outage cannot be faked: a missing server fails the run rather than hiding
        # the tests (CI installs it; .ci/run).
        pytest.fail(
            "redis-server is not installed, so the broker-outage tests cannot start and stop "
            "a Redis of their own: install it (apt-get install redis-server)"
        )
    server = OwnRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def app_broker(app: Any, url: str) -> Iterator[None]:
    """Point the Celery app at ``url`` for the block (its pools rebuilt either side)."""

    def reset() -> None:
        app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        kombu_pools.reset()  # producer pools are kept per connection, process-wide

    # The settings' CELERY_BROKER_URL shadows ``broker_url``; the write URL takes precedence.
    old, eager = app.conf.broker_write_url, app.conf.task_always_eager
    reset()
    app.conf.broker_write_url, app.conf.task_always_eager = url, False
    try:
        yield
    finally:
        reset()
        app.conf.broker_write_url, app.conf.task_always_eager = old, eager
