"""A task travels through the real broker to a real worker process and back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from ccg_governance.tasks import worker_echo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_process(broker_url):
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ccg_governance.settings.base"}
    env["CELERY_BROKER_URL"] = broker_url
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ccg_governance",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--hostname",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.worker
def test_task_result_comes_back_from_a_separate_worker_process(real_broker, worker_process):
    process, queue = worker_process
    result = worker_echo.apply_async(args=("hello from the test",), queue=queue)

    outcome = result.get(timeout=60)

    assert outcome["payload"] == "hello from the test"
    assert outcome["handled_by"].endswith(f":{process.pid}")
    assert process.pid != os.getpid()
