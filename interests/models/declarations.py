"""Declaration events: nil returns and annual declaration campaigns."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from interests.models.people import Member


class DeclarationCampaign(models.Model):
    """An annual declaration: every decision-making member must respond by the deadline."""

    title = models.CharField(max_length=200)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        permissions = [("run_declaration_campaign", "Can open and close annual declarations")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Declaration(models.Model):
    """A member's statement about their register entries as a whole."""

    class Kind(models.TextChoices):
        NIL_RETURN = "nil_return", "Nil return: nothing to declare"
        CONFIRMED = "confirmed", "Confirmed entries are complete and correct"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    campaign = models.ForeignKey(
        DeclarationCampaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    made_at = models.DateTimeField(auto_now_add=True)
    confirmed_complete = models.BooleanField(default=False)
    acknowledged_duty_to_update = models.BooleanField(default=False)
    entries_confirmed = models.ManyToManyField(
        "interests.Interest",
        blank=True,
        related_name="confirmations",
        help_text="The entries current when the member confirmed",
    )

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "campaign"], name="one_response_per_member_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()} ({self.made_at:%d %b %Y})"
