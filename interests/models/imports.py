"""An uploaded file waiting for (or past) its import.

The secretary uploads, maps columns, sees a dry-run preview, then commits;
keeping the file here means the commit imports exactly what was previewed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    class Kind(models.TextChoices):
        ORGANISATIONS_ODS = "orgs_ods", "Organisations (NHS ODS practice file)"
        ORGANISATIONS_SIMPLE = "orgs_simple", "Organisations (name, kind, ods_code, member_of)"
        REGISTER = "register", "Register of interests"
        PEOPLE = "people", "People (staff list or ESR export)"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        PREVIEWED = "previewed", "Previewed"
        COMMITTED = "committed", "Imported"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    encoding = models.CharField(max_length=20, default="utf-8")
    column_mapping = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename} ({self.get_status_display()})"
