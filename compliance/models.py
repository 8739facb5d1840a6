"""The breaches register: likely breaches the product detects, breaches people report, and
the Conflicts Guardian's review of each."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from interests.models import Member


class Breach(models.Model):
    """One breach of the rules on conflicts of interest, or a likely one awaiting review.

    A detected breach carries its evidence as references (``evidence``), named for each
    reader through the same access checks as the records themselves (``core.audit``), so a
    confidential item's title or a bid never sits in the breach's own text. A detection has
    a key (rule and subject): once raised, dismissed or not, it is never raised again.
    """

    class Rule(models.TextChoices):
        UNDECLARED_CONFLICT = (
            "undeclared_conflict",
            "Conflicted on an item but made no declaration at the meeting",
        )
        LATE_DECLARATION = "late_declaration", "Interest declared more than 28 days after it began"
        ANNUAL_MISSED = "annual_missed", "Annual declaration not made by the deadline"
        EVALUATOR_EARLY_ACCESS = (
            "evaluator_early_access",
            "Evaluator opened bid documents before signing their declaration",
        )
        EXCLUDED_PRESENT = (
            "excluded_present",
            "Excluded from an item but recorded as present for it",
        )
        GIFT_UNAPPROVED = (
            "gift_unapproved",
            "Gift or hospitality over the thresholds accepted without approval",
        )
        OTHER = "other", "Other breach"

    class Status(models.TextChoices):
        AWAITING_REVIEW = "awaiting_review", "Awaiting the Guardian's review"
        BREACH = "breach", "Breach"
        NOT_A_BREACH = "not_a_breach", "Not a breach"

    class HowFound(models.TextChoices):
        DETECTED = "detected", "Detected by the register's own checks"
        SELF_REPORTED = "self_reported", "Reported by the person themselves"
        REPORTED = "reported", "Reported by someone else"
        REVIEW = "review", "Found by the governance team"
        AUDIT = "audit", "Found by internal audit"
        OTHER = "other", "Other"

    rule = models.CharField(max_length=24, choices=Rule.choices)
    detection_key = models.CharField(
        max_length=120,
        blank=True,
        help_text="The rule and its subject, for a detected breach: never raised twice",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AWAITING_REVIEW)
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="breaches",
        help_text="Whose breach it is; empty when it is nobody's in particular",
    )
    occurred_on = models.DateField()
    what_happened = models.TextField(max_length=4000)
    how_found = models.CharField(max_length=16, choices=HowFound.choices)
    how_found_detail = models.CharField(max_length=300, blank=True)
    evidence = models.JSONField(default=list, blank=True)

    # The Guardian's review, and what was done.
    review_note = models.TextField(max_length=4000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(max_length=4000, blank=True)
    reported_to_nhse = models.BooleanField("Reported to NHS England", default=False)
    reported_to_nhse_on = models.DateField(null=True, blank=True)

    # What the public reads: anonymised, written by the Guardian.
    public_summary = models.TextField(max_length=2000, blank=True)
    public_action = models.TextField(max_length=2000, blank=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a breach the product detected",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "breaches"
        constraints = [
            models.UniqueConstraint(
                fields=["detection_key"],
                condition=~Q(detection_key=""),
                name="one_breach_per_detection",
            ),
            models.CheckConstraint(
                condition=Q(reported_to_nhse=True) | Q(reported_to_nhse_on__isnull=True),
                name="reported_on_only_when_reported",
            ),
        ]
        indexes = [models.Index(fields=["status", "occurred_on"])]
        permissions = [("review_breach", "Can review breaches and decide their outcome")]

    def __str__(self) -> str:
        return f"Breach {self.reference}"

    @property
    def reference(self) -> str:
        return f"BR-{self.pk:04d}" if self.pk else "BR-new"

    @property
    def detected(self) -> bool:
        return bool(self.detection_key)

    @property
    def awaiting_review(self) -> bool:
        return self.status == self.Status.AWAITING_REVIEW

    @property
    def is_breach(self) -> bool:
        return self.status == self.Status.BREACH


class AttestationQuerySet(models.QuerySet["Attestation"]):
    def update(self, **kwargs: object) -> int:
        raise ValueError("A signed attestation cannot be changed: sign a new version")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("A signed attestation cannot be deleted")


class Attestation(models.Model):
    """The Conflicts Guardian's attestation, for a calendar year, that the guidance on
    managing conflicts of interest was followed, with the evidence she signed it on.

    Signed once and never changed: a correction is a new version that supersedes it (both
    kept, both audited). ``evidence`` is the compliance dashboard's figures for the year as
    they stood at signing: labels, counts and hints, never the names behind them.
    """

    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    statement = models.TextField(max_length=8000)
    exceptions = models.TextField(
        "Where the guidance was not followed, and what was done",
        max_length=8000,
        blank=True,
    )
    evidence = models.JSONField(default=list)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_name = models.CharField(max_length=200)
    signed_role = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    change_reason = models.TextField(
        "Why this version replaces the last", max_length=2000, blank=True
    )

    objects = AttestationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="one_attestation_version"),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                name="later_versions_supersede",
            ),
        ]
        permissions = [
            ("view_compliance_dashboard", "Can read the compliance dashboard and audit pack"),
            ("sign_attestation", "Can sign the annual attestation"),
        ]

    def __str__(self) -> str:
        return f"Attestation for {self.year}, version {self.version}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Signed means settled: the service only ever inserts (a new version supersedes).
        if self.pk is not None:
            raise ValueError("A signed attestation cannot be changed: sign a new version")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A signed attestation cannot be deleted")

    @property
    def reference(self) -> str:
        return f"AT-{self.year}-v{self.version}"


class AuditPackZip(models.Model):
    """One zip of the audit pack's CSVs, built on Celery for one requester.

    Built as its requester may read the pack, so it is served to that requester only, and
    only while their permissions are those it was built with (``permissions``); anyone
    else asks for their own.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    permissions = models.CharField(
        max_length=64, help_text="SHA-256 of the requester's permissions it was built with"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    file = models.FileField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Audit pack CSVs, {self.year} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED
