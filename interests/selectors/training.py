"""Who has passed NHS England's conflicts of interest training, and who must still do it.

``training_completion`` is the completion figure for decision-making staff: counts and the
names behind them, overall and by professional role (for the compliance dashboard).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from interests.models import Member, TrainingRecord
from interests.models.training import PASS_MARK, PASS_VALID_DAYS, REQUIRED_MODULE


def training_required() -> QuerySet[Member]:
    """Who must hold a current pass of module 1: active decision-making staff."""
    return Member.objects.filter(is_decision_maker=True, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


def pass_window_start(on: datetime.date) -> datetime.date:
    return on - datetime.timedelta(days=PASS_VALID_DAYS)


def current_passes(member_ids: list[int], *, on: datetime.date) -> dict[int, TrainingRecord]:
    """Each member's latest pass of the required module within the last year, by member id."""
    records = TrainingRecord.objects.filter(
        member_id__in=member_ids,
        module=REQUIRED_MODULE,
        score__gte=PASS_MARK,
        withdrawn_at__isnull=True,
        completed_on__gt=pass_window_start(on),
        completed_on__lte=on,
    ).order_by("member_id", "-completed_on", "-id")
    latest: dict[int, TrainingRecord] = {}
    for record in records:
        latest.setdefault(record.member_id, record)
    return latest


@dataclass(frozen=True)
class RoleFigure:
    role: str
    required: int
    complete: int


@dataclass(frozen=True)
class TrainingCompletion:
    """Decision-making staff with and without a current pass of module 1, on a date."""

    on: datetime.date
    complete: list[tuple[Member, TrainingRecord]]
    missing: list[Member]
    by_role: list[RoleFigure] = field(default_factory=list)

    @property
    def required(self) -> int:
        return len(self.complete) + len(self.missing)

    @property
    def complete_count(self) -> int:
        return len(self.complete)

    @property
    def percent(self) -> int | None:
        return round(100 * len(self.complete) / self.required) if self.required else None


def training_completion(*, on: datetime.date | None = None) -> TrainingCompletion:
    on = on or timezone.localdate()
    required = list(training_required())
    passes = current_passes([m.pk for m in required], on=on)
    complete = [(m, passes[m.pk]) for m in required if m.pk in passes]
    missing = [m for m in required if m.pk not in passes]
    labels = dict(Member.ProfessionalRole.choices)
    by_role = []
    for role in sorted({m.professional_role for m in required}):
        people = [m for m in required if m.professional_role == role]
        by_role.append(
            RoleFigure(
                role=labels.get(role, role),
                required=len(people),
                complete=sum(m.pk in passes for m in people),
            )
        )
    return TrainingCompletion(on=on, complete=complete, missing=missing, by_role=by_role)


def training_records_of(member: Member) -> list[TrainingRecord]:
    return list(member.training_records.select_related("recorded_by").order_by("-completed_on"))


def training_records_recent(limit: int = 50) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.select_related("member").order_by("-recorded_at", "-id")[:limit]


def training_due_for(member: Member, *, on: datetime.date | None = None) -> bool:
    """Whether the member must do module 1 now (decision-making, and no pass in a year)."""
    on = on or timezone.localdate()
    if not (member.is_decision_maker and member.is_active):
        return False
    return member.pk not in current_passes([member.pk], on=on)
