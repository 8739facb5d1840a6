"""Reading one row of an uploaded staff list into what it says about a person.

No database: each value is read and checked in words a secretary can act on.
Whether the person exists, and what importing them would change, is worked out
by the dry run (``interests.services.people_import``), which runs the same
services as the people screens.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.roles import Role
from interests import import_values
from interests.models import Member
from interests.people_import_fields import FIELDS_BY_KEY, REQUIRED_FIELDS
from interests.tabular import Cell, Table, TableRow

_LIMITS = {
    "staff_number": 30,
    "assignment_number": 30,
    "title": 20,
    "first_name": 100,
    "last_name": 100,
    "job_title": 200,
    "staff_group": 100,
    "email": 254,
}

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}

_ROLE_NAMES: dict[str, str] = {
    "member": Role.MEMBER.value,
    "chair": Role.CHAIR.value,
    "secretary": Role.SECRETARY.value,
    "governance secretary": Role.SECRETARY.value,
    "conflicts guardian": Role.GUARDIAN.value,
    "conflicts of interest guardian": Role.GUARDIAN.value,
    "guardian": Role.GUARDIAN.value,
    "auditor": Role.AUDITOR.value,
}
_ADMINISTRATOR = {"system administrator", "administrator", "admin", "superuser"}

_PROFESSIONAL_ROLES: dict[str, str] = {
    **{label.casefold(): value for value, label in Member.ProfessionalRole.choices},
    **{str(value): str(value) for value in Member.ProfessionalRole.values},
    "lay": Member.ProfessionalRole.LAY,
    "general practitioner": Member.ProfessionalRole.GP,
    "consultant": Member.ProfessionalRole.SECONDARY_CARE,
    "secondary care": Member.ProfessionalRole.SECONDARY_CARE,
}

COMMITTEE_ROLES = {"chair": "chair", "vice chair": "vice_chair", "vicechair": "vice_chair"}


@dataclass(frozen=True)
class CommitteePlace:
    name: str
    role: str  # "member", "chair" or "vice_chair" (meetings' CommitteeMembership.Role)


@dataclass
class PersonRow:
    """What one row says; ``None`` or "" where the file has no column or an empty cell."""

    number: int
    cells: dict[str, str]  # the mapped values as the file has them, for display
    errors: list[str] = field(default_factory=list)
    staff_number: str = ""
    email: str = ""
    title: str | None = None
    first_name: str = ""
    last_name: str = ""
    job_title: str = ""
    staff_group: str | None = None
    professional_role: str | None = None
    assignment_number: str | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    decision_maker: bool | None = None
    roles: frozenset[str] = frozenset()
    committees: tuple[CommitteePlace, ...] = ()

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)


def _text(cell: Cell) -> str:
    if isinstance(cell, datetime.date):
        return cell.strftime("%d/%m/%Y")
    return " ".join(cell.split())


def _words(value: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", value.casefold()).split())


def name_split(value: str) -> tuple[str, str, str]:
    """("Dr", "Anita", "Patel") from "Dr Anita Patel" or "Patel, Anita (Dr)"."""
    text = " ".join(value.replace("(", " ").replace(")", " ").split())
    if "," in text:
        surname, _, rest = text.partition(",")
        text = f"{rest.strip()} {surname.strip()}"
    words = text.split()
    titles = [w for w in words if w.casefold().rstrip(".") in import_values.TITLES]
    names = [w for w in words if w.casefold().rstrip(".") not in import_values.TITLES]
    title = titles[0].rstrip(".") if titles else ""
    if len(names) < 2:
        return title, "", " ".join(names)
    return title, " ".join(names[:-1]), names[-1]


def professional_role_from(staff_group: str, job_title: str) -> str:
    """ESR's staff group read as a professional role, with the job title's help."""
    group = _words(staff_group)
    title = f" {_words(job_title)} "
    if " lay member " in title or title.strip().startswith("lay "):
        return Member.ProfessionalRole.LAY
    if "medical" in group:
        if " gp " in title or " general practitioner " in title:
            return Member.ProfessionalRole.GP
        return Member.ProfessionalRole.SECONDARY_CARE
    if "nursing" in group:
        return Member.ProfessionalRole.NURSE
    if "administrative" in group or "clerical" in group:
        return Member.ProfessionalRole.MANAGER
    return Member.ProfessionalRole.OTHER


class PersonRowReader:
    def __init__(self, row: TableRow, table: Table, mapping: dict[str, str]) -> None:
        self.raw: dict[str, Cell] = {
            key: row.cells[table.column(heading)]
            for key, heading in mapping.items()
            if heading in table.headings
        }
        self.mapped = set(self.raw)
        self.person = PersonRow(
            number=row.number, cells={key: _text(value) for key, value in self.raw.items()}
        )
        if row.has_extra_values:
            self.error(
                "This row has more values than the file has headings. Check for a comma or "
                "quote mark out of place."
            )

    def text(self, key: str) -> str:
        return self.person.cells.get(key, "")

    def error(self, message: str) -> None:
        self.person.errors.append(message)

    def read(self) -> PersonRow:
        person = self.person
        for required in REQUIRED_FIELDS:
            if not self.text(required.key):
                self.error(f"{required.label} is empty.")
        for key, limit in _LIMITS.items():
            if len(self.text(key)) > limit:
                self.error(
                    f"{FIELDS_BY_KEY[key].label} is {len(self.text(key)):,} characters long; "
                    f"a person's record holds at most {limit:,}."
                )
        person.staff_number = self.text("staff_number")
        person.job_title = self.text("job_title")
        if "assignment_number" in self.mapped:
            person.assignment_number = self.text("assignment_number")
        if "staff_group" in self.mapped:
            person.staff_group = self.text("staff_group")
        self._email()
        self._name()
        self._professional_role()
        self._dates()
        self._decision_maker()
        self._roles()
        self._committees()
        return person

    def _email(self) -> None:
        value = self.text("email")
        if not value:
            return
        try:
            validate_email(value)
        except ValidationError:
            self.error(f"Email address “{value}” is not an email address.")
            return
        self.person.email = BaseUserManager.normalize_email(value)

    def _name(self) -> None:
        person = self.person
        title, first, last = name_split(self.text("full_name"))
        person.first_name = self.text("first_name") or first
        person.last_name = self.text("last_name") or last
        if "title" in self.mapped or self.text("full_name"):
            person.title = self.text("title") or title
        if not person.first_name or not person.last_name:
            self.error(
                "The row needs the person's first and last names: in columns of their own, or "
                "as a full name such as “Patel, Anita”."
            )

    def _professional_role(self) -> None:
        value = self.text("professional_role")
        if value:
            role = _PROFESSIONAL_ROLES.get(_words(value)) or _PROFESSIONAL_ROLES.get(
                value.casefold()
            )
            if role is None:
                self.error(
                    f"Professional role “{value}” is not one we know. Use GP, Nurse, Lay "
                    "member, Manager, Secondary care doctor or Other."
                )
            self.person.professional_role = role
        elif self.person.staff_group is not None:
            self.person.professional_role = professional_role_from(
                self.person.staff_group, self.person.job_title
            )

    def _date(self, key: str) -> datetime.date | None:
        value = self.raw.get(key, "")
        if not value:
            return None
        try:
            return import_values.date_parse(value, label=FIELDS_BY_KEY[key].label)
        except ValueError as exc:
            self.error(str(exc))
            return None

    def _dates(self) -> None:
        person = self.person
        person.start_date = self._date("start_date")
        person.end_date = self._date("end_date")
        if person.start_date and person.end_date and person.end_date < person.start_date:
            self.error(
                f"End date ({person.end_date:%d/%m/%Y}) is before start date "
                f"({person.start_date:%d/%m/%Y}). Check both dates in the file."
            )

    def _decision_maker(self) -> None:
        value = self.text("decision_maker").casefold()
        if not value:
            return
        if value in _YES:
            self.person.decision_maker = True
        elif value in _NO:
            self.person.decision_maker = False
        else:
            self.error(f"Decision-maker “{self.text('decision_maker')}” should be Yes or No.")

    def _roles(self) -> None:
        roles: set[str] = set()
        for part in re.split(r"[,;/]", self.text("roles")):
            words = _words(part)
            if not words:
                continue
            if words in _ADMINISTRATOR:
                self.error(
                    "An import never makes anyone a system administrator: a system "
                    "administrator does that in the Django admin."
                )
            elif words in _ROLE_NAMES:
                roles.add(_ROLE_NAMES[words])
            else:
                self.error(
                    f"Role “{part.strip()}” is not one we know. Use Member, Chair, Secretary, "
                    "Conflicts Guardian or Auditor."
                )
        self.person.roles = frozenset(roles)

    def _committees(self) -> None:
        places: list[CommitteePlace] = []
        for part in self.text("committees").split(";"):
            text = " ".join(part.split())
            if not text:
                continue
            role = "member"
            match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", text)
            if match and _words(match.group(2)) in COMMITTEE_ROLES:
                text, role = match.group(1), COMMITTEE_ROLES[_words(match.group(2))]
            elif match and _words(match.group(2)) == "member":
                text = match.group(1)
            places.append(CommitteePlace(text, role))
        self.person.committees = tuple(places)


def people_rows_read(table: Table, mapping: dict[str, str]) -> list[PersonRow]:
    """Every row read; a staff number or email address that repeats an earlier row is an error."""
    rows = [PersonRowReader(row, table, mapping).read() for row in table.rows]
    first_with: dict[tuple[str, str], int] = {}
    for row in rows:
        for label, value in (
            ("staff number", row.staff_number.casefold()),
            ("email address", row.email.casefold()),
        ):
            if not value:
                continue
            earlier = first_with.setdefault((label, value), row.number)
            if earlier != row.number:
                row.errors.append(
                    f"The {label} {value} is also on row {earlier}: each person should be in "
                    "the file once."
                )
    return rows
