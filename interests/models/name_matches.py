"""A proposal that a typed organisation name means an organisation on the list (ADR 0027).

Proposed by matching (``interests.name_matching``), never applied on its own: the
secretary confirms it, which links every entry that typed the name, or rejects it,
which stops it being proposed again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from interests.models.organisations import Organisation


class OrganisationNameMatch(models.Model):
    class Method(models.TextChoices):
        ODS_CODE = "ods_code", "The ODS code in the name"
        SAME_NAME = "same_name", "The same name, once “The”, “Ltd”, “&” and “Surgery” are set aside"
        SIMILAR = "similar", "A similar spelling"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for a decision"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    typed_name = models.CharField(max_length=200)
    typed_key = models.CharField(
        max_length=200, help_text="The typed name trimmed and in lower case, as linking compares"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="name_matches"
    )
    method = models.CharField(max_length=12, choices=Method.choices)
    score = models.PositiveSmallIntegerField(help_text="How alike the names are, out of 100")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["typed_key", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["typed_key", "organisation"], name="name_match_once_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["status", "typed_key"])]

    def __str__(self) -> str:
        return f"“{self.typed_name}” → {self.organisation.name} ({self.get_status_display()})"
