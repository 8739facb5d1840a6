"""An entry on the register of interests."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from simple_history.models import HistoricalRecords

from interests.models.organisations import Organisation
from interests.models.people import Member

LATE_DECLARATION_DAYS = 28


class InterestQuerySet(models.QuerySet["Interest"]):
    def current_on(self, day: datetime.date) -> InterestQuerySet:
        # A start date nobody recorded means "since before any meeting" (ADR 0027).
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day),
        )

    def declared_late(self) -> InterestQuerySet:
        """Submitted by the declarant more than 28 days after the interest began."""
        limit = models.F("start_date") + datetime.timedelta(days=LATE_DECLARATION_DAYS)
        return (
            self.exclude(source="import")
            .annotate(submitted_on=TruncDate("submitted_at"))
            .filter(submitted_on__gt=limit)
        )

    def declared(self) -> InterestQuerySet:
        """Entries that are on the register (submitted or reviewed), not drafts."""
        return self.exclude(status=Interest.Status.DRAFT)


class Interest(models.Model):
    class Category(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        NON_FINANCIAL_PROFESSIONAL = "non_financial_professional", "Non-financial professional"
        NON_FINANCIAL_PERSONAL = "non_financial_personal", "Non-financial personal"
        INDIRECT = "indirect", "Indirect"

    class Type(models.TextChoices):
        """The three types of interest; an indirect interest has one too."""

        FINANCIAL = "financial", "Financial"
        NON_FINANCIAL_PROFESSIONAL = "non_financial_professional", "Non-financial professional"
        NON_FINANCIAL_PERSONAL = "non_financial_personal", "Non-financial personal"

    class Relationship(models.TextChoices):
        SPOUSE_OR_PARTNER = "spouse_or_partner", "Spouse or partner"
        CLOSE_RELATIVE = "close_relative", "Close relative"
        CLOSE_FRIEND = "close_friend", "Close friend"
        BUSINESS_PARTNER = "business_partner", "Business partner"

    class Nature(models.TextChoices):
        PARTNER = "partner", "Partner"
        DIRECTOR = "director", "Director"
        SHAREHOLDER = "shareholder", "Shareholder"
        EMPLOYEE = "employee", "Employee"
        CONSULTANT = "consultant", "Consultant or adviser"
        TRUSTEE = "trustee", "Trustee"
        MEMBER = "member", "Member"
        VOLUNTEER = "volunteer", "Volunteer"
        CLINICAL_LEAD = "clinical_lead", "Clinical lead"
        PATIENT_OR_USER = "patient_or_user", "Patient or service user"
        OWNER = "owner", "Owner"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        REVIEWED = "reviewed", "Reviewed"

    class Source(models.TextChoices):
        FORM = "form", "Declared by the member"
        IMPORT = "import", "Imported from an earlier register"
        MEETING = "meeting", "Declared at a meeting"

    class Withholding(models.TextChoices):
        NONE = "none", "Published"
        REQUESTED = "requested", "Withholding requested"
        APPROVED = "approved", "Withheld (approved by the Guardian)"
        REFUSED = "refused", "Withholding refused"

    declarant = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="interests")
    category = models.CharField(max_length=32, choices=Category.choices)
    indirect_type = models.CharField(
        max_length=32,
        choices=Type.choices,
        blank=True,
        help_text="For an indirect interest: the type of the other person's interest",
    )
    related_person_relationship = models.CharField(
        max_length=20, choices=Relationship.choices, blank=True
    )
    related_person_name = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interests",
    )
    organisation_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation as the declarant typed it, until the secretary links it",
    )
    nature = models.CharField(max_length=20, choices=Nature.choices)
    description = models.TextField(max_length=2000)
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="Empty only for an imported entry whose register never recorded it: the "
        "member is asked to add it",
    )
    end_date = models.DateField(null=True, blank=True)
    action_taken = models.TextField("Action taken to mitigate risk", max_length=2000, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_recorded_at = models.DateTimeField(null=True, blank=True)

    withholding = models.CharField(
        max_length=10, choices=Withholding.choices, default=Withholding.NONE
    )
    withholding_reason = models.TextField(max_length=2000, blank=True)
    withholding_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withholding_decided_at = models.DateTimeField(null=True, blank=True)
    withholding_decision_note = models.TextField(max_length=2000, blank=True)

    import_batch = models.ForeignKey(
        "interests.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interests",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["declarant__last_name", "-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="interest_ends_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(category="indirect") | ~Q(indirect_type=""),
                name="indirect_interest_has_a_type",
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["start_date", "end_date"]),
        ]
        permissions = [
            ("view_full_register", "Can view the full register of interests"),
            ("review_interest", "Can review submitted register entries"),
            ("approve_withholding", "Can approve withholding an entry from publication"),
            ("import_register", "Can import an existing register"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.declarant.short_name}: {self.get_nature_display()}, {self.organisation_label}"
        )

    # --- Derived values, used by the register and the recusal engine -----

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name  # type: ignore[union-attr]
        return self.organisation_name or "(no organisation)"

    @property
    def is_indirect(self) -> bool:
        return self.category == self.Category.INDIRECT

    @property
    def interest_type(self) -> str:
        """financial / non_financial_professional / non_financial_personal."""
        return self.indirect_type if self.is_indirect else self.category

    @property
    def interest_type_label(self) -> str:
        return self.Type(self.interest_type).label if self.interest_type else ""

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_withheld(self) -> bool:
        """Kept off the published register: approved, or awaiting the Guardian."""
        return self.withholding in (self.Withholding.APPROVED, self.Withholding.REQUESTED)

    @property
    def start_date_unknown(self) -> bool:
        """Imported from a register that never recorded when the interest began."""
        return self.start_date is None

    def is_current_on(self, day: datetime.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)

    @property
    def declared_late(self) -> bool:
        """Submitted more than 28 days after the interest began."""
        if self.submitted_at is None or self.source == self.Source.IMPORT:
            return False
        if self.start_date is None:
            return False
        delay = timezone.localdate(self.submitted_at) - self.start_date
        return delay.days > LATE_DECLARATION_DAYS

    @property
    def end_recorded_late(self) -> bool:
        if self.end_date is None or self.ended_recorded_at is None:
            return False
        recorded_on = timezone.localdate(self.ended_recorded_at)
        return (recorded_on - self.end_date).days > LATE_DECLARATION_DAYS

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date is None and self.source != self.Source.IMPORT:
            errors["start_date"] = "Enter the date the interest began"
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be the same as or after the start date"
        if self.is_indirect:
            if not self.indirect_type:
                errors["indirect_type"] = "Select the type of the other person's interest"
            if not self.related_person_relationship:
                errors["related_person_relationship"] = "Select whose interest this is"
            if not self.related_person_name.strip():
                errors["related_person_name"] = "Enter the name of the person whose interest it is"
        if not self.organisation_id and not self.organisation_name.strip():
            errors["organisation_name"] = "Choose or type the organisation the interest is in"
        if self.withholding == self.Withholding.REQUESTED and not self.withholding_reason.strip():
            errors["withholding_reason"] = "Give the reason the entry should not be published"
        if errors:
            raise ValidationError(errors)
