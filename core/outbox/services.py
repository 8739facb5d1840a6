"""Queueing an email inside the business transaction, and sending it once after the commit.

``email_queue`` renders a subject / text / HTML template triple and stores the message in
the caller's transaction: if the change is rolled back, so is the email. Only after the
commit is the send task queued (``transaction.on_commit``). ``email_send`` locks the row,
sends only a message still waiting, and records the outcome in the same transaction, so a
task delivered twice (``acks_late`` redelivers after a worker dies; the beat sweep re-queues
what a broker outage lost) sends the email once. The one gap no outbox closes: a worker
that dies after the mail server accepted the message but before the commit sends it again
on redelivery (at least once, never silently lost; docs/adr/0021).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.audit import audit_record
from core.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# A one-time link (an invitation's password link) is never stored: the stored copy holds
# this placeholder, and the link is made when the email is sent (register_one_time_link).
ONE_TIME_LINK = "[[one-time-link]]"
ONE_TIME_LINK_SHOWN = "(a one-time link, in the email only)"

MAX_ATTEMPTS = 6
# Waits between attempts: 1, 2, 4, 8, 16 minutes; then the message is marked failed.
FIRST_RETRY = datetime.timedelta(minutes=1)
# A message is picked up by the sweep only once it is this late, so the task queued on
# commit (or by a retry) normally gets there first.
SWEEP_GRACE = datetime.timedelta(minutes=2)

OneTimeLinkMaker = Callable[[OutboxMessage], str | None]
_link_makers: dict[str, OneTimeLinkMaker] = {}


def register_one_time_link(template: str, maker: OneTimeLinkMaker) -> None:
    """``maker`` returns the link to put in a ``template`` email as it is sent, or None
    when the email is no longer wanted (then it is cancelled, not sent)."""
    _link_makers[template] = maker


def _enqueue_with_celery(message_id: int) -> None:
    from core.tasks import send_email  # the task module imports this one

    send_email.delay(message_id)


_enqueue: Callable[[int], None] = _enqueue_with_celery


def set_enqueue(enqueue: Callable[[int], None]) -> None:
    global _enqueue
    _enqueue = enqueue


def site_link(path: str) -> str:
    """An absolute link to ``path`` on this site, as people reach it (``SITE_URL``)."""
    return f"{settings.SITE_URL}{path}"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def email_render(*, template: str, context: Mapping[str, Any]) -> Rendered:
    """Render ``<template>_subject.txt``, ``_body.txt`` and ``_body.html`` (healthchecks'
    triple), with the site's address and the organisation's name available to every one."""
    full = {
        "organisation_name": settings.ORGANISATION_NAME,
        "product_name": "Recuse",
        "site_url": settings.SITE_URL,
        "messages_link": site_link(reverse("my_messages")),
        **context,
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
    return Rendered(
        subject=subject[:300],
        text=render_to_string(f"{template}_body.txt", full),
        html=render_to_string(f"{template}_body.html", full),
    )


def email_queue(
    *,
    template: str,
    context: Mapping[str, Any],
    to_email: str,
    dedupe_key: str,
    recipient: Any = None,
    recipient_name: str = "",
) -> OutboxMessage | None:
    """Queue an email in the caller's transaction; it is sent after the commit.

    Returns None, queueing nothing, when a message with ``dedupe_key`` exists already (the
    same reminder is never queued twice) or there is no address to send to.
    """
    if not to_email:
        return None
    if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    rendered = email_render(
        template=template, context={"recipient_name": recipient_name, **context}
    )
    message = OutboxMessage(
        dedupe_key=dedupe_key,
        recipient=recipient if getattr(recipient, "pk", None) else None,
        recipient_name=recipient_name[:200],
        to_email=to_email,
        template=template,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        next_attempt_at=timezone.now(),
    )
    message.full_clean(exclude=["dedupe_key"])  # uniqueness: the savepoint below decides
    try:
        with transaction.atomic():  # a concurrent twin wins the race: ours is dropped
            message.save()
    except IntegrityError:
        return None
    # Robust: with the broker down the change still stands and the email waits in the outbox
    # for the sweep, rather than the person's request failing after its commit.
    transaction.on_commit(lambda: _enqueue(message.pk), robust=True)
    return message


@dataclass(frozen=True)
class SendOutcome:
    status: str  # "sent", "retry", "failed", "cancelled" or "skipped"
    retry_in: datetime.timedelta | None = None


def _with_link(message: OutboxMessage) -> tuple[str, str] | None:
    text, html = message.body_text, message.body_html
    if ONE_TIME_LINK not in text and ONE_TIME_LINK not in html:
        return text, html
    maker = _link_makers.get(message.template)
    link = maker(message) if maker is not None else None
    if not link:
        return None
    return text.replace(ONE_TIME_LINK, link), html.replace(ONE_TIME_LINK, escape(link))


def _backoff(attempts: int) -> datetime.timedelta:
    return FIRST_RETRY * (2 ** max(0, attempts - 1))


@transaction.atomic
def email_send(*, message_id: int) -> SendOutcome:
    """Send the message if it is still waiting and due; record the outcome.

    The row stays locked from the check to the record, so a second delivery of the same
    task waits, then finds the message sent and does nothing.
    """
    message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
    now = timezone.now()
    if message is None or message.status != OutboxMessage.Status.QUEUED:
        return SendOutcome("skipped")
    if message.next_attempt_at > now + datetime.timedelta(seconds=5):
        return SendOutcome("skipped")  # a retry is booked for later; this copy is early
    bodies = _with_link(message)
    if bodies is None:
        message.status = OutboxMessage.Status.CANCELLED
        message.save(update_fields=["status"])
        return SendOutcome("cancelled")
    text, html = bodies
    email = EmailMultiAlternatives(subject=message.subject, body=text, to=[message.to_email])
    email.attach_alternative(html, "text/html")
    message.attempts += 1
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        # The class and the server's words; never the message's content.
        message.last_error = f"{type(error).__name__}: {error}"[:200]
        logger.warning("Email %s not sent (attempt %s): %s", message.pk, message.attempts, error)
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            return SendOutcome("failed")
        wait = _backoff(message.attempts)
        message.next_attempt_at = now + wait
        message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        return SendOutcome("retry", retry_in=wait)
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return SendOutcome("sent")


def emails_due(*, limit: int = 500) -> list[int]:
    """Messages still waiting well after they were due: their task was lost (the broker was
    down at the commit, or a retry was never delivered)."""
    cutoff = timezone.now() - SWEEP_GRACE
    return list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=cutoff
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def email_retry(*, actor: Any, message: OutboxMessage) -> OutboxMessage:
    """The secretary asks for a failed message to be tried again (say, once the mail
    server is mended)."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != OutboxMessage.Status.FAILED:
        raise ValidationError("Only a message that could not be sent can be tried again.")
    message.status = OutboxMessage.Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_record(actor=actor, action="email.retried", obj=message)
    transaction.on_commit(lambda: _enqueue(message.pk), robust=True)
    return message
