"""Procurements, their lots, bidders, evaluation panels, bid documents and award decisions."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import StoredDocument
from interests.models import Member, Organisation


class Procurement(models.Model):
    class Route(models.TextChoices):
        PSR_DIRECT_A = "psr_direct_a", "Provider Selection Regime: direct award process A"
        PSR_DIRECT_B = "psr_direct_b", "Provider Selection Regime: direct award process B"
        PSR_DIRECT_C = "psr_direct_c", "Provider Selection Regime: direct award process C"
        PSR_MOST_SUITABLE = "psr_most_suitable", "Provider Selection Regime: most suitable provider"
        PSR_COMPETITIVE = "psr_competitive", "Provider Selection Regime: competitive process"
        OPEN = "open", "Open procedure"
        RESTRICTED = "restricted", "Restricted procedure"
        COMPETITIVE_DIALOGUE = "competitive_dialogue", "Competitive dialogue"
        FRAMEWORK = "framework", "Framework call-off"
        OTHER = "other", "Other"

    class Stage(models.TextChoices):
        PLANNING = "planning", "Planning"
        SELECTION = "selection", "Pre-qualification and selection"
        INVITATION = "invitation", "Invitation to tender"
        DIALOGUE = "dialogue", "Dialogue"
        EVALUATION = "evaluation", "Evaluation"
        AWARD = "award", "Award"
        CONTRACT_SIGNED = "contract_signed", "Contract signed"
        ABANDONED = "abandoned", "Abandoned"

    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_new_service = models.BooleanField(
        default=True, help_text="A new procurement, rather than an existing contract"
    )
    route = models.CharField(max_length=24, choices=Route.choices, default=Route.OTHER)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.PLANNING)
    clinical_lead = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contract_manager = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    procurement_lead = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procurements_led",
        help_text="Sees every bid document, with the signed, clear evaluation panel",
    )
    deciding_committee = models.ForeignKey(
        "meetings.Committee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True)
    comments = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "reference"]
        permissions = [("manage_procurements", "Can run procurements, lots, bids and panels")]

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
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="lot_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"Lot {self.number} {self.title}"


class AgendaItemLot(models.Model):
    """An agenda item that decides on a lot: every bidder on the lot counts as affected by it.

    Procurements own this link (meetings know nothing of lots but what
    ``meetings.hooks.ItemLots`` tells them); the secretary sets it on the item form.
    """

    item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="procurement_lot"
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="deciding_items")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.lot} decided at agenda item {self.item_id}"


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


class PanelMember(models.Model):
    """An evaluator on a lot's panel, and their declaration about the bidders."""

    class Status(models.TextChoices):
        AWAITING_DECLARATION = "awaiting", "Awaiting declaration"
        CLEAR = "clear", "Declared: no interest in any bidder"
        DECLARED_INTEREST = "declared", "Declared an interest"
        CONFLICTED = "conflicted", "Conflicted by a change (access withdrawn)"
        REMOVED = "removed", "Removed from the panel"

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="panel")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="panel_places")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.AWAITING_DECLARATION
    )
    declaration = models.TextField(blank=True, max_length=2000)
    signed_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    status_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["lot", "member__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "member"], name="evaluator_once_per_lot")
        ]

    def __str__(self) -> str:
        return f"{self.member.short_name}, evaluator for {self.lot} ({self.get_status_display()})"

    @property
    def may_open_documents(self) -> bool:
        return self.status == self.Status.CLEAR


def lot_document_upload_to(instance: LotDocument, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"procurement/{instance.lot_id}/{uuid.uuid4().hex}{suffix}"


class LotDocument(StoredDocument):
    """A bid, evaluation scores or other confidential document for one lot."""

    class Kind(models.TextChoices):
        BID = "bid", "Bid"
        SCORES = "scores", "Evaluation scores"
        OTHER = "other", "Other"

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="documents")
    bid = models.ForeignKey(
        Bid, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=lot_document_upload_to, max_length=300)

    class Meta:
        ordering = ["lot", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class AwardDecision(models.Model):
    """One row of the procurement decisions register."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="awards")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="awards")
    decided_on = models.DateField()
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_decisions",
        help_text="The meeting item at which the award was decided",
    )
    how_decided = models.TextField(
        max_length=2000, help_text="How the decision was made, and by which committee"
    )
    contract_value = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    comments = models.TextField(blank=True, max_length=2000)
    is_published = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_value__gte=0), name="award_value_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lot}: awarded to {self.bid.organisation}"
