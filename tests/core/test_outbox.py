"""The outbox: queued in the business transaction, sent once after the commit, retried
with a growing wait when the mail server refuses, swept up when its task was lost."""

from __future__ import annotations

import datetime
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.outbox import services
from core.outbox.models import OutboxMessage
from core.tasks import resend_queued_emails, send_email
from tests.conftest import login
from tests.interests.factories import UserFactory


def _queue(user, key="test:1", **extra):
    return services.email_queue(
        template="emails/email_changed",
        context={"username": user.username, "changed_by": "Ms Bennett", "changed_at": "today"},
        to_email=user.email,
        dedupe_key=key,
        recipient=user,
        recipient_name="Dr Ben Okafor",
        **extra,
    )


def _closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once, as a down mail
    server refuses."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def refusing_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2


def test_an_email_is_stored_rendered_then_sent_once_after_the_commit(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(username="b.okafor")
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(user)
        assert mail.outbox == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert (
        sent.subject
        == message.subject
        == ("The email address of your Recuse login has been changed")
    )
    assert "b.okafor" in sent.body and sent.body == message.body_text
    assert sent.alternatives[0][0] == message.body_html
    assert message.template == "emails/email_changed"


def test_a_rolled_back_transaction_queues_and_sends_nothing(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _queue(user)
        transaction.set_rollback(True)
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_the_same_dedupe_key_is_queued_once(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(user, key="campaign:1:reminder-14:member:7")
        second = _queue(user, key="campaign:1:reminder-14:member:7")
    assert first is not None and second is None
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_task_delivered_again_after_sending_sends_nothing_more(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(user)
    assert send_email(message.pk) == "skipped"
    assert send_email.apply(args=(message.pk,)).get() == "skipped"
    message.refresh_from_db()
    assert message.attempts == 1
    assert len(mail.outbox) == 1


def test_a_refused_send_is_retried_with_a_growing_wait_then_given_up(
    db, django_capture_on_commit_callbacks, refusing_mail_server
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(user)
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    waits = []
    for _ in range(services.MAX_ATTEMPTS - 1):
        wait = message.next_attempt_at - timezone.now()
        waits.append(round(wait.total_seconds() / 60))
        # Too early: a copy of the task that arrives before the booked retry does nothing.
        assert services.email_send(message_id=message.pk).status == "skipped"
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        send_email(message.pk)
        message.refresh_from_db()
    assert waits == [1, 2, 4, 8, 16]
    assert message.status == "failed" and message.attempts == services.MAX_ATTEMPTS
    assert mail.outbox == []


def test_the_sweep_sends_what_was_left_queued_when_its_task_was_lost(db):
    user = UserFactory()
    # Queued without the commit hook running: as when the broker was down at the commit.
    message = _queue(user)
    assert resend_queued_emails() == 0  # not yet late: its own task may still come
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - services.SWEEP_GRACE - datetime.timedelta(seconds=1)
    )
    assert resend_queued_emails() == 1
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(mail.outbox) == 1
    assert resend_queued_emails() == 0


def test_links_in_emails_start_with_site_url(db, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://recuse.northfield-ccg.example"
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.email_queue(
            template="emails/weekly_digest",
            context={"tasks": [], "restricted_count": 0, "dashboard_link": "x"},
            to_email=user.email,
            dedupe_key="links",
            recipient=user,
        )
    assert "https://recuse.northfield-ccg.example/messages/" in message.body_text


# --- Who sees what -------------------------------------------------------------------


def test_people_see_their_own_messages_and_no_one_elses(
    client, db, django_capture_on_commit_callbacks
):
    mine, theirs = UserFactory(username="me"), UserFactory(username="them")
    with django_capture_on_commit_callbacks(execute=True):
        own = _queue(mine, key="a")
        other = _queue(theirs, key="b")
    login(client, mine)
    page = client.get(reverse("my_messages")).content.decode()
    assert own.subject in page and reverse("my_message", args=[own.pk]) in page
    assert reverse("my_message", args=[other.pk]) not in page
    detail = client.get(reverse("my_message", args=[own.pk])).content.decode()
    assert "me" in detail and "Ms Bennett" in detail
    assert client.get(reverse("my_message", args=[other.pk])).status_code == 404


def test_the_secretary_sees_status_not_content_and_can_try_a_failed_email_again(
    client, secretary, db, django_capture_on_commit_callbacks, refusing_mail_server, settings
):
    user = UserFactory(username="b.okafor")
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(user)
    OutboxMessage.objects.filter(pk=message.pk).update(status="failed")
    login(client, secretary)
    page = client.get(reverse("outbox")).content.decode()
    assert message.subject in page and user.email in page and "Not sent" in page
    assert "Ms Bennett" not in page  # the body is the recipient's
    assert client.get(reverse("my_message", args=[message.pk])).status_code == 404
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outbox_retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "sent" and len(mail.outbox) == 1


def test_members_may_not_open_the_outbox(client, federation_gp):
    login(client, federation_gp)
    assert client.get(reverse("outbox")).status_code == 403
