"""Redis stopped and started by the test (its own, on port 9121): queueing is bounded to a
few seconds, the page says the work is queued, and nothing is lost when the broker is back.
Before, ``.delay()`` with Redis down blocked 19 s and then raised."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from ccg_governance.celery import app
from ccg_governance.tasks import worker_echo
from interests.models import ImportBatch
from interests.services import import_jobs as jobs
from tests.interests.test_register_import import a_row, commit, csv_bytes, page_text, upload_and_map
from tests.reliability.own_redis import OwnRedis, app_broker, own_redis  # noqa: F401

pytestmark = pytest.mark.worker


def test_queueing_with_the_broker_down_fails_within_a_few_seconds(
    own_redis: OwnRedis,  # noqa: F811
) -> None:
    with app_broker(app, own_redis.url):
        worker_echo.delay("reachable")
        assert own_redis.queue_length() == 1
        own_redis.stop()
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017 (kombu's OperationalError, or redis's)
            worker_echo.delay("unreachable")
        elapsed = time.monotonic() - started
    assert elapsed < 8, f".delay() blocked {elapsed:.1f} s with the broker down"


def test_an_import_queued_during_an_outage_runs_when_the_broker_is_back(
    own_redis: OwnRedis,  # noqa: F811
    signed_in: Any,
    people: Any,
    organisations: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row()]))
    with app_broker(app, own_redis.url):
        own_redis.stop()
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = commit(signed_in, batch)
        assert time.monotonic() - started < 10  # the request answers, bounded
        page = page_text(signed_in.get(response["Location"]))
        assert "queued; it will run when the queue is back" in page
        assert jobs.import_job(ImportBatch.objects.get(pk=batch.pk)).state == jobs.WAITING

        own_redis.start()  # the outage ends: opening the page queues it again
        page = page_text(signed_in.get(reverse("register_import_result", args=[batch.pk])))
        assert "queued; it will run when the queue is back" not in page
        assert own_redis.queue_length() == 1  # sent once, not lost
        assert jobs.import_job(ImportBatch.objects.get(pk=batch.pk)).state == jobs.QUEUED
        assert jobs.import_jobs_requeue_waiting() == 0  # nothing left waiting
