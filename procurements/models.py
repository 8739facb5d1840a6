"""Procurements, their lots and the organisations bidding for them."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from interests.models import Organisation


class Procurement(models.Model):
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Lot(models.Model):
    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    estimated_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement__reference", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "number"], name="lot_number_unique"),
            models.CheckConstraint(
                condition=models.Q(estimated_value__isnull=True) | models.Q(estimated_value__gte=0),
                name="lot_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"Lot {self.number} {self.title}"


class Bid(models.Model):
    class Status(models.TextChoices):
        EXPRESSED_INTEREST = "expressed_interest", "Expressed interest"
        QUALIFIED = "qualified", "Qualified"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"
        AWARDED = "awarded", "Awarded"
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful"

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="bids")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.EXPRESSED_INTEREST
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["lot", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "organisation"], name="one_bid_per_lot_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.lot}"
