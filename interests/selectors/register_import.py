"""Reading an uploaded register of interests: the dry-run preview.

Nothing here writes. The preview reads the stored file with the stored column
mapping, checks every row against the members, organisations and interests
already in the database, and builds (unsaved) the interests a commit would
create. The commit recomputes it inside its transaction and imports only if
its fingerprint matches the one the secretary saw.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from interests import import_values
from interests.models import ImportBatch, Interest, Member, Organisation
from interests.register_import_fields import FIELDS_BY_KEY, REQUIRED_FIELDS
from interests.tabular import Cell, Table, TableRow, table_read

NAME_MAX = 200
TEXT_MAX = 2000


# --- Batches ---------------------------------------------------------------


def register_import_batch_get(pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch, pk=pk, kind=ImportBatch.Kind.REGISTER)


def register_import_batches_recent(limit: int = 10) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(kind=ImportBatch.Kind.REGISTER).select_related("uploaded_by")[
        :limit
    ]


def register_import_table(batch: ImportBatch) -> Table:
    return table_read(content=bytes(batch.content), encoding=batch.encoding)


# --- The preview -----------------------------------------------------------


class Outcome(StrEnum):
    IMPORT = "import"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass
class PreviewRow:
    number: int
    cells: dict[str, str]  # the mapped values as the file has them, for display
    outcome: Outcome = Outcome.IMPORT
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    member: Member | None = None
    organisation_name: str = ""  # the organisation on our list it matched, if any
    interest: Interest | None = None  # built, not saved, for rows to import


@dataclass
class RegisterImportPreview:
    rows: list[PreviewRow]
    fingerprint: str

    def _count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def to_import_count(self) -> int:
        return self._count(Outcome.IMPORT)

    @property
    def duplicate_count(self) -> int:
        return self._count(Outcome.DUPLICATE)

    @property
    def error_count(self) -> int:
        return self._count(Outcome.ERROR)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def rows_errors_first(self) -> list[PreviewRow]:
        return sorted(self.rows, key=lambda row: (row.outcome != Outcome.ERROR, row.number))

    @property
    def interests(self) -> list[Interest]:
        return [row.interest for row in self.rows if row.interest is not None]

    def summary(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "to_import": self.to_import_count,
            "duplicates": self.duplicate_count,
            "errors": self.error_count,
        }


def _normal_name(value: str) -> str:
    return " ".join(value.split()).casefold()


OrganisationKey = tuple[str, int | str]
DuplicateKey = tuple[int, OrganisationKey, str, datetime.date]


def _organisation_key(organisation_id: int | None, organisation_name: str) -> OrganisationKey:
    if organisation_id is not None:
        return ("id", organisation_id)
    return ("name", _normal_name(organisation_name))


class _Register:
    """What the rows are checked against, loaded in a few queries."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Member]] = defaultdict(list)
        self.by_initial: dict[str, list[Member]] = defaultdict(list)
        self.by_email: dict[str, Member] = {}
        for member in Member.objects.order_by("last_name", "first_name", "pk"):
            self.by_name[import_values.person_name_key(member.full_name)].append(member)
            initial = import_values.person_initial_key(
                f"{member.first_name[:1]} {member.last_name}"
            )
            if initial:
                self.by_initial[initial].append(member)
            if member.email:
                self.by_email[member.email.casefold()] = member

        self.organisations: dict[int, str] = {}
        self.organisation_by_code: dict[str, int] = {}
        self.organisations_by_name: dict[str, list[int]] = defaultdict(list)
        for pk, name, code in Organisation.objects.values_list("pk", "name", "ods_code"):
            self.organisations[pk] = name
            if code:
                self.organisation_by_code[code.strip().upper()] = pk
            self.organisations_by_name[_normal_name(name)].append(pk)

        self.existing: set[DuplicateKey] = {
            (declarant_id, _organisation_key(org_id, org_name), category, start)
            for declarant_id, org_id, org_name, category, start in (
                Interest.objects.declared().values_list(
                    "declarant_id", "organisation_id", "organisation_name", "category", "start_date"
                )
            )
        }

    def member_find(self, name: str, email: str, role: str) -> Member:
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        candidates = self.by_name.get(import_values.person_name_key(name), [])
        if not candidates:
            initial = import_values.person_initial_key(name)
            candidates = self.by_initial.get(initial, []) if initial else []
        if not candidates:
            raise ValueError(
                f"No member is called “{name}”. Check the spelling, or add them as a member first."
            )
        if len(candidates) > 1 and role:
            same_role = [m for m in candidates if _normal_name(m.job_title) == _normal_name(role)]
            candidates = same_role or candidates
        if len(candidates) > 1:
            listed = "; ".join(f"{m.full_name} ({m.job_title})" for m in candidates)
            raise ValueError(
                f"More than one member matches “{name}”: {listed}. Add their email address "
                "in a column of its own to say which."
            )
        return candidates[0]


def _text(cell: Cell) -> str:
    if isinstance(cell, datetime.date):
        return cell.strftime("%d/%m/%Y")
    return cell


def _row_cells(row: TableRow, table: Table, mapping: dict[str, str]) -> dict[str, Cell]:
    return {
        key: row.cells[table.column(heading)]
        for key, heading in mapping.items()
        if heading in table.headings
    }


_MODEL_FOREIGN_KEYS = ["declarant", "organisation", "reviewed_by", "withholding_decided_by"]


class _RowReader:
    """Checks one row and, when it is sound, builds its interest."""

    def __init__(self, row: TableRow, cells: dict[str, Cell], register: _Register) -> None:
        self.register = register
        self.raw = cells
        self.preview = PreviewRow(
            number=row.number, cells={key: _text(value) for key, value in cells.items()}
        )
        if row.has_extra_values:
            self.error(
                "This row has more values than the file has headings. Check for a comma or "
                "quote mark out of place."
            )

    def text(self, key: str) -> str:
        return self.preview.cells.get(key, "")

    def error(self, message: str) -> None:
        self.preview.errors.append(message)

    def attempt(self, read: Callable[[], object]) -> object | None:
        try:
            return read()
        except ValueError as exc:
            self.error(str(exc))
            return None

    def read(self) -> PreviewRow:
        for required in REQUIRED_FIELDS:
            if not self.text(required.key):
                self.error(f"{required.label} is empty.")
        for key, limit in (
            ("name", NAME_MAX),
            ("organisation", NAME_MAX),
            ("related_person_name", NAME_MAX),
            ("description", TEXT_MAX),
            ("action_taken", TEXT_MAX),
        ):
            if len(self.text(key)) > limit:
                label = FIELDS_BY_KEY[key].label
                self.error(
                    f"{label} is {len(self.text(key)):,} characters long; the register holds "
                    f"at most {limit:,}."
                )

        interest = Interest(
            description=self.text("description"), action_taken=self.text("action_taken")
        )
        self._member(interest)
        self._category(interest)
        self._organisation(interest)
        self._nature(interest)
        self._dates(interest)
        if not self.preview.errors:
            self._model_checks(interest)
        if self.preview.errors:
            self.preview.outcome = Outcome.ERROR
        else:
            self.preview.interest = interest
        return self.preview

    def _member(self, interest: Interest) -> None:
        name = self.text("name")
        if not name or len(name) > NAME_MAX:
            return
        member = self.attempt(
            lambda: self.register.member_find(name, self.text("email"), self.text("role"))
        )
        if isinstance(member, Member):
            self.preview.member = member
            interest.declarant = member

    def _category(self, interest: Interest) -> None:
        value = self.text("category")
        if not value:
            return
        reading = self.attempt(lambda: import_values.category_parse(value))
        if not isinstance(reading, import_values.CategoryReading):
            return
        interest.category = reading.category
        if reading.category != Interest.Category.INDIRECT:
            return
        other_type = self.text("indirect_type")
        if other_type:
            parsed = import_values.interest_type_parse(other_type)
            if parsed is None:
                self.error(
                    f"Type of the other person's interest “{other_type}” is not one we know. "
                    "Use Financial, Non-financial professional or Non-financial personal."
                )
            interest.indirect_type = parsed or ""
        elif reading.indirect_type:
            interest.indirect_type = reading.indirect_type
        else:
            self.error(
                f"“{value}” is an indirect interest, but the row does not say which type the "
                "other person's interest is. Write, for example, “Indirect financial”, or "
                "choose a column for the type of the other person's interest."
            )
        whose = self.text("relationship")
        if not whose:
            self.error(
                "An indirect interest needs to say whose interest it is. "
                + import_values.RELATIONSHIP_HELP
            )
            return
        reading_whose = self.attempt(lambda: import_values.whose_interest_parse(whose))
        if not isinstance(reading_whose, import_values.WhoseInterest):
            return
        interest.related_person_relationship = reading_whose.relationship
        interest.related_person_name = self.text("related_person_name") or reading_whose.name
        if not interest.related_person_name:
            self.error(
                f"An indirect interest needs the name of the person whose interest it is: "
                f"“{whose}” gives none. Write, for example, “Spouse: John Patel”, or choose a "
                "column for the name of the other person."
            )

    def _organisation(self, interest: Interest) -> None:
        value = " ".join(self.text("organisation").split())
        if not value or len(value) > NAME_MAX:
            return
        register = self.register
        same_name = register.organisations_by_name.get(_normal_name(value), [])
        organisation_id = register.organisation_by_code.get(value.upper())
        if organisation_id is None and len(same_name) == 1:
            organisation_id = same_name[0]
        if organisation_id is not None:
            interest.organisation_id = organisation_id
            self.preview.organisation_name = register.organisations[organisation_id]
            return
        interest.organisation_name = value
        if same_name:
            self.preview.notes.append(
                f"More than one organisation is called “{value}”: the name is kept as typed, "
                "for you to link to the right one later."
            )
        else:
            self.preview.notes.append(
                f"“{value}” is not on the list of organisations: the name is kept as typed, "
                "for you to link to an organisation later."
            )

    def _nature(self, interest: Interest) -> None:
        value = self.text("nature")
        interest.nature = import_values.nature_parse(value) if value else Interest.Nature.OTHER
        if value and interest.nature == Interest.Nature.OTHER and _normal_name(value) != "other":
            self.preview.notes.append(f"Nature “{value}” is recorded as “Other”.")

    def _dates(self, interest: Interest) -> None:
        start_value = self.raw.get("start_date", "")
        start = self.attempt(
            lambda: (
                import_values.date_parse(start_value, label="Date from") if start_value else None
            )
        )
        end_value = self.raw.get("end_date", "")
        end = self.attempt(
            lambda: import_values.date_parse(end_value, label="Date to") if end_value else None
        )
        if isinstance(start, datetime.date):
            interest.start_date = start
        if isinstance(end, datetime.date):
            interest.end_date = end
            if isinstance(start, datetime.date) and end < start:
                self.error(
                    f"Date to ({end:%d/%m/%Y}) is before date from ({start:%d/%m/%Y}). "
                    "An interest cannot end before it starts."
                )

    def _model_checks(self, interest: Interest) -> None:
        """The model's own rules, as a safety net; foreign keys were resolved above."""
        try:
            interest.full_clean(
                exclude=_MODEL_FOREIGN_KEYS, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                self.preview.errors.extend(messages)


def register_import_preview(
    *, batch: ImportBatch, table: Table | None = None
) -> RegisterImportPreview:
    """Every row's outcome if the batch were committed now. Raises TableError if unreadable."""
    table = table or register_import_table(batch)
    mapping = batch.column_mapping
    register = _Register()
    seen: dict[DuplicateKey, int] = {}
    rows: list[PreviewRow] = []
    for table_row in table.rows:
        preview = _RowReader(table_row, _row_cells(table_row, table, mapping), register).read()
        interest = preview.interest
        if interest is not None:
            key: DuplicateKey = (
                interest.declarant_id,
                _organisation_key(interest.organisation_id, interest.organisation_name),
                interest.category,
                interest.start_date,
            )
            if key in register.existing:
                preview.outcome = Outcome.DUPLICATE
                preview.notes = [
                    "Already on the register (same member, organisation, type and "
                    "start date): skipped."
                ]
                preview.interest = None
            elif key in seen:
                preview.outcome = Outcome.DUPLICATE
                preview.notes = [
                    f"Repeats row {seen[key]} (same member, organisation, type and "
                    "start date): skipped."
                ]
                preview.interest = None
            else:
                seen[key] = preview.number
        rows.append(preview)
    return RegisterImportPreview(rows=rows, fingerprint=_fingerprint(batch, rows))


def _fingerprint(batch: ImportBatch, rows: list[PreviewRow]) -> str:
    """Changes whenever the file, its mapping or any row's outcome would change."""
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(bytes(batch.content)).digest())
    outcomes = [
        [
            row.number,
            row.outcome.value,
            row.interest.declarant_id if row.interest else None,
            row.interest.organisation_id if row.interest else None,
        ]
        for row in rows
    ]
    digest.update(
        json.dumps(
            {"encoding": batch.encoding, "mapping": batch.column_mapping, "rows": outcomes},
            sort_keys=True,
        ).encode()
    )
    return digest.hexdigest()
