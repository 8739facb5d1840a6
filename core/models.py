"""Cross-cutting records: the audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

# The actions the Conflicts Guardian reviews as privileged (named for people in
# core.selectors.PRIVILEGED_ACTIONS). Here because an index is built on the same condition.
PRIVILEGED_ACTION_NAMES = (
    "member.login_created",
    "member.changed",
    "member.left",
    "login.email_changed",
    "two_factor.enrolled",
    "two_factor.reset",
    "two_factor.recovery_code_used",
    "two_factor.recovery_codes_renewed",
    "interest.withholding_approved",
    "interest.withholding_refused",
    "agenda.item_scope_changed",
)


def privileged_condition() -> models.Q:
    """Role grants and removals, login and email changes, two-factor enrolments and resets,
    withholding decisions, and changes to who an item conflicts after publication. A
    ``member.changed`` counts only when it changed roles or the login."""
    people_changes = models.Q(action="member.changed") & (
        ~models.Q(detail__roles={}) | ~models.Q(detail__login={})
    )
    others = models.Q(action__in=[a for a in PRIVILEGED_ACTION_NAMES if a != "member.changed"])
    return people_changes | others


class AppendOnly(Exception):
    """Raised on any attempt to change or delete the audit trail through the app."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("The audit trail cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("The audit trail cannot be deleted")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, and when.

    Written by services in the same transaction as the change they record, and
    by views for every download and restricted page view. Never edited: the model and its
    queryset refuse changes and deletions, and on PostgreSQL so does the database itself
    (a trigger, ``core.0008``).
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        help_text="Empty for the system itself or an anonymous visitor.",
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
            # The trail newest first (audit_events_recent): read in index order, no sort.
            models.Index(fields=["-at", "-id"], name="audit_newest_first"),
            # The Guardian's privileged actions newest first (privileged_events): a few
            # among millions; without it PostgreSQL walked the whole trail (15 s at
            # seed_scale's 2 million rows) to find that there were none.
            models.Index(
                fields=["-at", "-id"],
                condition=privileged_condition(),
                name="audit_privileged_newest_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("The audit trail cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("The audit trail cannot be deleted")


class StoredDocument(models.Model):
    """What every uploaded document records about its file. Subclasses add ``file``."""

    file: models.FileField
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PublishedVersion(models.Model):
    """How many times what a public page publishes has changed, and when it last did.

    Bumped (``core.publication.publication_changed``) in the same transaction as every
    change that alters what the page shows, so a version read after a commit always
    names the data it was read with. The public pages key their HTTP validators (ETag,
    Last-Modified) and their server-side cache on it (ADR 0023).
    """

    name = models.CharField(max_length=40, unique=True)
    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class SpentFormToken(models.Model):
    """A one-time form token already used: the same form sent again (a double click, a second
    tab, a replayed request) finds it here and is not acted on twice (core.idempotency)."""

    token = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    spent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.token


from core.documents.models import IssuedDocument  # noqa: E402, F401  (models live by concern)
from core.outbox.models import OutboxMessage  # noqa: E402, F401
