"""Organisations and the network between them.

The network is a directed graph of dated relationships (a practice is a
member of a federation; a company is a subsidiary of another; organisations
are partners in a joint venture). The recusal engine loads the edges current
on a date in one query and walks them in memory, so any depth and any cycle
costs the same number of queries.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GP_PRACTICE = "gp_practice", "GP practice"
        GP_FEDERATION = "gp_federation", "GP federation"
        PCN = "pcn", "Primary care network"
        NHS_TRUST = "nhs_trust", "NHS trust"
        SOCIAL_ENTERPRISE = "social_enterprise", "Community or social enterprise"
        COMPANY = "company", "Company"
        CHARITY = "charity", "Charity"
        PUBLIC_BODY = "public_body", "Public body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    ods_code = models.CharField(
        "ODS code",
        max_length=12,
        blank=True,
        help_text="The NHS Organisation Data Service code, for example A81001",
    )
    companies_house_number = models.CharField(max_length=12, blank=True)
    nature_of_business = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the organisation does, as shown on the published register",
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~Q(ods_code=""), name="organisation_ods_code_unique"
            ),
            # Without a code, the name is all that tells two organisations apart: a name
            # added twice (a double submit, two secretaries) would leave a declarant's typed
            # name matching neither. Names are stored trimmed with single spaces.
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(ods_code=""),
                name="organisation_name_unique_without_code",
                violation_error_message=(
                    "There is already an organisation with this name and no ODS code"
                ),
            ),
        ]
        indexes = [models.Index(fields=["name"])]
        permissions = [("import_organisations", "Can import organisations from a file")]

    def __str__(self) -> str:
        return self.name

    @property
    def business_description(self) -> str:
        return self.nature_of_business or self.get_kind_display()


class OrganisationRelationship(models.Model):
    """A directed, dated edge: ``source`` —kind→ ``target``."""

    class Kind(models.TextChoices):
        MEMBER_OF = "member_of", "member of"
        SUBSIDIARY_OF = "subsidiary_of", "subsidiary of"
        OWNED_BY = "owned_by", "owned by"
        PARTNER_IN = "partner_in", "partner in"

    source = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="relationships_out"
    )
    target = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="relationships_in"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source__name", "kind", "target__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relationship_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="relationship_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["source", "target", "kind"])]

    def __str__(self) -> str:
        return f"{self.source} —{self.get_kind_display()}→ {self.target}"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError("An organisation cannot be related to itself.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date"})

    def is_current_on(self, day: datetime.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        not_ended = self.end_date is None or self.end_date >= day
        return started and not_ended
