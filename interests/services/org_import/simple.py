"""The simple layout: a CSV with the header name,kind,ods_code,member_of."""

from __future__ import annotations

from dataclasses import dataclass

from interests.models import Organisation
from interests.selectors.organisations import normalise_organisation_name
from interests.services.org_import.ods import ODS_COLUMNS
from interests.services.org_import.plan import FileProblem, OrgImportPlan
from interests.services.org_import.reading import (
    Register,
    note_membership,
    note_organisation,
    records,
)

SIMPLE_COLUMNS = ("name", "kind", "ods_code", "member_of")


def _kind_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Organisation.Kind.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


@dataclass
class _SimpleRow:
    line: int
    name: str
    kind: str
    code: str
    member_of: str
    ok: bool = True
    organisation: Organisation | None = None


def _simple_header(line: int, cells: list[str]) -> dict[str, int]:
    found = [cell.strip().lstrip("\ufeff").lower() for cell in cells]
    expected = ", ".join(SIMPLE_COLUMNS)
    if len(cells) == ODS_COLUMNS and found and found[0] not in SIMPLE_COLUMNS:
        raise FileProblem(
            f"The first line must be the column names {expected}. This looks like the NHS ODS "
            "practice file (27 columns, no header row): choose that layout instead."
        )
    missing = [name for name in SIMPLE_COLUMNS if name not in found]
    unexpected = [name for name in found if name not in SIMPLE_COLUMNS]
    repeated = sorted({name for name in found if found.count(name) > 1})
    if missing or unexpected or repeated:
        details = []
        if missing:
            details.append("missing: " + ", ".join(missing))
        if unexpected:
            details.append("not expected: " + ", ".join(n or "(blank)" for n in unexpected))
        if repeated:
            details.append("more than once: " + ", ".join(repeated))
        raise FileProblem(
            f"Line {line} must be the column names {expected} (in any order); "
            + "; ".join(details)
            + "."
        )
    return {name: found.index(name) for name in SIMPLE_COLUMNS}


def plan_simple(plan: OrgImportPlan, text: str, register: Register) -> None:
    lines = records(text)
    try:
        header_line, header = next(lines)
    except StopIteration:
        raise FileProblem("The file is empty.") from None
    columns = _simple_header(header_line, header)
    kinds = _kind_lookup()
    kind_names = ", ".join(str(label) for _, label in Organisation.Kind.choices)

    rows: list[_SimpleRow] = []
    for line, cells in lines:
        plan.rows += 1
        if len(cells) != len(columns):
            plan.add_error(
                line,
                f"Line {line} has {len(cells)} values; each row needs {len(columns)} "
                f"({', '.join(SIMPLE_COLUMNS)}), in the order of the first line.",
            )
            continue
        values = {name: " ".join(cells[index].split()) for name, index in columns.items()}
        row = _SimpleRow(
            line=line,
            name=values["name"],
            kind=kinds.get(values["kind"].lower(), ""),
            code=values["ods_code"].upper(),
            member_of=values["member_of"],
        )
        problems = []
        if not row.name:
            problems.append("the name is empty")
        if not values["kind"]:
            problems.append(f"the kind is empty; use one of: {kind_names}")
        elif not row.kind:
            problems.append(f"the kind “{values['kind']}” is not one of: {kind_names}")
        if problems:
            row.ok = False
            plan.add_error(line, f"Line {line}: " + "; ".join(problems) + ".")
        rows.append(row)

    # Name every row first, so member_of may point at a row further down.
    file_by_code: dict[str, _SimpleRow] = {}
    file_by_name: dict[str, _SimpleRow] = {}
    for row in rows:
        if row.code:
            first = file_by_code.setdefault(row.code, row)
            if first is not row:
                row.ok = False
                plan.add_error(
                    row.line,
                    f"Line {row.line}: the ODS code {row.code} appears again (first on line "
                    f"{first.line}); each organisation may appear once.",
                )
                continue
        if row.name:
            key = normalise_organisation_name(row.name)
            first = file_by_name.setdefault(key, row)
            if first is not row and not (row.code and first.code):
                row.ok = False
                plan.add_error(
                    row.line,
                    f"Line {row.line}: “{row.name}” appears again (first on line "
                    f"{first.line}); give each an ODS code if they are different organisations.",
                )

    seen: set[int] = set()
    claimed: dict[int, int] = {}
    for row in rows:
        if not row.ok:
            continue
        organisation = _match_simple_row(plan, register, row)
        if organisation is None:
            row.ok = False
            continue
        if organisation.pk is not None:
            first_line = claimed.setdefault(organisation.pk, row.line)
            if first_line != row.line:
                row.ok = False
                plan.add_error(
                    row.line,
                    f"Line {row.line}: this is the same organisation as line {first_line} "
                    f"({organisation.name}); each organisation may appear once.",
                )
                continue
        values = {"name": row.name, "kind": row.kind, "ods_code": row.code or organisation.ods_code}
        if note_organisation(plan, organisation, values, line=row.line, seen=seen):
            row.organisation = organisation
        else:
            row.ok = False

    for row in rows:
        if not row.member_of or row.organisation is None:
            continue
        target = _resolve_member_of(plan, register, row, file_by_code, file_by_name)
        if target is None:
            continue
        if target is row.organisation:
            plan.add_error(
                row.line,
                f"Line {row.line}: member_of names the organisation itself; an organisation "
                "cannot be a member of itself.",
            )
            continue
        note_membership(
            plan,
            register,
            source=row.organisation,
            target=target,
            start_date=None,
            end_date=None,
            match_any_current=True,
        )


def _match_simple_row(
    plan: OrgImportPlan, register: Register, row: _SimpleRow
) -> Organisation | None:
    """The organisation in the register this row describes, a new one, or None on error."""
    if row.code and row.code in register.by_code:
        return register.by_code[row.code]
    same_name = register.by_name.get(normalise_organisation_name(row.name), [])
    if row.code:
        # A code added to an organisation already recorded by name alone.
        without_code = [o for o in same_name if not o.ods_code]
        return without_code[0] if len(without_code) == 1 else Organisation()
    if len(same_name) > 1:
        plan.add_error(
            row.line,
            f"Line {row.line}: {len(same_name)} organisations in the register are called "
            f"“{row.name}”; add the ODS code of the one you mean.",
        )
        return None
    return same_name[0] if same_name else Organisation()


def _resolve_member_of(
    plan: OrgImportPlan,
    register: Register,
    row: _SimpleRow,
    file_by_code: dict[str, _SimpleRow],
    file_by_name: dict[str, _SimpleRow],
) -> Organisation | None:
    wanted = row.member_of
    code = wanted.upper()
    key = normalise_organisation_name(wanted)
    in_file = file_by_code.get(code) or file_by_name.get(key)
    if in_file is not None:
        if in_file.organisation is None:
            plan.add_error(
                row.line,
                f"Line {row.line}: member_of “{wanted}” is the organisation on line "
                f"{in_file.line}, which has errors; correct that row first.",
            )
        return in_file.organisation
    if code in register.by_code:
        return register.by_code[code]
    same_name = register.by_name.get(key, [])
    if len(same_name) == 1:
        return same_name[0]
    if same_name:
        plan.add_error(
            row.line,
            f"Line {row.line}: member_of “{wanted}” matches {len(same_name)} organisations "
            "in the register; use the ODS code of the one you mean.",
        )
        return None
    plan.add_error(
        row.line,
        f"Line {row.line}: member_of “{wanted}” is not an organisation in this file or in the "
        "register; give its ODS code or its exact name, or add it as a row of this file.",
    )
    return None
