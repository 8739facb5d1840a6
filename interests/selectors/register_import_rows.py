"""Reading one row of an uploaded register: checks in words a secretary can act on, and the
(unsaved) interest it would become."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils import timezone

from interests import import_values
from interests.models import Interest, Member
from interests.register_import_fields import FIELDS_BY_KEY, REQUIRED_FIELDS
from interests.selectors.register_import_lookup import RegisterLookup, normal_name
from interests.tabular import Cell, Table, TableRow

NAME_MAX = 200
TEXT_MAX = 2000


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


def _text(cell: Cell) -> str:
    if isinstance(cell, datetime.date):
        return cell.strftime("%d/%m/%Y")
    return cell


def row_cells(row: TableRow, table: Table, mapping: dict[str, str]) -> dict[str, Cell]:
    return {
        key: row.cells[table.column(heading)]
        for key, heading in mapping.items()
        if heading in table.headings
    }


_MODEL_FOREIGN_KEYS = ["declarant", "organisation", "reviewed_by", "withholding_decided_by"]


class RowReader:
    """Checks one row and, when it is sound, builds its interest."""

    def __init__(self, row: TableRow, cells: dict[str, Cell], register: RegisterLookup) -> None:
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
            source=Interest.Source.IMPORT,
            description=self.text("description"),
            action_taken=self.text("action_taken"),
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
        same_name = register.organisations_by_name.get(normal_name(value), [])
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
        if value and interest.nature == Interest.Nature.OTHER and normal_name(value) != "other":
            self.preview.notes.append(f"Nature “{value}” is recorded as “Other”.")

    def _date(self, key: str, read: Callable[..., datetime.date | None]) -> datetime.date | None:
        value = self.raw.get(key, "")
        label = FIELDS_BY_KEY[key].label
        parsed = self.attempt(lambda: read(value, label=label) if value else None)
        return parsed if isinstance(parsed, datetime.date) else None

    def _dates(self, interest: Interest) -> None:
        """The dates, and what they mean in words a secretary can act on (ADR 0027)."""
        errors_before = len(self.preview.errors)
        start = self._date("start_date", import_values.start_date_parse)
        end = self._date("end_date", import_values.end_date_parse)
        registered = self._date("registered_on", import_values.date_parse)
        if len(self.preview.errors) > errors_before:
            return
        interest.start_date = start
        interest.end_date = end
        if start is None:
            self.preview.notes.append(
                "Start date unknown: the interest is treated as held since before any "
                "meeting, and the member will be asked to add the date."
            )
        if start is not None and end is not None and end < start:
            self.error(
                f"The interest ends ({end:%d/%m/%Y}) before it begins ({start:%d/%m/%Y}). One "
                "of the two dates is probably mistyped: correct it, or empty the date from if "
                "nobody knows when the interest began."
            )
        if registered is None:
            return
        if registered > timezone.localdate():
            self.error(
                f"The date registered ({registered:%d/%m/%Y}) is in the future. Check the "
                "date: an interest can only be registered on or before today."
            )
            return
        interest.submitted_at = timezone.make_aware(
            datetime.datetime.combine(registered, datetime.time(12))
        )
        if end is not None and end < registered:
            self.preview.notes.append(
                f"Ended on {end:%d/%m/%Y}, before it was registered on {registered:%d/%m/%Y}: "
                "imported as an interest that had already ended when it was declared."
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
