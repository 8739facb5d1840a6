"""The register's fields an imported file's columns are matched to, and the first guesses.

The secretary sees a guess for every field, made from the file's headings
(the usual headings of registers kept in spreadsheets and of ESR's export),
and can change each one.
"""

from __future__ import annotations

from collections.abc import Sequence

from interests.import_fields import ImportField, import_mapping_guess

RegisterField = ImportField

REGISTER_FIELDS: tuple[RegisterField, ...] = (
    RegisterField(
        "name",
        "Name",
        True,
        "The person who declared the interest. Matched to a member by name, ignoring case, "
        "titles such as Dr and extra spaces; “Patel, Anita” works too.",
        ("name", "full name", "employee name", "member name", "staff name", "declarant"),
    ),
    RegisterField(
        "email",
        "Email address",
        False,
        "If the file has one, used first to find the member (and to tell apart two members "
        "with the same name).",
        ("email", "e mail", "email address", "work email", "nhs email"),
    ),
    RegisterField(
        "role",
        "Position",
        False,
        "Used only to tell apart two members with the same name. The member's position on "
        "the register does not change.",
        (
            "role",
            "position",
            "job title",
            "assignment job title",
            "current position",
            "current position s held",
            "current positions held",
            "post",
        ),
    ),
    RegisterField(
        "category",
        "Type of interest",
        True,
        "Financial, non-financial professional, non-financial personal or indirect. "
        "Common spellings such as “Financial interest” or “Indirect financial” are read too.",
        ("type of interest", "interest type", "category", "type", "category of interest"),
    ),
    RegisterField(
        "indirect_type",
        "Type of the other person's interest",
        False,
        "For indirect interests only. Not needed when the type of interest says which, "
        "for example “Indirect financial”.",
        ("indirect interest type", "type of indirect interest", "indirect type"),
    ),
    RegisterField(
        "relationship",
        "Whose interest",
        False,
        "For indirect interests: spouse or partner, close relative, close friend or business "
        "partner, with their name, for example “Spouse: John Patel”.",
        ("whose interest", "relationship", "relationship to declarant", "held by"),
    ),
    RegisterField(
        "related_person_name",
        "Name of the other person",
        False,
        "For indirect interests, if the file keeps the other person's name in its own column.",
        ("related person", "name of related person", "other person", "related person name"),
    ),
    RegisterField(
        "organisation",
        "Organisation",
        True,
        "Matched to the list of organisations by name or ODS code. A name not on the list is "
        "kept as typed, for you to link to an organisation later.",
        ("organisation", "organization", "company", "organisation name", "company name"),
    ),
    RegisterField(
        "nature",
        "Nature of the interest",
        False,
        "For example director, partner, shareholder, employee, consultant, trustee, member, "
        "volunteer or owner. Anything else, or no column, is recorded as “Other”.",
        ("nature", "nature of interest", "nature of the interest"),
    ),
    RegisterField(
        "description",
        "Description",
        True,
        "What the interest is, in the declarant's words.",
        (
            "description",
            "details",
            "description of interest",
            "interest description",
            "declared interest nature of business",
        ),
    ),
    RegisterField(
        "start_date",
        "Date from",
        False,
        "When the interest began, for example 31/03/2024, 2024-03-31 or 31 March 2024. An "
        "empty cell, or “Unknown” or “Not known”, is imported as “Start date unknown”: the "
        "interest then counts as held since before any meeting, and the member is asked to "
        "add the date.",
        (
            "date from",
            "start date",
            "from",
            "date of interest from",
            "start",
            "from date",
            "date interest began",
        ),
    ),
    RegisterField(
        "end_date",
        "Date to",
        False,
        "When the interest ended. A blank cell means the interest is current.",
        ("date to", "end date", "to", "to date", "end", "date of interest to"),
    ),
    RegisterField(
        "registered_on",
        "Date registered",
        False,
        "When the interest was declared or put on the register. Kept as the date the entry "
        "was submitted; an interest may have ended before it was registered.",
        (
            "date registered",
            "date of registration",
            "registered",
            "date declared",
            "date of declaration",
            "declaration date",
            "date added",
        ),
    ),
    RegisterField(
        "action_taken",
        "Action taken to mitigate risk",
        False,
        "What was agreed to manage the interest.",
        (
            "action taken",
            "action taken to mitigate risk",
            "actions taken to mitigate risk",
            "action taken to mitigate the risk",
            "action",
            "mitigation",
        ),
    ),
)
FIELDS_BY_KEY = {register_field.key: register_field for register_field in REGISTER_FIELDS}
REQUIRED_FIELDS = tuple(f for f in REGISTER_FIELDS if f.required)


def register_import_mapping_guess(headings: Sequence[str]) -> dict[str, str]:
    """Each register field's most likely heading; a heading is guessed for one field only."""
    return import_mapping_guess(REGISTER_FIELDS, headings)
