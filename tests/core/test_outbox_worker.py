"""The outbox with real Celery workers on the real broker (PostgreSQL and Redis): the same
message delivered many times to two workers at once is sent once, and a task whose worker
is killed mid-task is delivered again (``acks_late``) and sends the email once."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from core.outbox import services
from core.outbox.models import OutboxMessage
from core.roles import sync_roles
from core.tasks import send_email
from tests.core.test_document_worker import Workers
from tests.interests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_workers(real_broker, broker_url, settings, tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.fail(
            "The workers share the test's database, which SQLite cannot do: set DATABASE_URL "
            "to PostgreSQL, as .ci/run does"
        )
    sync_roles()
    pool = Workers(broker_url, Path(settings.MEDIA_ROOT))
    sent = tmp_path / "sent"
    sent.mkdir()
    pool.env |= {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(sent),
    }
    pool.sent = sent
    monkeypatch.setattr(
        services, "_enqueue", lambda pk: send_email.apply_async((pk,), queue=pool.queue)
    )
    yield pool
    pool.stop()


def _queue_one() -> OutboxMessage:
    user = UserFactory(username="b.okafor")
    message = services.email_queue(
        template="emails/email_changed",
        context={"username": user.username, "changed_by": "Ms Bennett", "changed_at": "today"},
        to_email=user.email,
        dedupe_key="worker-test",
        recipient=user,
    )
    assert message is not None
    return message


def _wait_sent(message: OutboxMessage, seconds: float) -> OutboxMessage:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status != "queued":
            return message
        time.sleep(0.2)
    raise AssertionError(f"still {message.status} after {seconds} s")


def _files(pool) -> list[Path]:
    return sorted(pool.sent.glob("*.log"))


def test_many_deliveries_of_one_message_to_two_workers_send_one_email(mail_workers):
    mail_workers.start()
    mail_workers.start()
    message = _queue_one()  # autocommit: its task is queued at once
    for _ in range(5):
        send_email.apply_async((message.pk,), queue=mail_workers.queue)
    message = _wait_sent(message, 60)
    time.sleep(3)  # let the other deliveries run to the end
    assert message.status == "sent" and message.attempts == 1
    files = _files(mail_workers)
    assert len(files) == 1
    assert "The email address of your Recuse login has been changed" in files[0].read_text()


def test_a_worker_killed_mid_task_leaves_the_email_to_the_redelivery_which_sends_it_once(
    mail_workers,
):
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    try:
        message = _queue_one()
        with holder.cursor() as cursor:
            # Hold the row: the worker's task takes the message and waits for the lock.
            cursor.execute(
                "SELECT id FROM core_outboxmessage WHERE id = %s FOR UPDATE", [message.pk]
            )
            first = mail_workers.start()
            deadline = time.monotonic() + 60
            while True:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0]:
                    break
                assert time.monotonic() < deadline, "the worker never reached the row"
                time.sleep(0.2)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        holder.rollback()
    finally:
        holder.close()
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 0
    assert _files(mail_workers) == []
    mail_workers.start()  # never acknowledged: Redis hands the task out again
    message = _wait_sent(message, 90)
    assert message.status == "sent" and message.attempts == 1
    assert len(_files(mail_workers)) == 1
