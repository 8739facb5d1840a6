"""People who declare interests."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Member(models.Model):
    """A person the organisation keeps a register entry for.

    Usually linked to a login; a person may be recorded before they have one
    (for example a GP on another CCG's reserve list).
    """

    class ProfessionalRole(models.TextChoices):
        GP = "gp", "GP"
        NURSE = "nurse", "Nurse"
        LAY = "lay", "Lay member"
        MANAGER = "manager", "Manager"
        SECONDARY_CARE = "secondary_care", "Secondary care doctor"
        OTHER = "other", "Other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member",
    )
    title = models.CharField(max_length=20, blank=True, help_text="For example Dr, Mrs, Mr")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=200, help_text="The position held, as published")
    professional_role = models.CharField(max_length=20, choices=ProfessionalRole.choices)
    email = models.EmailField(blank=True)
    affiliation = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation the person comes from, if not this one (e.g. Southfield CCG)",
    )
    is_decision_maker = models.BooleanField(
        default=True,
        help_text=(
            "Decision-making staff must declare at least once a year and their "
            "entries are published."
        ),
    )
    staff_number = models.CharField(
        max_length=30,
        blank=True,
        help_text="The ESR employee (staff) number: how a people import recognises them again",
    )
    assignment_number = models.CharField(max_length=30, blank=True)
    staff_group = models.CharField(max_length=100, blank=True, help_text="ESR staff group")
    started_on = models.DateField(null=True, blank=True, help_text="Start of their assignment")
    is_active = models.BooleanField(default=True)
    left_on = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The day they left the organisation: their entries stay on the published register "
            "for six months after it, and their records are kept for six years"
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        permissions = [
            (
                "review_retention",
                "Can review and delete records kept past their six-year retention",
            ),
            ("import_people", "Can import people from a staff list or ESR export"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~models.Q(email=""),
                name="member_email_unique_when_present",
            ),
            models.UniqueConstraint(
                fields=["staff_number"],
                condition=~models.Q(staff_number=""),
                name="member_staff_number_unique_when_present",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @property
    def short_name(self) -> str:
        """Name as written in minutes and recusal chains, e.g. "Dr A. Patel"."""
        initial = f"{self.first_name[:1]}." if self.first_name else ""
        return " ".join(part for part in (self.title, initial, self.last_name) if part)
