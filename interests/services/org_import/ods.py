"""The NHS ODS practice file, epraccur.csv: no header row, 27 quoted columns."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from interests.models import Organisation
from interests.services.org_import.plan import FileProblem, OrgImportPlan
from interests.services.org_import.reading import (
    Register,
    check_organisation,
    day_text,
    note_membership,
    note_organisation,
    records,
)

ODS_COLUMNS = 27
_ODS_STATUSES = {"A": "active", "C": "closed", "D": "dormant", "P": "proposed"}
_ODS_GP_PRACTICE_SETTING = "4"
_YYYYMMDD = re.compile(r"^\d{8}$")


def _parse_ods_date(value: str, *, column: int, what: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    if not _YYYYMMDD.match(value):
        raise ValueError(
            f"the {what} (column {column}) “{value}” is not a date written YYYYMMDD, like 20130401"
        )
    try:
        return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise ValueError(
            f"the {what} (column {column}) “{value}” is not a real date (YYYYMMDD)"
        ) from None


@dataclass
class _Practice:
    line: int
    code: str
    values: dict[str, Any]
    commissioner: str
    joined: datetime.date | None
    left: datetime.date | None


def _parse_ods_row(line: int, cells: list[str]) -> _Practice | str:
    """A practice, or the message saying what is wrong with the row."""
    if len(cells) != ODS_COLUMNS:
        return (
            f"Line {line} has {len(cells)} columns; each row of the NHS ODS practice file has "
            f"{ODS_COLUMNS}."
        )
    cells = [cell.strip() for cell in cells]
    problems = []
    code = cells[0].upper()
    name = " ".join(cells[1].split())
    if not code:
        problems.append("the organisation code (column 1) is empty")
    if not name:
        problems.append("the name (column 2) is empty")
    status = cells[12].upper()
    if status not in _ODS_STATUSES:
        problems.append(f"the status (column 13) “{cells[12]}” is not A, C, D or P")
    commissioner = cells[14].upper()
    joined = left = None
    try:
        joined = _parse_ods_date(cells[15], column=16, what="joined commissioner date")
    except ValueError as exc:
        problems.append(str(exc))
    try:
        left = _parse_ods_date(cells[16], column=17, what="left commissioner date")
    except ValueError as exc:
        problems.append(str(exc))
    if joined and left and left < joined:
        problems.append(
            f"the left commissioner date ({day_text(left)}) is before the joined date "
            f"({day_text(joined)})"
        )
    if commissioner and commissioner == code:
        problems.append("the commissioner (column 15) is the practice itself")
    if problems:
        return f"Line {line}: " + "; ".join(problems) + "."
    address = ", ".join(" ".join(part.split()) for part in cells[4:9] if part)
    kind = (
        Organisation.Kind.GP_PRACTICE
        if cells[25] == _ODS_GP_PRACTICE_SETTING
        else Organisation.Kind.OTHER
    )
    values = {
        "name": name,
        "ods_code": code,
        "kind": kind,
        "address": address,
        "postcode": " ".join(cells[9].split()).upper(),
        "is_active": status == "A",
    }
    return _Practice(line, code, values, commissioner, joined, left)


def plan_ods(plan: OrgImportPlan, text: str, register: Register) -> None:
    practices: dict[str, _Practice] = {}
    for line, cells in records(text):
        plan.rows += 1
        if plan.rows == 1 and len(cells) != ODS_COLUMNS:
            looks_simple = [c.strip().lower() for c in cells[:1]] == ["name"]
            raise FileProblem(
                f"This is not an NHS ODS practice file: that file has no header row and "
                f"{ODS_COLUMNS} quoted columns on every line (code, name, address lines, "
                f"postcode, dates, status, commissioner...), but line {line} has "
                f"{len(cells)}."
                + (" It looks like the simple layout: choose that instead." if looks_simple else "")
            )
        parsed = _parse_ods_row(line, cells)
        if isinstance(parsed, str):
            plan.add_error(line, parsed)
            continue
        first = practices.get(parsed.code)
        if first is not None:
            plan.add_error(
                line,
                f"Line {line}: the organisation code {parsed.code} appears again "
                f"(first on line {first.line}); each code may appear once.",
            )
            continue
        practices[parsed.code] = parsed

    seen: set[int] = set()
    organisations: dict[str, Organisation] = {}
    for code, practice in practices.items():
        organisation = register.by_code.get(code) or Organisation()
        values = dict(practice.values)
        if (
            organisation.pk is not None
            and values["kind"] == Organisation.Kind.OTHER
            and organisation.kind != Organisation.Kind.GP_PRACTICE
        ):
            # "Other" in the file only means "not a GP practice": keep a kind a
            # person chose (an NHS trust's walk-in centre, say).
            values["kind"] = organisation.kind
        if note_organisation(plan, organisation, values, line=practice.line, seen=seen):
            organisations[code] = organisation

    for code, practice in practices.items():
        if not practice.commissioner or code not in organisations:
            continue
        commissioner_code = practice.commissioner
        commissioner = organisations.get(commissioner_code) or register.by_code.get(
            commissioner_code
        )
        if commissioner is None:
            commissioner = Organisation(
                name=f"Commissioner {commissioner_code}",
                kind=Organisation.Kind.PUBLIC_BODY,
                ods_code=commissioner_code,
            )
            if not check_organisation(plan, practice.line, commissioner):
                continue
            plan.organisations_to_create.append(commissioner)
        elif commissioner.pk is not None and commissioner.pk not in seen:
            # An organisation already holding the code keeps its name and kind.
            seen.add(commissioner.pk)
            plan.organisations_unchanged += 1
        organisations[commissioner_code] = commissioner
        note_membership(
            plan,
            register,
            source=organisations[code],
            target=commissioner,
            start_date=practice.joined,
            end_date=practice.left,
        )
