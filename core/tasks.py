"""Background jobs of the kernel: rendering documents and sending emails.

Each task takes an id, fetches, and calls a service; each is idempotent and acknowledged
only when done (``acks_late``), so a job whose worker dies is delivered again and
finishes. A document in several chunks is a chord: the chunks render in parallel on as
many workers as there are, then one task merges them.
"""

from __future__ import annotations

from celery import chord, shared_task

from core.documents import services
from core.outbox import digest
from core.outbox import services as outbox


def _failing(document_id: int, error: Exception) -> None:
    services.document_fail(
        document_id=document_id,
        message=f"The document could not be prepared ({type(error).__name__}).",
    )


@shared_task(name="documents.render_chunk", acks_late=True)
def render_chunk(document_id: int, index: int) -> int:
    try:
        return services.document_render_chunk(document_id=document_id, index=index)
    except Exception as error:
        _failing(document_id, error)
        raise


@shared_task(name="documents.finish", acks_late=True)
def finish_document(document_id: int) -> str:
    try:
        return services.document_finish(document_id=document_id).reference
    except Exception as error:
        _failing(document_id, error)
        raise


@shared_task(name="documents.render", acks_late=True)
def render_document(document_id: int) -> str | None:
    document = services.document_start(document_id=document_id)
    if document is None:
        return None
    if document.chunks_total == 1:
        render_chunk(document_id, 0)
        return finish_document(document_id)
    chord(render_chunk.si(document_id, index) for index in range(document.chunks_total))(
        finish_document.si(document_id)
    )
    return document.reference


def queue_document(document_id: int) -> None:
    render_document.delay(document_id)


services.set_enqueue(queue_document)


# --- Email ------------------------------------------------------------------------------


@shared_task(name="outbox.send", acks_late=True)
def send_email(message_id: int) -> str:
    """Send one queued email. Safe to deliver twice: ``email_send`` locks the row and sends
    only a message still waiting. A refused send is booked for a later try, with a wait
    that doubles each time."""
    outcome = outbox.email_send(message_id=message_id)
    if outcome.retry_in is not None and not send_email.app.conf.task_always_eager:
        # Without a broker nothing could run it later but the sweep, which beat runs.
        send_email.apply_async((message_id,), countdown=outcome.retry_in.total_seconds())
    return outcome.status


@shared_task(name="outbox.resend_queued", acks_late=True)
def resend_queued_emails() -> int:
    """Beat: queue again every email still waiting long after it was due (say, the broker
    was down when its transaction committed)."""
    due = outbox.emails_due()
    for message_id in due:
        send_email.delay(message_id)
    return len(due)


def queue_email(message_id: int) -> None:
    send_email.delay(message_id)


outbox.set_enqueue(queue_email)


@shared_task(name="notifications.weekly_digest", acks_late=True)
def weekly_digest() -> int:
    """Beat (Mondays): each secretary's and Guardian's dashboard, by email."""
    return digest.weekly_digest_queue()
