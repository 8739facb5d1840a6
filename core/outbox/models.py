"""One row per email: what was sent to whom, and whether it has gone."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OutboxMessage(models.Model):
    """An email, rendered when it was queued, sent by ``outbox.send`` after the commit.

    Rows are kept: they are the record of every reminder and notice the organisation sent,
    shown to their recipient ("Messages sent to you") and, by status only, to the secretary.
    No email ever carries restricted text (a Part II item, a paper, a draft), so the stored
    copy carries none either.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent: gave up"
        CANCELLED = "cancelled", "Not sent: no longer needed"

    dedupe_key = models.CharField(
        max_length=200,
        unique=True,
        help_text="The same reminder or notice is queued once: a second request is ignored.",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbox_messages",
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    to_email = models.EmailField()
    template = models.CharField(max_length=100, help_text="e.g. emails/invitation")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipient_name or self.to_email}"
