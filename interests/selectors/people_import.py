"""People imports: the stored batches, and what a dry run found, row by row.

The dry run itself writes (it runs the people screens' own services, then rolls
everything back), so it lives in ``interests.services.people_import``; these
are the shapes it returns and the reads around it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from interests.models import ImportBatch, Member
from interests.selectors.import_batches import import_batch_get, import_batches_recent
from interests.selectors.import_tables import import_table
from interests.selectors.people_import_rows import PersonRow


class Outcome(StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    LEAVING = "leaving"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass
class PersonOutcome:
    row: PersonRow
    outcome: Outcome = Outcome.ERROR
    member_id: int | None = None  # an existing person matched (None for a new one)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def errors(self) -> list[str]:
        return self.row.errors


@dataclass(frozen=True)
class LeaverCandidate:
    """An active person missing from a full import: offered, never recorded unasked."""

    member_id: int
    name: str
    job_title: str
    staff_number: str
    email: str


@dataclass
class PeopleImportPreview:
    rows: list[PersonOutcome]
    leavers: list[LeaverCandidate]
    full: bool
    fingerprint: str = ""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def error_count(self) -> int:
        return self.count(Outcome.ERROR)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def counts(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome) for outcome in Outcome}

    @property
    def rows_errors_first(self) -> list[PersonOutcome]:
        return sorted(self.rows, key=lambda row: (row.outcome != Outcome.ERROR, row.number))

    def summary(self) -> dict[str, int]:
        return {"rows": len(self.rows), **self.counts, "leavers_offered": len(self.leavers)}


def people_import_fingerprint(batch: ImportBatch, preview: PeopleImportPreview) -> str:
    """Changes whenever the file, its columns or what any row would do would change."""
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(bytes(batch.content)).digest())
    rows = [
        [row.number, row.outcome.value, row.member_id, row.changes, row.errors]
        for row in preview.rows
    ]
    digest.update(
        json.dumps(
            {
                "encoding": batch.encoding,
                "mapping": batch.column_mapping,
                "full": preview.full,
                "rows": rows,
                "leavers": [leaver.member_id for leaver in preview.leavers],
            },
            sort_keys=True,
            default=str,
        ).encode()
    )
    return digest.hexdigest()


people_import_batch_get = partial(import_batch_get, kind=ImportBatch.Kind.PEOPLE)
people_import_batches_recent = partial(import_batches_recent, ImportBatch.Kind.PEOPLE)


# The parsed table, kept like the register's (interests.selectors.import_tables).
people_import_table = import_table


def people_import_is_full(batch: ImportBatch) -> bool:
    return bool(batch.summary.get("full"))


def leaver_candidates(*, matched: set[int], actor: object) -> list[LeaverCandidate]:
    """Active people no row matched, but never the importer or a system administrator."""
    people = (
        Member.objects.filter(is_active=True)
        .exclude(pk__in=matched)
        .exclude(user__is_superuser=True)
        .order_by("last_name", "first_name", "pk")
    )
    own = getattr(actor, "member", None)
    if own is not None:
        people = people.exclude(pk=own.pk)
    return [
        LeaverCandidate(m.pk, m.full_name, m.job_title, m.staff_number, m.email) for m in people
    ]
