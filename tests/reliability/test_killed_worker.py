"""A worker killed while it imports a register: the job is delivered again within the
configured visibility timeout (4 s here; Redis's own default is an hour) and imports the file
once. The broker is a Redis of the test's own on port 9121."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from django.db import connection

from ccg_governance.celery import app
from interests import tasks
from interests.models import ImportBatch, Interest
from interests.services import import_jobs as jobs
from tests.core.test_document_worker import Workers
from tests.interests.test_register_import import a_row, commit, csv_bytes, upload_and_map
from tests.reliability.own_redis import OwnRedis, app_broker, own_redis  # noqa: F401

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

VISIBILITY_TIMEOUT = 4


def _lock_waits() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return int(cursor.fetchone()[0])


def test_a_killed_workers_import_is_redelivered_and_imported_once(
    own_redis: OwnRedis,  # noqa: F811
    signed_in: Any,
    people: Any,
    organisations: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [a_row(), a_row(Name="Dr Ben Okafor", Organisation="Northfield GP Federation")]
    batch = upload_and_map(signed_in, csv_bytes(rows))
    pool = Workers(own_redis.url, Path(settings.MEDIA_ROOT), VISIBILITY_TIMEOUT)
    monkeypatch.setattr(
        tasks.import_job_task,
        "delay",
        lambda pk, slot: tasks.import_job_task.apply_async((pk, slot), queue=pool.queue),
    )
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
    )  # fmt: skip
    try:
        with app_broker(app, own_redis.url):
            assert commit(signed_in, batch).status_code == 302  # queued after the commit
            # Hold the batch's row so the first worker stops inside the job, unacknowledged.
            holder.cursor().execute(
                "SELECT id FROM interests_importbatch WHERE id = %s FOR UPDATE", [batch.pk]
            )
            first = pool.start()
            deadline = time.monotonic() + 120
            while _lock_waits() == 0:
                assert time.monotonic() < deadline, "the worker never reached the job"
                time.sleep(0.2)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            killed_at = time.monotonic()
            holder.rollback()
            pool.start()
            while ImportBatch.objects.get(pk=batch.pk).status != ImportBatch.Status.COMMITTED:
                assert time.monotonic() - killed_at < 120, "the job was never redelivered"
                time.sleep(0.5)
            redelivered_after = time.monotonic() - killed_at
    finally:
        holder.close()
        pool.stop()
    print(f"\nredelivered and imported {redelivered_after:.1f} s after the worker was killed")
    assert Interest.objects.filter(import_batch=batch).count() == 2  # once, not twice
    assert jobs.import_job(ImportBatch.objects.get(pk=batch.pk)).state == jobs.DONE
    assert redelivered_after < VISIBILITY_TIMEOUT + 60  # a worker's start-up, not an hour
