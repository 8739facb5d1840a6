"""The record of every document the service has issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IssuedDocument(models.Model):
    """One PDF, made for one requester (or for the public), from one snapshot of the data.

    Never deleted: the check page needs the reference, the SHA-256 and who it was made for
    for as long as a copy may be passed around.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", "Anyone (a published document)"
        RESTRICTED = "restricted", "The person who asked for it"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RENDERING = "rendering", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    reference = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=64, db_index=True)
    title = models.CharField(max_length=300)
    params = models.JSONField(default=dict, blank=True, help_text="What was asked for: filters")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of what the document shows, to reuse unchanged copies"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a published document asked for by a visitor",
    )
    requested_for = models.CharField(max_length=300, help_text="Printed on the document")
    requested_at = models.DateTimeField(default=timezone.now)
    source_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    chunks_total = models.PositiveIntegerField(default=1)
    chunks_done = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    signed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["kind", "fingerprint"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def pages_estimate(self) -> int | None:
        """Pages the whole document will have, judged from the chunks done so far."""
        if self.pages_total:
            return self.pages_total
        if not self.chunks_done:
            return None
        return round(self.pages_done / self.chunks_done * self.chunks_total)
