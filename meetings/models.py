"""Committees, meetings, agendas, papers, minutes and the chair's decisions on conflicts."""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import StoredDocument
from interests.models import Interest, Member, Organisation


class Committee(models.Model):
    """The governing body or a committee that takes decisions, with its quorum rule."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    quorum_minimum_voting = models.PositiveSmallIntegerField(
        "Minimum voting members present",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="From the terms of reference, for example 5",
    )
    referral_committees = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Committees this one may refer an item to when it cannot be quorate",
    )

    class Meta:
        ordering = ["name"]
        permissions = [("manage_committees", "Can set up committees, membership and quorum")]

    def __str__(self) -> str:
        return self.name


class QuorumRoleRequirement(models.Model):
    """E.g. "at least 1 GP" or "at least 1 lay member" among the voting members present."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="role_requirements"
    )
    professional_role = models.CharField(max_length=20, choices=Member.ProfessionalRole.choices)
    minimum = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["professional_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "professional_role"], name="one_requirement_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee}: at least {self.minimum} {self.get_professional_role_display()}"


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

    def is_current_on(self, day: datetime.date) -> bool:
        """This membership held on the day (``CommitteeMembershipQuerySet.current_on``)."""
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)


class ReserveMember(models.Model):
    """Someone who may be co-opted when conflicts cost the committee its quorum."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="reserve")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reserve_places")
    note = models.CharField(
        max_length=200, blank=True, help_text="For example, GP from Southfield CCG"
    )

    class Meta:
        ordering = ["member__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member"], name="reserve_once_per_committee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} (reserve for {self.committee})"


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        permissions = [
            ("manage_meetings", "Can build agendas, attendance and papers"),
            ("record_meeting", "Can record declarations, decisions and minutes at a meeting"),
            ("view_all_papers", "Can see every paper and minute, whatever the conflicts"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%-d %B %Y")
        return f"{self.title or self.committee.name}, {when}"

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()


class Attendance(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Co-opted"
        IN_ATTENDANCE = "in_attendance", "In attendance (no vote)"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances")
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.MEMBER)
    is_voting = models.BooleanField(default=True)
    apologies = models.BooleanField(default=False)
    # When the person last said, before the meeting, that their register entries are correct.
    entries_confirmed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member__last_name", "member__first_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attend_once")]

    def __str__(self) -> str:
        return f"{self.member.short_name} at {self.meeting} ({self.get_kind_display()})"


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        DECISION = "decision", "Decision"
        DISCUSSION = "discussion", "Discussion"
        INFORMATION = "information", "Information"

    class Part(models.TextChoices):
        OPEN = "I", "Part I (open)"
        CONFIDENTIAL = "II", "Part II (confidential)"

    class Remedy(models.TextChoices):
        NONE = "", "None"
        CO_OPT = "co_opt", "Co-opted non-conflicted members"
        REFER = "refer", "Referred to another committee"
        PANEL = "panel", "A non-conflicted panel will decide"
        DEFER = "defer", "Deferred to a later meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION)
    part = models.CharField(max_length=2, choices=Part.choices, default=Part.OPEN)
    title_is_confidential = models.BooleanField(
        default=False,
        help_text="Hide even the title from people withheld from this item",
    )
    affected_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="agenda_items"
    )
    remedy = models.CharField(max_length=10, choices=Remedy.choices, blank=True, default="")
    remedy_note = models.TextField(blank=True)
    referred_to = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="referred_items"
    )

    history = HistoricalRecords(excluded_fields=["position"])

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position")
        ]

    def __str__(self) -> str:
        return f"Item {self.position}: {self.title}"

    @property
    def number(self) -> str:
        return str(self.position)

    @property
    def is_confidential(self) -> bool:
        return self.part == self.Part.CONFIDENTIAL


def paper_upload_to(instance: Paper, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"papers/{instance.item.meeting_id}/{uuid.uuid4().hex}{suffix}"


class Paper(StoredDocument):
    """A document for an agenda item. Served only through a permission-checked view."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_upload_to, max_length=300)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class ItemMinutes(models.Model):
    """The minutes of one agenda item. Their readers are decided like the item's papers."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(blank=True, max_length=20000)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "item minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.item}"


class ConflictDecision(models.Model):
    """The chair's decision on one conflict on one item, and evidence it was carried out."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="conflict_decisions"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="conflict_decisions")
    action = models.PositiveSmallIntegerField(
        choices=[
            (1, "Does not attend the meeting"),
            (2, "Does not receive the papers or minutes for the item, and leaves the room"),
            (3, "Leaves the room for the discussion and the decision"),
            (4, "May take part in the discussion but not in the decision"),
            (5, "Interest noted: takes full part"),
        ]
    )
    reason = models.TextField(blank=True, max_length=2000)
    suggested_action = models.PositiveSmallIntegerField(null=True, blank=True)
    chain = models.TextField(blank=True, help_text="Why the person was conflicted, when decided")
    public_chain = models.TextField(
        blank=True, help_text="The same, naming no related person, for public minutes and registers"
    )
    words = models.TextField(
        blank=True, help_text="The chain in plain words, one sentence a line, for the minutes"
    )
    public_words = models.TextField(
        blank=True, help_text="The same words, naming no related person, for the public"
    )
    left_at = models.TimeField(null=True, blank=True)
    returned_at = models.TimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "member__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_decision_per_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.member.short_name} on {self.item}: {self.get_action_display()}"


# The related person of an indirect interest declared at a meeting, until the member
# completes the draft register entry made from it.
RELATED_PERSON_TO_COMPLETE = "(to be completed)"


class MeetingDeclarationQuerySet(models.QuerySet["MeetingDeclaration"]):
    def standing(self) -> MeetingDeclarationQuerySet:
        """Declarations that count: not recorded by the Guardian as made in error."""
        return self.filter(in_error_at__isnull=True)


class MeetingDeclaration(models.Model):
    """An interest declared at the meeting, under "declarations of interest".

    A declaration is a declaration: when it made a draft register entry, that draft counts
    for recusal and paper access at this and every later meeting until the member completes
    it (then the entry counts) or the Conflicts Guardian records that the declaration was
    made in error (``in_error_at``, with the reason; audited).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="declarations")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="meeting_declarations"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(max_length=2000)
    interest = models.ForeignKey(
        Interest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_declarations",
        help_text="The register entry it matches, or the draft created from it",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A declaration about one item is settled by the chair's decision on that item
    # (a ConflictDecision). One about no item is settled by "no action needed", with a reason.
    no_action_reason = models.TextField(blank=True, max_length=2000)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    in_error_at = models.DateTimeField(null=True, blank=True)
    in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    in_error_reason = models.TextField(blank=True, max_length=2000)

    objects = MeetingDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]
        permissions = [
            (
                "record_declaration_error",
                "Can record that a declaration made at a meeting was made in error",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.short_name} declared at {self.meeting}: {self.description[:60]}"

    @property
    def is_in_error(self) -> bool:
        return self.in_error_at is not None


class MinutesErratum(models.Model):
    """A correction to approved minutes. Approved minutes never change: a dated erratum is
    shown with them instead, to the readers of the item it corrects."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="errata")
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="errata",
        help_text="The item corrected; empty for attendance or the declarations",
    )
    text = models.TextField(max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "minutes errata"

    def __str__(self) -> str:
        return f"Correction to the minutes of {self.meeting} ({self.recorded_at:%Y-%m-%d})"


class CalendarFeed(models.Model):
    """A member's private calendar link: only a hash of its token is kept, so the link is
    shown once, when made; making a new one or revoking it ends the old one (ADR 0033)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar link for {self.member}"
