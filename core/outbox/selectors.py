"""Reads of the outbox: a person's own messages, and the secretary's status view."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.outbox.models import OutboxMessage
from core.outbox.services import ONE_TIME_LINK, ONE_TIME_LINK_SHOWN


def messages_for_recipient(user: Any) -> QuerySet[OutboxMessage]:
    """What was sent (or is about to be) to this person's login, newest first."""
    if not user.is_authenticated:
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(recipient=user).order_by("-queued_at", "-id")


def message_for_recipient(user: Any, pk: int) -> OutboxMessage:
    """One of the person's own messages; anyone else's is a 404, whoever asks."""
    return get_object_or_404(messages_for_recipient(user), pk=pk)


def message_text_shown(message: OutboxMessage) -> str:
    """The text as the recipient reads it here: a one-time link only ever went by email."""
    return message.body_text.replace(ONE_TIME_LINK, ONE_TIME_LINK_SHOWN)


def outbox_messages(status: str = "") -> QuerySet[OutboxMessage]:
    """Every message with its status, for the secretary (who sees no bodies)."""
    messages = OutboxMessage.objects.select_related("recipient").order_by("-queued_at", "-id")
    if status in OutboxMessage.Status.values:
        messages = messages.filter(status=status)
    return messages.only(
        "pk",
        "recipient_name",
        "to_email",
        "subject",
        "template",
        "status",
        "attempts",
        "last_error",
        "queued_at",
        "sent_at",
        "recipient__username",
    )


def outbox_counts() -> dict[str, int]:
    counts = dict.fromkeys(OutboxMessage.Status.values, 0)
    for status in OutboxMessage.Status.values:
        counts[status] = OutboxMessage.objects.filter(status=status).count()
    return counts
