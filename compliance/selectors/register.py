"""The breaches register as rows: the internal register (each reader's own copy: evidence
named through their access checks) and the anonymised published one. The pages, the CSV
downloads and the PDFs all read these, so they never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from compliance.models import Breach
from compliance.selectors.breaches import evidence_rows
from core.csv_export import csv_date

FULL_COLUMNS = (
    "Reference",
    "Outcome",
    "Kind",
    "Who",
    "Happened on",
    "What happened",
    "How found",
    "Evidence",
    "Action taken",
    "Reported to NHS England",
    "Reported on",
    "Reviewed by",
    "Reviewed on",
    "Guardian's review",
    "Published: what happened",
    "Published: action taken",
)

PUBLISHED_COLUMNS = (
    "Reference",
    "Month",
    "Who",
    "What happened",
    "How found",
    "Action taken",
    "Reported to NHS England",
)


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _how_found(breach: Breach) -> str:
    label = breach.get_how_found_display()
    return f"{label}: {breach.how_found_detail}" if breach.how_found_detail else label


def full_rows(user: Any, breaches: Sequence[Breach]) -> list[list[str]]:
    """One row per breach, as ``user`` may read it (evidence named for them)."""
    evidence = evidence_rows(user, breaches)
    rows = []
    for breach in breaches:
        reviewer = breach.reviewed_by
        rows.append(
            [
                breach.reference,
                breach.get_status_display(),
                breach.get_rule_display(),
                breach.member.full_name if breach.member else "",
                csv_date(breach.occurred_on),
                breach.what_happened,
                _how_found(breach),
                "\n".join(f"{line.label}: {line.value}" for line in evidence[breach.pk]),
                breach.action_taken,
                _yes_no(breach.reported_to_nhse),
                csv_date(breach.reported_to_nhse_on),
                (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "",
                csv_date(breach.reviewed_at),
                breach.review_note,
                breach.public_summary,
                breach.public_action,
            ]
        )
    return rows


def anonymous_who(breach: Breach) -> str:
    """Who, as the public reads it: never a name."""
    if breach.member is None:
        return "Not one person"
    return "A decision-maker" if breach.member.is_decision_maker else "A member of staff"


@dataclass(frozen=True)
class PublishedRow:
    reference: str
    month: str
    who: str
    what_happened: str
    how_found: str
    action_taken: str
    reported: str

    def cells(self) -> list[str]:
        return [
            self.reference,
            self.month,
            self.who,
            self.what_happened,
            self.how_found,
            self.action_taken,
            self.reported,
        ]


def published_rows(breaches: Sequence[Breach]) -> list[PublishedRow]:
    """Only the Guardian's anonymised words, the month and the outcome: no evidence, no
    names, no item or bid."""
    return [
        PublishedRow(
            reference=breach.reference,
            month=f"{breach.occurred_on:%B %Y}",
            who=anonymous_who(breach),
            what_happened=breach.public_summary,
            how_found=breach.get_how_found_display(),
            action_taken=breach.public_action,
            reported=_yes_no(breach.reported_to_nhse),
        )
        for breach in breaches
    ]
