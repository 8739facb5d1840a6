"""Completions of NHS England's conflicts of interest training, one row per module passed
or failed.

NHS England's online training has three modules, each ending in an assessment passed at
80%. Module 1 is mandatory for governing body and committee members and anyone taking part
in commissioning or procurement decisions; modules 2 and 3 are optional. Records are
evidence for the annual audit: a mistaken one is withdrawn with a reason, never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from interests.models.people import Member

PASS_MARK = 80
# A pass counts for a year: decision-making staff are reminded once it is older than that.
PASS_VALID_DAYS = 365


class TrainingModule(models.TextChoices):
    MODULE_1 = "module_1", "Module 1: what conflicts of interest are and how to declare them"
    MODULE_2 = "module_2", "Module 2: conflicts of interest across the commissioning cycle"
    MODULE_3 = "module_3", "Module 3: chairs, primary care committees and breaches"


REQUIRED_MODULE = TrainingModule.MODULE_1


class TrainingRecord(models.Model):
    class Source(models.TextChoices):
        ENTERED = "entered", "Entered on screen"
        IMPORTED = "imported", "Imported from a file"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="training_records")
    module = models.CharField(max_length=10, choices=TrainingModule.choices)
    completed_on = models.DateField(help_text="The date of the assessment")
    score = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)], help_text="The assessment score, in per cent"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        permissions = [("record_training", "Can record conflicts of interest training")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "module", "completed_on"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_training_result_per_module_per_day",
            ),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_module_display()} ({self.completed_on:%d %b %Y})"

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK
