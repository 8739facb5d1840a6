"""The register of gifts and hospitality."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from interests.models.organisations import Organisation
from interests.models.people import Member


class GiftOrHospitality(models.Model):
    class Kind(models.TextChoices):
        GIFT = "gift", "Gift"
        HOSPITALITY = "hospitality", "Hospitality"

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        ACCEPTED_FOR_ORGANISATION = "accepted_for_org", "Accepted on behalf of the organisation"
        DECLINED = "declined", "Declined"

    recipient = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="gifts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField(max_length=2000)
    offered_by_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts_offered"
    )
    offered_by_name = models.CharField(
        max_length=200, blank=True, help_text="The person or organisation, if not in the list"
    )
    estimated_value = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    offered_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(max_length=2000, blank=True)
    offerer_is_supplier = models.BooleanField(default=False)
    is_cash_or_voucher = models.BooleanField(default=False)
    senior_approval_by = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-offered_on", "-id"]
        verbose_name = "gift or hospitality"
        verbose_name_plural = "gifts and hospitality"
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_value__gte=0), name="gift_value_not_negative"
            )
        ]
        permissions = [("view_gifts_register", "Can view the full gifts and hospitality register")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient.short_name}: {self.description[:60]}"

    @property
    def offered_by_label(self) -> str:
        if self.offered_by_organisation_id:
            return self.offered_by_organisation.name  # type: ignore[union-attr]
        return self.offered_by_name
