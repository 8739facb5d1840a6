"""How register entries read on the page and in CSV, in NHS England's template layout."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from core.csv_export import csv_date
from interests.models import Interest

PUBLISHED_COLUMNS = (
    "Name",
    "Current position(s) held",
    "Declared interest (organisation and nature of business)",
    "Type of interest",
    "Direct or indirect",
    "Nature of interest",
    "Date from",
    "Date to",
    "Action taken to mitigate risk",
)

FULL_COLUMNS = (
    *PUBLISHED_COLUMNS,
    "Whose interest (indirect)",
    "Status",
    "Submitted",
    "Declared more than 28 days late",
    "Reviewed by",
    "Publication",
    "Source",
)


def _date(value: datetime.date | datetime.datetime | None) -> str:
    return csv_date(value)


@dataclass(frozen=True)
class RegisterRow:
    interest: Interest
    positions: str

    @property
    def name(self) -> str:
        return self.interest.declarant.full_name

    @property
    def declared_interest(self) -> str:
        interest = self.interest
        business = interest.organisation.business_description if interest.organisation else ""
        return (
            f"{interest.organisation_label} ({business})"
            if business
            else interest.organisation_label
        )

    @property
    def directness(self) -> str:
        interest = self.interest
        if not interest.is_indirect:
            return "Direct"
        return f"Indirect ({interest.get_related_person_relationship_display().lower()})"

    @property
    def nature(self) -> str:
        interest = self.interest
        text = interest.get_nature_display()
        return f"{text}: {interest.description}" if interest.description else text

    def published_cells(self) -> list[str]:
        interest = self.interest
        return [
            self.name,
            self.positions,
            self.declared_interest,
            interest.interest_type_label,
            self.directness,
            self.nature,
            _date(interest.start_date) or "Start date unknown",
            _date(interest.end_date),
            interest.action_taken,
        ]

    def full_cells(self) -> list[str]:
        interest = self.interest
        return [
            *self.published_cells(),
            interest.related_person_name,
            interest.get_status_display(),
            _date(interest.submitted_at),
            "Yes" if interest.declared_late else "No",
            interest.reviewed_by.get_username() if interest.reviewed_by else "",
            interest.get_withholding_display(),
            interest.get_source_display(),
        ]


def register_rows(
    entries: Iterable[Interest], positions: dict[int, list[str]]
) -> list[RegisterRow]:
    return [RegisterRow(i, "; ".join(positions.get(i.declarant_id, []))) for i in entries]
