"""Records kept past their six years: what the secretary is offered to delete, and leavers.

The rules keep every record for six years after it ends. For a person who has left, a record
ends when they left or when the record itself ended, whichever is later: their register
entries, gifts and hospitality and declarations are then offered for deletion, one by one,
for the secretary to review. Nothing is deleted automatically, and nothing still inside its
six years is ever offered.

A record something else still refers to (an entry minuted as declared at a meeting, a person
named in minutes, on a panel or in the breaches register) is kept with what refers to it,
and the list says why: the database's own protection of those links decides.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone

from interests.models import Declaration, GiftOrHospitality, Member

RETENTION_YEARS = 6


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def kept_until(left_on: datetime.date, *ends: datetime.date | None) -> datetime.date:
    """The last day a leaver's record must be kept: six years after it ended, which is no
    earlier than the day they left."""
    return years_after(max([left_on, *(e for e in ends if e is not None)]), RETENTION_YEARS)


def leavers_between(start: datetime.date, end: datetime.date) -> QuerySet[Member]:
    """People who left between the two days (inclusive), for the compliance figures."""
    return Member.objects.filter(left_on__gte=start, left_on__lte=end).order_by(
        "left_on", "last_name", "first_name"
    )


def leavers_past_retention(today: datetime.date) -> QuerySet[Member]:
    """Leavers whose six years since leaving have passed."""
    return Member.objects.filter(
        left_on__isnull=False, left_on__lt=years_after(today, -RETENTION_YEARS)
    ).order_by("left_on", "last_name", "first_name")


def held_by(obj: models.Model) -> list[str]:
    """What still refers to ``obj`` and stops its deletion, in words ("attendances")."""
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        blockers = (
            error.protected_objects
            if isinstance(error, ProtectedError)
            else error.restricted_objects
        )
        names = {str(o._meta.verbose_name_plural) for o in blockers}
        return sorted(names)
    return []


@dataclass(frozen=True)
class DueRecord:
    """One record of a leaver, offered for deletion (or shown as kept, and why)."""

    kind: str  # "interest", "gift", "declaration", "person"
    pk: int
    label: str
    kept_until: datetime.date
    held_by: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    @property
    def deletable(self) -> bool:
        return not self.held_by


@dataclass
class LeaverRecords:
    member: Member
    records: list[DueRecord] = field(default_factory=list)

    @property
    def deletable(self) -> list[DueRecord]:
        return [r for r in self.records if r.deletable]


def _interest_records(member: Member, today: datetime.date) -> Iterable[DueRecord]:
    left_on = member.left_on
    if left_on is None:
        return
    for interest in member.interests.select_related("organisation").order_by("start_date", "pk"):
        submitted = timezone.localdate(interest.submitted_at) if interest.submitted_at else None
        until = kept_until(left_on, interest.end_date, submitted)
        if until < today:
            yield DueRecord(
                "interest",
                interest.pk,
                f"Register entry: {interest.get_nature_display().lower()}, "
                f"{interest.organisation_label} (from {interest.start_date:%-d %B %Y})",
                until,
                tuple(held_by(interest)),
            )


def _gift_records(member: Member, today: datetime.date) -> Iterable[DueRecord]:
    left_on = member.left_on
    if left_on is None:
        return
    for gift in GiftOrHospitality.objects.filter(recipient=member).order_by("offered_on", "pk"):
        until = kept_until(left_on, gift.offered_on)
        if until < today:
            yield DueRecord(
                "gift",
                gift.pk,
                f"{gift.get_kind_display()} offered on {gift.offered_on:%-d %B %Y}",
                until,
                tuple(held_by(gift)),
            )


def _declaration_records(member: Member, today: datetime.date) -> Iterable[DueRecord]:
    left_on = member.left_on
    if left_on is None:
        return
    for declaration in Declaration.objects.filter(member=member).order_by("made_at", "pk"):
        made_on = timezone.localdate(declaration.made_at)
        until = kept_until(left_on, made_on)
        if until < today:
            yield DueRecord(
                "declaration",
                declaration.pk,
                f"{declaration.get_kind_display()} ({made_on:%-d %B %Y})",
                until,
                tuple(held_by(declaration)),
            )


def leaver_records(member: Member, today: datetime.date) -> LeaverRecords:
    records = [
        *_interest_records(member, today),
        *_gift_records(member, today),
        *_declaration_records(member, today),
    ]
    if member.left_on is not None:
        # The person's own record goes last, once nothing else refers to it; their register
        # records above refer to it until they are deleted, so they do not count here.
        own = {"interests", "gifts and hospitality", "declarations"}
        blockers = [name for name in held_by(member) if name not in own]
        offered = {(r.kind, r.pk) for r in records}
        kept = (
            [("interest", pk) for pk in member.interests.values_list("pk", flat=True)]
            + [("gift", pk) for pk in member.gifts.values_list("pk", flat=True)]
            + [("declaration", pk) for pk in member.declarations.values_list("pk", flat=True)]
        )
        if any(record not in offered for record in kept):
            blockers.append("their records still inside their six years")
        records.append(
            DueRecord(
                "person",
                member.pk,
                f"{member.full_name}'s own record (left on {member.left_on:%-d %B %Y})",
                kept_until(member.left_on),
                tuple(blockers),
            )
        )
    return LeaverRecords(member, records)


def deletion_list(today: datetime.date | None = None) -> list[LeaverRecords]:
    """Every leaver past their six years, with each record offered for deletion."""
    today = today or timezone.localdate()
    return [leaver_records(m, today) for m in leavers_past_retention(today)]


def deletion_due_count(today: datetime.date | None = None) -> int:
    """How many records await the secretary's review (the dashboard's figure)."""
    return sum(len(leaver.deletable) for leaver in deletion_list(today))
