"""The fields of a person an imported staff list's columns are matched to, and first guesses.

The headings guessed are those of a spreadsheet kept by hand and of ESR's staff
export ("Employee Number", "Assignment Number", "Position Title", "Staff Group",
"Assignment Start Date"...). The secretary checks and changes each guess.
"""

from __future__ import annotations

from collections.abc import Sequence

from interests.import_fields import ImportField, import_mapping_guess

PersonField = ImportField

PEOPLE_FIELDS: tuple[PersonField, ...] = (
    PersonField(
        "staff_number",
        "Staff number",
        False,
        "The ESR employee number. With it, importing the file again updates each person "
        "instead of adding them twice (the email address is used when there is none).",
        ("staff number", "employee number", "employee no", "staff no", "esr number", "emp no"),
    ),
    PersonField(
        "email",
        "Email address",
        True,
        "Their work address: their invitation to sign in is sent there.",
        ("email", "email address", "work email", "work email address", "nhs email", "e mail"),
    ),
    PersonField(
        "full_name",
        "Full name",
        False,
        "When the file keeps the name in one column, such as “Patel, Anita” or “Dr Anita "
        "Patel”. Not needed when it has first and last names in columns of their own.",
        ("name", "full name", "employee name", "staff name", "employee full name"),
    ),
    PersonField("title", "Title", False, "For example Dr, Mrs, Mr or Mx.", ("title",)),
    PersonField(
        "first_name",
        "First name",
        False,
        "Needed unless the full name is in one column.",
        ("first name", "forename", "forenames", "first names", "given name"),
    ),
    PersonField(
        "last_name",
        "Last name",
        False,
        "Needed unless the full name is in one column.",
        ("last name", "surname", "family name"),
    ),
    PersonField(
        "job_title",
        "Job title",
        True,
        "The position held, as the register publishes it.",
        ("job title", "position title", "position", "post", "post title", "role title"),
    ),
    PersonField(
        "staff_group",
        "Staff group",
        False,
        "ESR's staff group. Without a professional role column, “Medical and Dental” reads "
        "as a GP (when the job title says GP) or a secondary care doctor, “Nursing and "
        "Midwifery Registered” as a nurse, “Administrative and Clerical” as a manager.",
        ("staff group",),
    ),
    PersonField(
        "professional_role",
        "Professional role",
        False,
        "GP, Nurse, Lay member, Manager, Secondary care doctor or Other: it counts towards "
        "committees' quorum.",
        ("professional role", "profession"),
    ),
    PersonField(
        "assignment_number",
        "Assignment number",
        False,
        "ESR's assignment number, kept on the person's record.",
        ("assignment number", "assignment no", "assignment"),
    ),
    PersonField(
        "start_date",
        "Start date",
        False,
        "When their assignment began, for example 01/04/2024 or 2024-04-01.",
        (
            "start date",
            "assignment start date",
            "hire date",
            "latest start date",
            "date started",
        ),
    ),
    PersonField(
        "end_date",
        "End date",
        False,
        "When their assignment ended. A date today or earlier records them as having left "
        "on it; a blank cell means they are still here.",
        (
            "end date",
            "assignment end date",
            "termination date",
            "leaving date",
            "date left",
            "projected assignment end",
        ),
    ),
    PersonField(
        "decision_maker",
        "Decision-maker",
        False,
        "Yes or No. Decision-makers must declare every year and their entries are "
        "published. Without a column, new people are decision-makers and others keep theirs.",
        ("decision maker", "decision making staff", "decision making"),
    ),
    PersonField(
        "roles",
        "Roles",
        False,
        "Member or Chair, separated by commas. New people are Members. Secretary, Conflicts "
        "Guardian and Auditor are given only when a system administrator imports the file; "
        "an import never takes a role away.",
        ("roles", "role", "access", "access role", "recuse role"),
    ),
    PersonField(
        "committees",
        "Committees",
        False,
        "Committee names separated by semicolons, each followed by “(chair)” or "
        "“(vice-chair)” where it applies, for example “Governing Body (chair); Audit "
        "Committee”.",
        ("committees", "committee", "committee membership", "committee memberships"),
    ),
)
FIELDS_BY_KEY = {person_field.key: person_field for person_field in PEOPLE_FIELDS}
REQUIRED_FIELDS = tuple(f for f in PEOPLE_FIELDS if f.required)


def people_import_mapping_guess(headings: Sequence[str]) -> dict[str, str]:
    """Each field's most likely heading; a heading is guessed for one field only."""
    return import_mapping_guess(PEOPLE_FIELDS, headings)
