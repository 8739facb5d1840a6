"""Reading a CSV file, and matching what it says to the register as it is."""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from interests.models import Organisation, OrganisationRelationship
from interests.selectors.organisations import normalise_organisation_name
from interests.services.org_import.plan import FileProblem, OrgImportPlan

MEMBER_OF = OrganisationRelationship.Kind.MEMBER_OF


def decode(content: bytes) -> str:
    if not content.strip():
        raise FileProblem("The file is empty.")
    try:
        # utf-8-sig accepts UTF-8 with or without the byte order mark Excel adds.
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FileProblem(
            f"The file is not UTF-8 text (the first character that is not is on line {line}). "
            "It may have been saved as Windows or Excel text. In your spreadsheet, save it "
            "as “CSV UTF-8 (comma delimited)” and upload it again."
        ) from exc


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, cells) for each record that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next_line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileProblem(
                f"Line {reader.line_num} could not be read as CSV ({exc}). Check the file "
                "is a comma-separated text file."
            ) from exc
        line, next_line = next_line, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield line, cells


def day_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def validation_messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        parts: list[str] = []
        for name, errors in exc.message_dict.items():
            label = name.replace("_", " ")
            parts.extend(f"{label}: {message}" for message in errors)
        return "; ".join(parts)
    return "; ".join(exc.messages)


def check_organisation(plan: OrgImportPlan, line: int, organisation: Organisation) -> bool:
    """Field rules (lengths, choices), with no queries: uniqueness is checked by the import."""
    try:
        organisation.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        plan.add_error(line, f"Line {line}: {validation_messages(exc)}.")
        return False
    return True


# --- The register as it is ---------------------------------------------------------------


@dataclass
class Register:
    """Every organisation and member-of relationship, loaded in two queries."""

    by_code: dict[str, Organisation]
    by_name: dict[str, list[Organisation]]
    member_of: dict[tuple[int, int], list[OrganisationRelationship]]

    @classmethod
    def load(cls) -> Register:
        by_code: dict[str, Organisation] = {}
        by_name: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in Organisation.objects.order_by("id"):
            if organisation.ods_code:
                by_code[organisation.ods_code.upper()] = organisation
            by_name[normalise_organisation_name(organisation.name)].append(organisation)
        member_of: dict[tuple[int, int], list[OrganisationRelationship]] = defaultdict(list)
        for relationship in OrganisationRelationship.objects.filter(kind=MEMBER_OF).order_by("id"):
            member_of[(relationship.source_id, relationship.target_id)].append(relationship)
        return cls(by_code, by_name, member_of)


def note_organisation(
    plan: OrgImportPlan,
    organisation: Organisation,
    values: dict[str, Any],
    *,
    line: int,
    seen: set[int],
) -> bool:
    """Plan ``organisation`` to take ``values``: create, update or leave unchanged."""
    if organisation.pk is None:
        for name, value in values.items():
            setattr(organisation, name, value)
        if check_organisation(plan, line, organisation):
            plan.organisations_to_create.append(organisation)
            return True
        return False
    if organisation.pk in seen:
        return True
    seen.add(organisation.pk)
    changed = {
        name: value for name, value in values.items() if getattr(organisation, name) != value
    }
    if not changed:
        plan.organisations_unchanged += 1
        return True
    for name, value in changed.items():
        setattr(organisation, name, value)
    if check_organisation(plan, line, organisation):
        plan.organisations_to_update.append(organisation)
        return True
    return False


def note_membership(
    plan: OrgImportPlan,
    register: Register,
    *,
    source: Organisation,
    target: Organisation,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    match_any_current: bool = False,
) -> None:
    existing: list[OrganisationRelationship] = []
    if source.pk is not None and target.pk is not None:
        existing = register.member_of.get((source.pk, target.pk), [])
    if match_any_current:
        today = timezone.localdate()
        if any(r.is_current_on(today) or r.end_date is None for r in existing):
            plan.relationships_unchanged += 1
            return
        # Not known when it began, unless an earlier spell ended: then from today.
        start_date = today if existing else None
    else:
        same_start = next((r for r in existing if r.start_date == start_date), None)
        if same_start is not None:
            if same_start.end_date == end_date:
                plan.relationships_unchanged += 1
            else:
                same_start.end_date = end_date
                plan.relationships_to_update.append(same_start)
            return
    plan.relationships_to_create.append(
        OrganisationRelationship(
            source=source, target=target, kind=MEMBER_OF, start_date=start_date, end_date=end_date
        )
    )
