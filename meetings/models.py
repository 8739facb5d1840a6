"""Committees and who sits on them."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from interests.models import Member


class Committee(models.Model):
    """The governing body or a committee that takes decisions."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeMembershipQuerySet(models.QuerySet["CommitteeMembership"]):
    def current_on(self, day: datetime.date) -> CommitteeMembershipQuerySet:
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day),
        )


class CommitteeMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="memberships")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="committee_memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    is_voting = models.BooleanField(default=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = CommitteeMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["committee__name", "role", "member__last_name"]

    def __str__(self) -> str:
        voting = "voting" if self.is_voting else "non-voting"
        return f"{self.member.short_name}, {self.get_role_display()} ({voting}), {self.committee}"
