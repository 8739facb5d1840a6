"""Importing an existing register of interests: upload, columns, dry-run preview, commit."""

from __future__ import annotations

import csv
import datetime
import html
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from core.models import AuditEvent
from interests import import_values
from interests.models import ImportBatch, Interest, Organisation
from interests.register_import_fields import register_import_mapping_guess
from tests.conftest import login
from tests.interests.factories import MemberFactory

DATA = Path(__file__).parent / "data"

HEADINGS = [
    "Name",
    "Role",
    "Type of interest",
    "Description",
    "Organisation",
    "Date from",
    "Date to",
    "Action taken",
    "Nature",
    "Whose interest",
]


def a_row(**values: str) -> dict[str, str]:
    """A sound row for the chair, Dr Anita Patel; keyword arguments replace cells."""
    row = {
        "Name": "Dr Anita Patel",
        "Role": "Clinical Chair",
        "Type of interest": "Financial",
        "Description": "GP partner",
        "Organisation": "Riverside Surgery",
        "Date from": "01/04/2015",
        "Date to": "",
        "Action taken": "",
        "Nature": "Partner",
        "Whose interest": "",
    }
    row.update({key.replace("_", " "): value for key, value in values.items()})
    return row


def csv_bytes(rows: list[dict[str, str]], headings: list[str] = HEADINGS) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=headings, restval="", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def upload(client: Any, content: bytes, name: str = "register.csv", encoding: str = "utf-8") -> Any:
    return client.post(
        reverse("register_import_upload"),
        {"file": SimpleUploadedFile(name, content), "encoding": encoding},
    )


def upload_and_map(
    client: Any, content: bytes, name: str = "register.csv", encoding: str = "utf-8"
) -> ImportBatch:
    response = upload(client, content, name, encoding)
    assert response.status_code == 302, page_text(response)
    batch = ImportBatch.objects.latest("pk")
    columns = client.get(reverse("register_import_columns", args=[batch.pk]))
    form = columns.context["form"]
    mapping = {key: form[key].value() or "" for key in form.fields}
    response = client.post(reverse("register_import_columns", args=[batch.pk]), mapping)
    assert response.status_code == 302, page_text(response)
    batch.refresh_from_db()
    return batch


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())


def preview(client: Any, batch: ImportBatch) -> Any:
    response = client.get(reverse("register_import_preview", args=[batch.pk]))
    assert response.status_code == 200
    return response


def commit(client: Any, batch: ImportBatch, fingerprint: str | None = None) -> Any:
    if fingerprint is None:
        fingerprint = preview(client, batch).context["preview"].fingerprint
    return client.post(
        reverse("register_import_commit", args=[batch.pk]), {"fingerprint": fingerprint}
    )


@pytest.fixture
def organisations(db: Any) -> dict[str, Organisation]:
    return {
        "riverside": Organisation.objects.create(
            name="Riverside Surgery", kind=Organisation.Kind.GP_PRACTICE, ods_code="A81001"
        ),
        "federation": Organisation.objects.create(
            name="Northfield GP Federation",
            kind=Organisation.Kind.GP_FEDERATION,
            ods_code="Y01234",
        ),
        "trust": Organisation.objects.create(
            name="Northfield Community Health NHS Trust", kind=Organisation.Kind.NHS_TRUST
        ),
    }


@pytest.fixture
def people(chair: Any, federation_gp: Any, guardian: Any) -> dict[str, Any]:
    return {"chair": chair, "gp": federation_gp, "guardian": guardian}


@pytest.fixture
def signed_in(client: Any, secretary: Any) -> Any:
    return login(client, secretary)


# --- The whole journey ------------------------------------------------------


def test_a_csv_register_is_imported_as_reviewed_entries(
    signed_in: Any, secretary: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    content = (DATA / "register.csv").read_bytes()

    response = signed_in.get(reverse("register_import_upload"))
    assert response.status_code == 200
    assert "UTF-8 (including 'CSV UTF-8' from Excel)" in page_text(response)

    batch = upload_and_map(signed_in, content, name="register.csv")
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.column_mapping["name"] == "Full name"
    assert batch.column_mapping["category"] == "Type of interest"
    assert batch.column_mapping["relationship"] == "Whose interest"
    assert Interest.objects.count() == 0  # a preview writes nothing

    response = preview(signed_in, batch)
    result = response.context["preview"]
    assert (result.to_import_count, result.duplicate_count, result.error_count) == (5, 0, 0)
    text = page_text(response)
    assert "Import 5 entries" in text
    assert "“Northfield Carers' Trust” is not on the list of organisations" in text

    response = commit(signed_in, batch)
    assert response.status_code == 302
    assert response["Location"] == reverse("register_import_result", args=[batch.pk])

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.summary["imported"] == 5
    interests = Interest.objects.order_by("start_date")
    assert interests.count() == 5
    for interest in interests:
        assert interest.source == Interest.Source.IMPORT
        assert interest.status == Interest.Status.REVIEWED
        assert interest.reviewed_by == secretary.user
        assert interest.reviewed_at is not None and interest.submitted_at is not None
        assert interest.import_batch == batch
        assert not interest.declared_late
        history = interest.history.get()
        assert history.history_change_reason == "Imported from register.csv"
        assert history.history_user == secretary.user

    chair, gp, guardian = people["chair"], people["gp"], people["guardian"]
    partner = Interest.objects.get(declarant=chair, category=Interest.Category.FINANCIAL)
    assert partner.organisation == organisations["riverside"]
    assert partner.nature == Interest.Nature.PARTNER
    assert partner.start_date == datetime.date(2015, 4, 1)
    assert partner.end_date is None
    assert partner.action_taken.startswith("Leaves the room")

    lead = Interest.objects.get(declarant=chair, category="non_financial_professional")
    assert lead.organisation == organisations["federation"]
    assert (lead.start_date, lead.end_date) == (
        datetime.date(2021, 4, 1),
        datetime.date(2023, 3, 31),
    )
    assert lead.nature == Interest.Nature.CLINICAL_LEAD

    director = Interest.objects.get(declarant=gp, category=Interest.Category.FINANCIAL)
    assert director.organisation == organisations["federation"]  # matched by its ODS code
    assert director.nature == Interest.Nature.DIRECTOR

    trustee = Interest.objects.get(declarant=guardian)
    assert trustee.organisation is None
    assert trustee.organisation_name == "Northfield Carers' Trust"
    assert trustee.start_date == datetime.date(2018, 9, 15)

    spouse = Interest.objects.get(declarant=gp, category=Interest.Category.INDIRECT)
    assert spouse.indirect_type == Interest.Type.FINANCIAL
    assert spouse.related_person_relationship == Interest.Relationship.SPOUSE_OR_PARTNER
    assert spouse.related_person_name == "Grace Okafor"
    assert spouse.organisation == organisations["trust"]

    actions = list(
        AuditEvent.objects.filter(object_id=str(batch.pk)).values_list("action", flat=True)
    )
    assert set(actions) == {
        "register_import.uploaded",
        "register_import.previewed",
        "register_import.queued",  # the commit runs as a job (eagerly here: no worker)
        "register_import.committed",
    }

    response = signed_in.get(reverse("register_import_result", args=[batch.pk]))
    text = page_text(response)
    assert "5 entries added from register.csv" in text
    assert reverse("register_full") in text


def test_an_xlsx_register_with_real_dates_is_imported(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Employee Name", "Job title", "Category", "Details", "Company", "Start date"])
    sheet.append(
        [
            "Patel, Anita",
            "Clinical Chair",
            "Financial",
            "Partner",
            "A81001",
            datetime.date(2016, 5, 3),
        ]
    )
    sheet.append(
        [
            "Dr Ben Okafor",
            "GP member",
            "Non-financial personal",
            "Volunteer",
            "Acme Ltd",
            "4/5/2017",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    # The name says CSV: the content decides.
    batch = upload_and_map(signed_in, buffer.getvalue(), name="register-export.csv")
    assert batch.summary["file_type"] == "xlsx"
    response = commit(signed_in, batch)
    assert response.status_code == 302

    first = Interest.objects.get(declarant=people["chair"])
    assert first.start_date == datetime.date(2016, 5, 3)
    assert first.organisation == organisations["riverside"]
    assert first.nature == Interest.Nature.OTHER  # no nature column mapped
    second = Interest.objects.get(declarant=people["gp"])
    assert second.start_date == datetime.date(2017, 5, 4)
    assert second.organisation_name == "Acme Ltd"


def test_an_esr_export_in_windows_1252_keeps_its_pound_signs_and_accents(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    content = (DATA / "esr_declarations.csv").read_bytes()

    response = upload(signed_in, content, name="esr.csv", encoding="utf-8")
    assert response.status_code == 200
    assert "choose “Windows-1252 (Excel's older 'CSV' format)”" in page_text(response)
    assert ImportBatch.objects.count() == 0

    batch = upload_and_map(signed_in, content, name="esr.csv", encoding="windows-1252")
    assert batch.column_mapping["name"] == "Employee Name"
    assert batch.column_mapping["role"] == "Assignment Job Title"
    assert batch.column_mapping["category"] == "Interest Type"
    assert "Declaration Type" not in batch.column_mapping.values()
    assert commit(signed_in, batch).status_code == 302
    assert Interest.objects.get(declarant=people["chair"]).description.endswith(
        "(£ share of profits)"
    )
    assert "Café" in Interest.objects.get(declarant=people["gp"]).description


def test_reimporting_the_same_file_adds_nothing(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    content = (DATA / "register.csv").read_bytes()
    commit(signed_in, upload_and_map(signed_in, content))
    assert Interest.objects.count() == 5

    again = upload_and_map(signed_in, content)
    response = preview(signed_in, again)
    result = response.context["preview"]
    assert (result.to_import_count, result.duplicate_count, result.error_count) == (0, 5, 0)
    assert "Already on the register" in page_text(response)
    assert "nothing new to import" in page_text(response)

    assert commit(signed_in, again).status_code == 302
    assert Interest.objects.count() == 5


def test_a_row_repeated_in_the_file_is_imported_once(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row(), a_row(Description="Again")]))
    text = page_text(preview(signed_in, batch))
    assert "Repeats row 2" in text
    commit(signed_in, batch)
    assert Interest.objects.count() == 1


# --- Column guesses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (
            [
                "Name",
                "Role",
                "Type of interest",
                "Description",
                "Organisation",
                "Date from",
                "Date to",
                "Action taken",
            ],
            {
                "name": "Name",
                "role": "Role",
                "category": "Type of interest",
                "description": "Description",
                "organisation": "Organisation",
                "start_date": "Date from",
                "end_date": "Date to",
                "action_taken": "Action taken",
            },
        ),
        (
            [
                "Full name",
                "Position",
                "Interest type",
                "Details",
                "Company",
                "Start date",
                "End date",
                "Action taken to mitigate risk",
                "Nature",
                "Relationship",
            ],
            {
                "name": "Full name",
                "role": "Position",
                "category": "Interest type",
                "description": "Details",
                "organisation": "Company",
                "start_date": "Start date",
                "end_date": "End date",
                "action_taken": "Action taken to mitigate risk",
                "nature": "Nature",
                "relationship": "Relationship",
            },
        ),
        (
            [
                "EMPLOYEE NAME",
                "Job Title",
                "Category",
                "Description:",
                "Organisation",
                "From",
                "To",
                "Whose interest?",
            ],
            {
                "name": "EMPLOYEE NAME",
                "role": "Job Title",
                "category": "Category",
                "description": "Description:",
                "organisation": "Organisation",
                "start_date": "From",
                "end_date": "To",
                "relationship": "Whose interest?",
            },
        ),
        (["Surname", "Notes"], {}),
    ],
)
def test_columns_are_guessed_from_common_headings(
    headings: list[str], expected: dict[str, str]
) -> None:
    assert register_import_mapping_guess(headings) == expected


def test_the_columns_page_shows_guesses_and_a_sample_and_every_guess_can_be_changed(
    signed_in: Any, people: dict[str, Any]
) -> None:
    content = csv_bytes([a_row(), a_row(Name="Dr Ben Okafor"), a_row(), a_row(Name="Fourth")])
    upload(signed_in, content)
    batch = ImportBatch.objects.get()
    response = signed_in.get(reverse("register_import_columns", args=[batch.pk]))
    text = page_text(response)
    assert "The first 3 rows of the file" in text
    assert "Dr Ben Okafor" in text and "Fourth" not in text
    assert '<option value="Name" selected>Name</option>' in text
    assert response.context["form"]["name"].value() == "Name"

    # The secretary says the position is the name: the preview follows the choice.
    choices = {
        key: response.context["form"][key].value() or "" for key in response.context["form"].fields
    }
    choices.update(name="Role", role="")
    response = signed_in.post(reverse("register_import_columns", args=[batch.pk]), choices)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.column_mapping["name"] == "Role"
    assert "No member is called “Clinical Chair”" in page_text(preview(signed_in, batch))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Choose the column that holds the name"),
        ({"category": ""}, "Choose the column that holds the type of interest"),
        ({"description": "Organisation"}, "“Organisation” is already chosen for organisation"),
        ({"nature": "Not a heading"}, "Choose one of the file's columns"),
    ],
)
def test_bad_column_choices_are_refused_with_a_message(
    signed_in: Any, people: dict[str, Any], change: dict[str, str], message: str
) -> None:
    upload(signed_in, csv_bytes([a_row()]))
    batch = ImportBatch.objects.get()
    url = reverse("register_import_columns", args=[batch.pk])
    form = signed_in.get(url).context["form"]
    choices = {key: form[key].value() or "" for key in form.fields}
    choices.update(change)
    response = signed_in.post(url, choices)
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    batch.refresh_from_db()
    assert batch.column_mapping == {}
    assert batch.status == ImportBatch.Status.UPLOADED


# --- Bad rows: each has its message, and nothing is written -----------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (a_row(Name="Dr Nobody Here"), "No member is called “Dr Nobody Here”"),
        (a_row(Name=""), "Name is empty."),
        (a_row(Description=""), "Description is empty."),
        (a_row(Organisation=""), "Organisation is empty."),
        (a_row(Type_of_interest=""), "Type of interest is empty."),
        (
            a_row(Date_from="31/02/2024"),
            "Date from “31/02/2024” is not a date we can read. Use a date like",
        ),
        (a_row(Date_from="March 2024"), "Date from “March 2024” is a month, not a date"),
        (a_row(Date_to="tomorrow"), "Date to “tomorrow” is not a date we can read"),
        (
            a_row(Date_from="31/03/2024", Date_to="01/01/2020"),
            "The interest ends (01/01/2020) before it begins (31/03/2024).",
        ),
        (
            a_row(Type_of_interest="Sort of financial"),
            "Type of interest “Sort of financial” is not one we know. Use Financial, "
            "Non-financial professional, Non-financial personal or Indirect.",
        ),
        (
            a_row(Type_of_interest="Indirect", Whose_interest="Spouse: Grace Patel"),
            "“Indirect” is an indirect interest, but the row does not say which type",
        ),
        (
            a_row(Type_of_interest="Indirect financial"),
            "An indirect interest needs to say whose interest it is.",
        ),
        (
            a_row(Type_of_interest="Indirect financial", Whose_interest="Spouse"),
            "An indirect interest needs the name of the person whose interest it is",
        ),
        (
            a_row(Type_of_interest="Indirect financial", Whose_interest="Grace Patel"),
            "Whose interest “Grace Patel” is not a relationship we know.",
        ),
        (
            a_row(Description="x" * 2001),
            "Description is 2,001 characters long; the register holds at most 2,000.",
        ),
        (
            a_row(Action_taken="x" * 2001),
            "Action taken to mitigate risk is 2,001 characters long",
        ),
        (
            a_row(Organisation="O" * 201),
            "Organisation is 201 characters long; the register holds at most 200.",
        ),
        (a_row(Name="N" * 201), "Name is 201 characters long; the register holds at most 200."),
    ],
)
def test_each_bad_row_is_reported_and_the_import_is_refused(
    signed_in: Any,
    people: dict[str, Any],
    organisations: dict[str, Any],
    row: dict[str, str],
    message: str,
) -> None:
    good = a_row(Name="Dr Ben Okafor", Organisation="Northfield GP Federation")
    batch = upload_and_map(signed_in, csv_bytes([good, row]))

    response = preview(signed_in, batch)
    result = response.context["preview"]
    assert (result.to_import_count, result.error_count) == (1, 1)
    text = page_text(response)
    assert message in text
    assert "1 row cannot be imported" in text
    assert "Import 1 entry" not in text  # no button while any row is wrong
    # Rows with errors come first.
    assert response.context["page"].object_list[0].number == 3

    response = commit(signed_in, batch)
    assert response.status_code == 200
    assert "1 row has errors, so nothing has been imported" in page_text(response)
    assert Interest.objects.count() == 0
    assert Interest.history.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_a_row_with_more_values_than_headings_is_an_error(
    signed_in: Any, people: dict[str, Any]
) -> None:
    # An unquoted comma in the description pushes the last value past the headings.
    shifted = ",".join(a_row(Description="GP partner, Riverside", Whose_interest="-").values())
    content = csv_bytes([a_row()]) + shifted.encode() + b"\r\n"
    batch = upload_and_map(signed_in, content)
    assert "more values than the file has headings" in page_text(preview(signed_in, batch))


def test_an_ambiguous_name_names_the_candidates_and_the_email_settles_it(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    MemberFactory(
        title="Mr",
        first_name="Anita",
        last_name="Patel",
        job_title="Finance manager",
        email="anita.patel2@example.nhs.uk",
    )
    batch = upload_and_map(signed_in, csv_bytes([a_row(Role="")]))
    text = page_text(preview(signed_in, batch))
    assert "More than one member matches “Dr Anita Patel”" in text
    assert "Dr Anita Patel (Clinical Chair)" in text
    assert "Mr Anita Patel (Finance manager)" in text

    # The position tells them apart...
    batch = upload_and_map(signed_in, csv_bytes([a_row(Role="Clinical chair")]))
    assert preview(signed_in, batch).context["preview"].error_count == 0

    # ...and so does an email column.
    headings = [*HEADINGS, "Email"]
    row = a_row(Role="", Email="anita.patel2@example.nhs.uk")
    batch = upload_and_map(signed_in, csv_bytes([row], headings))
    result = preview(signed_in, batch).context["preview"]
    assert result.rows[0].member.job_title == "Finance manager"


def test_an_indirect_interest_takes_its_type_from_a_column_of_its_own(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    headings = [*HEADINGS, "Indirect interest type", "Related person"]
    row = a_row(
        Type_of_interest="Indirect interest",
        Whose_interest="Close friend",
        **{"Indirect interest type": "Non-Financial Personal Interest"},
        **{"Related person": "Sam Jones"},
    )
    batch = upload_and_map(signed_in, csv_bytes([row], headings))
    assert commit(signed_in, batch).status_code == 302
    interest = Interest.objects.get()
    assert interest.category == Interest.Category.INDIRECT
    assert interest.indirect_type == Interest.Type.NON_FINANCIAL_PERSONAL
    assert interest.related_person_relationship == Interest.Relationship.CLOSE_FRIEND
    assert interest.related_person_name == "Sam Jones"


def test_html_in_any_cell_is_stored_as_text_and_shown_escaped(
    signed_in: Any, people: dict[str, Any]
) -> None:
    script = "<script>alert('x')</script>"
    headings = [*HEADINGS[:-1], f"Notes {script}"]
    rows = [
        a_row(Description=f"Partner {script}", Organisation=f"<b>Evil</b> Ltd {script}"),
        a_row(Name=f"{script} Patel"),
    ]
    batch = upload_and_map(signed_in, csv_bytes(rows, headings))

    for url in (
        reverse("register_import_columns", args=[batch.pk]),
        reverse("register_import_preview", args=[batch.pk]),
    ):
        raw = signed_in.get(url).content.decode()
        assert "<script>alert" not in raw
        assert "<b>Evil</b>" not in raw
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in raw

    batch = upload_and_map(signed_in, csv_bytes(rows[:1], headings))
    commit(signed_in, batch)
    interest = Interest.objects.get()
    assert interest.description == f"Partner {script}"
    assert interest.organisation_name == f"<b>Evil</b> Ltd {script}"
    raw = signed_in.get(reverse("register_import_upload")).content.decode()
    assert "<script>alert" not in raw


# --- Bad files: a message next to the file field, and nothing stored ---------


def _xlsx_with_rows(count: int) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADINGS)
    for _ in range(count):
        sheet.append(list(a_row().values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        (
            "Name,Description\nJosé Núñez,£50 voucher\n".encode("cp1252"),
            "utf-8",
            "The file is not saved as UTF-8",
        ),
        (
            "Name,Description\nJosé Núñez,£50 voucher\n".encode(),
            "windows-1252",
            "The file looks like UTF-8, not Windows-1252",
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "utf-8", "This file is a PDF"),
        (bytes(range(256)) * 4, "utf-8", "is not a CSV file or an Excel workbook (.xlsx)"),
        (b"PK\x03\x04 not really a workbook", "utf-8", "could not be opened as one"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "utf-8", "older Excel file (.xls)"),
        ("Name,Description\n".encode("utf-16"), "utf-8", "saved as UTF-16"),
        (b"\n\n", "utf-8", "The file is empty"),
        (b"Name,Description\r\n,\r\n", "utf-8", "column headings but no rows under them"),
        (
            lambda: csv_bytes([a_row()] * 10_001),
            "utf-8",
            "The file has more than 10,000 rows. Split it into smaller files",
        ),
        (lambda: _xlsx_with_rows(10_001), "utf-8", "The file has more than 10,000 rows"),
        (
            lambda: b"Name,Description\r\n" + b"x," + b"y" * (5 * 1024 * 1024),
            "utf-8",
            "The file is larger than 5 MB",
        ),
    ],
    ids=[
        "windows-1252-as-utf8",
        "utf8-as-windows-1252",
        "pdf",
        "random-bytes",
        "broken-zip",
        "old-xls",
        "utf16",
        "empty",
        "no-rows",
        "too-many-csv-rows",
        "too-many-xlsx-rows",
        "too-big",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_message(
    signed_in: Any, content: bytes | Callable[[], bytes], encoding: str, message: str
) -> None:
    # The big files are built when the test runs, not when the suite is collected.
    response = upload(signed_in, content() if callable(content) else content, encoding=encoding)
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert ImportBatch.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="register_import").exists()


def test_the_upload_needs_a_file(signed_in: Any) -> None:
    response = signed_in.post(reverse("register_import_upload"), {"encoding": "utf-8"})
    assert "Choose the file to import" in page_text(response)
    assert ImportBatch.objects.count() == 0


# --- All or nothing -----------------------------------------------------------


def _forbid_description_in_database(text: str) -> None:
    """A real database rule the preview knows nothing about, to make the commit fail."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER forced_failure BEFORE INSERT ON interests_interest "
                f"WHEN NEW.description = '{text}' "
                "BEGIN SELECT RAISE(ABORT, 'forced failure'); END"
            )
        else:
            cursor.execute(
                "ALTER TABLE interests_interest ADD CONSTRAINT forced_failure "
                f"CHECK (description <> '{text}')"
            )


def test_a_failure_part_way_through_imports_nothing(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    rows = [
        a_row(),
        a_row(Name="Dr Ben Okafor", Description="FORCE FAILURE"),
        a_row(Name="Mrs Margaret Holt"),
    ]
    batch = upload_and_map(signed_in, csv_bytes(rows))
    _forbid_description_in_database("FORCE FAILURE")
    history_before = Interest.history.count()

    response = commit(signed_in, batch)
    assert response.status_code == 200
    assert "The import failed and nothing was imported" in page_text(response)
    assert Interest.objects.count() == 0
    assert Interest.history.count() == history_before
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert AuditEvent.objects.filter(action="register_import.failed").exists()
    assert not AuditEvent.objects.filter(action="register_import.committed").exists()


def test_a_committed_batch_cannot_be_committed_twice(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row()]))
    fingerprint = preview(signed_in, batch).context["preview"].fingerprint
    assert commit(signed_in, batch, fingerprint).status_code == 302

    response = commit(signed_in, batch, fingerprint)
    assert response.status_code == 302
    assert response["Location"] == reverse("register_import_result", args=[batch.pk])
    assert Interest.objects.count() == 1

    from interests.services.register_import import register_import_commit

    with pytest.raises(Exception, match="cannot be imported twice"):
        register_import_commit(batch=batch, actor=batch.uploaded_by, fingerprint=fingerprint)
    assert Interest.objects.count() == 1


def test_the_commit_imports_only_what_was_previewed(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row(), a_row(Name="Dr Ben Okafor")]))
    seen = preview(signed_in, batch).context["preview"].fingerprint

    # Meanwhile the chair's entry reaches the register some other way.
    Interest.objects.create(
        declarant=people["chair"],
        category=Interest.Category.FINANCIAL,
        organisation=organisations["riverside"],
        nature=Interest.Nature.PARTNER,
        description="Declared by the chair",
        start_date=datetime.date(2015, 4, 1),
        status=Interest.Status.SUBMITTED,
    )
    response = commit(signed_in, batch, seen)
    assert response.status_code == 200
    assert "The preview has changed since you checked it" in page_text(response)
    assert Interest.objects.count() == 1

    # The page now shows the current preview; importing from it works.
    assert commit(signed_in, batch).status_code == 302
    assert Interest.objects.count() == 2


def test_a_commit_without_a_preview_fingerprint_is_refused(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row()]))
    response = signed_in.post(reverse("register_import_commit", args=[batch.pk]), {})
    assert "The preview has changed" in page_text(response)
    assert Interest.objects.count() == 0


def test_the_preview_is_capped_at_200_rows_a_page(signed_in: Any, people: dict[str, Any]) -> None:
    rows = [a_row(Date_from=f"{day % 28 + 1:02d}/01/{2000 + day // 28}") for day in range(250)]
    batch = upload_and_map(signed_in, csv_bytes(rows))
    response = preview(signed_in, batch)
    assert len(response.context["page"].object_list) == 200
    assert "Rows 1 to 200 of 250" in page_text(response)
    response = signed_in.get(reverse("register_import_preview", args=[batch.pk]) + "?page=2")
    assert "Rows 201 to 250 of 250" in page_text(response)


# --- Who may import -----------------------------------------------------------


@pytest.fixture
def a_batch(secretary: Any, people: dict[str, Any]) -> ImportBatch:
    from interests.services.register_import import register_import_upload

    return register_import_upload(
        actor=secretary.user, filename="r.csv", content=csv_bytes([a_row()]), encoding="utf-8"
    )


def _urls(batch: ImportBatch) -> list[tuple[str, str]]:
    return [
        ("get", reverse("register_import_upload")),
        ("post", reverse("register_import_upload")),
        ("get", reverse("register_import_columns", args=[batch.pk])),
        ("post", reverse("register_import_columns", args=[batch.pk])),
        ("get", reverse("register_import_preview", args=[batch.pk])),
        ("post", reverse("register_import_commit", args=[batch.pk])),
        ("get", reverse("register_import_result", args=[batch.pk])),
    ]


@pytest.mark.parametrize("persona", ["federation_gp", "outsider", "auditor", "guardian", "chair"])
def test_only_the_secretary_may_import(
    db: Any, client: Any, request: Any, persona: str, a_batch: ImportBatch
) -> None:
    login(client, request.getfixturevalue(persona))
    for method, url in _urls(a_batch):
        assert getattr(client, method)(url).status_code == 403, (method, url)
    assert Interest.objects.count() == 0


def test_signed_out_visitors_are_sent_to_log_in(client: Any, a_batch: ImportBatch) -> None:
    for method, url in _urls(a_batch):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_secretary_may_open_every_page(signed_in: Any, a_batch: ImportBatch) -> None:
    assert signed_in.get(reverse("register_import_upload")).status_code == 200
    assert signed_in.get(reverse("register_import_columns", args=[a_batch.pk])).status_code == 200
    # Before the columns are chosen, the preview sends the secretary to choose them.
    response = signed_in.get(reverse("register_import_preview", args=[a_batch.pk]))
    assert response["Location"] == reverse("register_import_columns", args=[a_batch.pk])
    response = signed_in.get(reverse("register_import_result", args=[a_batch.pk]))
    assert response["Location"] == reverse("register_import_preview", args=[a_batch.pk])


def test_an_unknown_batch_or_another_kind_of_import_is_not_found(
    signed_in: Any, secretary: Any
) -> None:
    other = ImportBatch.objects.create(
        kind=ImportBatch.Kind.ORGANISATIONS_SIMPLE,
        uploaded_by=secretary.user,
        filename="orgs.csv",
        content=b"name\nX\n",
    )
    for pk in (other.pk, other.pk + 1000):
        for name in (
            "register_import_columns",
            "register_import_preview",
            "register_import_result",
        ):
            assert signed_in.get(reverse(name, args=[pk])).status_code == 404


# --- Reading values -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["31/03/2024", "31-03-2024", "2024-03-31", "31 March 2024", "31 Mar 2024", " 31  march 2024 "],
)
def test_dates_in_the_usual_formats_are_read(text: str) -> None:
    assert import_values.date_parse(text, label="Date from") == datetime.date(2024, 3, 31)


@pytest.mark.parametrize(
    "text",
    ["31/02/2024", "03/31/2024", "31/03/24", "March 2024", "31.03.2024", "yesterday", "45382"],
)
def test_other_dates_are_refused_and_quoted_back(text: str) -> None:
    with pytest.raises(ValueError, match=f"Date from “{text}” is not a date we can read"):
        import_values.date_parse(text, label="Date from")


@pytest.mark.parametrize(
    ("text", "category", "indirect_type"),
    [
        ("Financial", "financial", ""),
        ("Financial interest", "financial", ""),
        ("FINANCIAL", "financial", ""),
        ("Non-financial professional", "non_financial_professional", ""),
        ("Non-Financial Professional Interest", "non_financial_professional", ""),
        ("Non-financial personal", "non_financial_personal", ""),
        ("Non financial personal interest", "non_financial_personal", ""),
        ("Indirect", "indirect", ""),
        ("Indirect interest", "indirect", ""),
        ("Indirect financial", "indirect", "financial"),
        ("Indirect - Non-financial professional", "indirect", "non_financial_professional"),
    ],
)
def test_common_spellings_of_the_categories_are_read(
    text: str, category: str, indirect_type: str
) -> None:
    reading = import_values.category_parse(text)
    assert (reading.category, reading.indirect_type) == (category, indirect_type)


@pytest.mark.parametrize("text", ["Money", "Non-financial", "Gift", "Financial personal"])
def test_unknown_categories_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not one we know"):
        import_values.category_parse(text)


@pytest.mark.parametrize(
    ("text", "nature"),
    [
        ("Partner", "partner"),
        ("GP partner", "partner"),
        ("Non-executive director", "director"),
        ("Shareholder", "shareholder"),
        ("Salaried GP", "employee"),
        ("Consultant", "consultant"),
        ("Trustee", "trustee"),
        ("Member", "member"),
        ("Volunteer", "volunteer"),
        ("Owner", "owner"),
        ("Something else", "other"),
    ],
)
def test_the_nature_is_read_from_its_usual_words(text: str, nature: str) -> None:
    assert import_values.nature_parse(text) == nature


@pytest.mark.parametrize(
    ("text", "relationship", "name"),
    [
        ("Spouse: John Patel", "spouse_or_partner", "John Patel"),
        ("John Patel (husband)", "spouse_or_partner", "John Patel"),
        ("Business partner - Sam Lee", "business_partner", "Sam Lee"),
        ("My daughter, Priya", "close_relative", "Priya"),
        ("Close friend", "close_friend", ""),
    ],
)
def test_whose_interest_is_read(text: str, relationship: str, name: str) -> None:
    assert import_values.whose_interest_parse(text) == import_values.WhoseInterest(
        relationship, name
    )


@pytest.mark.parametrize(
    "text",
    [
        "Anita Patel",
        "anita patel",
        "Dr Anita Patel",
        "DR  ANITA   PATEL",
        "Dr. Anita Patel",
        "Patel, Anita",
        "Patel, Dr Anita",
        "Prof Anita Patel",
        "Ms Anita Patel",
        "Miss Anita Patel",
    ],
)
def test_names_match_ignoring_case_titles_and_spaces(text: str) -> None:
    assert import_values.person_name_key(text) == "anita patel"


def test_a_single_initial_matches_a_unique_member(
    signed_in: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    batch = upload_and_map(signed_in, csv_bytes([a_row(Name="Dr A. Patel")]))
    assert preview(signed_in, batch).context["preview"].rows[0].member == people["chair"]


# --- The management command ------------------------------------------------------


def test_the_command_previews_then_imports(
    secretary: Any, people: dict[str, Any], organisations: dict[str, Any]
) -> None:
    path = str(DATA / "register.csv")
    out = io.StringIO()
    call_command("import_register", path, "--user", "p.secretary", stdout=out)
    assert "To import: 5; already on the register: 0; rows with errors: 0" in out.getvalue()
    assert "Preview only" in out.getvalue()
    assert Interest.objects.count() == 0

    out = io.StringIO()
    call_command("import_register", path, "--user", "p.secretary", "--commit", stdout=out)
    assert "Imported 5 entries." in out.getvalue()
    assert Interest.objects.filter(source=Interest.Source.IMPORT).count() == 5


def test_the_command_refuses_a_file_with_errors_and_imports_nothing(
    secretary: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([a_row(), a_row(Name="Nobody", Date_from="31/02/2024")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 row has errors"):
        call_command("import_register", str(path), "--user", "p.secretary", "--commit", stdout=out)
    assert "Row 3: No member is called “Nobody”" in out.getvalue()
    assert "Date from “31/02/2024” is not a date we can read" in out.getvalue()
    assert Interest.objects.count() == 0


def test_the_command_takes_column_choices_and_needs_a_secretary(
    secretary: Any, federation_gp: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "odd.csv"
    headings = [heading if heading != "Name" else "Who" for heading in HEADINGS]
    path.write_bytes(csv_bytes([{**a_row(), "Who": "Dr Anita Patel"}], headings))
    with pytest.raises(CommandError, match="Choose a column for: Name"):
        call_command("import_register", str(path), "--user", "p.secretary", stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_register", str(path), "--user", "p.secretary", "--column", "name=Who", stdout=out
    )
    assert "rows with errors: 0" in out.getvalue()
    with pytest.raises(CommandError, match="may import the register"):
        call_command("import_register", str(path), "--user", "p.fedgp", stdout=io.StringIO())
