"""What a compliance figure is: a count, what it is out of, the groups it splits into and
the rows (people, meetings, entries) behind it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    """A calendar year, as the breaches register and the audit pack count them."""

    year: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, 1, 1))

    @property
    def end_at(self) -> datetime.datetime:
        """The first moment after the year (exclusive)."""
        return timezone.make_aware(datetime.datetime(self.year + 1, 1, 1))

    def as_of(self, today: datetime.date) -> datetime.date:
        """The day the year's standing figures are read on: its last day, or today."""
        return min(self.end, today)


@dataclass(frozen=True)
class Behind:
    """One row behind a figure: whom or what it counts, and why."""

    name: str
    detail: str
    group: str = ""
    member_id: int | None = None


@dataclass(frozen=True)
class GroupRow:
    group: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    out_of: int | None = None
    hint: str = ""
    behind_heading: str = "Behind this figure"
    behind: list[Behind] = field(default_factory=list)
    group_columns: tuple[str, ...] = ()
    groups: list[GroupRow] = field(default_factory=list)
    # Figures that should be nil (conflicted people receiving papers) show how they are
    # worked out, so an auditor can run the same check.
    expected_none: bool = False
    evidence_query: str = ""
    evidence_sql: str = ""

    @property
    def percent(self) -> int | None:
        if self.out_of is None or not self.out_of:
            return None
        return round(100 * self.value / self.out_of)

    @property
    def summary(self) -> str:
        if self.out_of is None:
            return str(self.value)
        percent = f" ({self.percent}%)" if self.percent is not None else ""
        return f"{self.value} of {self.out_of}{percent}"


def day(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return f"{value.day} {value:%B %Y}"
