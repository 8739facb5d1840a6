"""Importing organisations: the NHS ODS practice file, the simple layout, the command and the UI."""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from core.models import AuditEvent
from interests.models import ImportBatch, Organisation, OrganisationRelationship
from interests.services.org_import import (
    MAX_IMPORT_BYTES,
    OrgImportRefused,
    org_import_commit,
    org_import_preview,
)
from tests.conftest import login

NATIONAL_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "ods" / "epraccur.csv"


def ods_row(
    code: str = "A81001",
    name: str = "THE DENSHAM SURGERY",
    *,
    status: str = "A",
    commissioner: str = "00K",
    joined: str = "20130401",
    left: str = "",
    setting: str = "4",
    address: tuple[str, ...] = ("THE HEALTH CENTRE", "LAWSON STREET", "STOCKTON-ON-TEES", "", ""),
    postcode: str = "TS18 1HU",
) -> str:
    cells = [
        code, name, "Y63", "Q74", *address, postcode, "19740401", "", status, "B",
        commissioner, joined, left, "01642 672351", "", "", "", "0", "", commissioner, "",
        setting, "",
    ]  # fmt: skip
    return ",".join(f'"{cell}"' for cell in cells)


def ods_file(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode()


def simple_file(*lines: str) -> bytes:
    return ("\n".join(["name,kind,ods_code,member_of", *lines]) + "\n").encode()


def preview(content: bytes, layout: str = "ods") -> Any:
    return org_import_preview(content=content, layout=layout)


def commit(content: bytes, layout: str = "ods") -> Any:
    plan = preview(content, layout)
    return org_import_commit(plan=plan, actor=None, source="test.csv")


def snapshot() -> tuple[int, int, int]:
    return (
        Organisation.objects.count(),
        OrganisationRelationship.objects.count(),
        Organisation.history.count(),
    )


def messages_of(plan: Any) -> list[str]:
    return [error.message for error in plan.errors]


# --- The real national file ------------------------------------------------------------


@pytest.mark.skipif(not NATIONAL_FILE.exists(), reason=f"{NATIONAL_FILE} is not on this machine")
def test_the_national_practice_file_imports_and_a_second_run_changes_nothing(db):
    content = NATIONAL_FILE.read_bytes()
    with NATIONAL_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    commissioners = Counter(row[14] for row in rows if row[14])

    plan = preview(content)
    assert plan.errors == []
    assert Organisation.objects.count() == 0  # a preview writes nothing
    org_import_commit(plan=plan, actor=None, source="epraccur.csv")

    assert Organisation.objects.count() == len(rows) + len(commissioners)
    closed_or_dormant = {row[0] for row in rows if row[12] != "A"}
    inactive = set(Organisation.objects.filter(is_active=False).values_list("ods_code", flat=True))
    assert inactive == closed_or_dormant
    assert Organisation.objects.get(ods_code="A81003").is_active is False  # closed in 2017
    gp_practices = sum(1 for row in rows if row[25] == "4")
    assert Organisation.objects.filter(kind="gp_practice").count() == gp_practices

    # Each commissioner code is an organisation its practices are members of.
    assert set(
        Organisation.objects.filter(kind="public_body").values_list("ods_code", flat=True)
    ) == set(commissioners)
    members = Counter(
        OrganisationRelationship.objects.filter(kind="member_of").values_list(
            "target__ods_code", flat=True
        )
    )
    assert members == commissioners
    densham = OrganisationRelationship.objects.get(source__ods_code="A81001")
    assert densham.target.name == "Commissioner 00K"
    assert densham.start_date == datetime.date(2013, 4, 1)
    assert densham.end_date is None

    before = snapshot()
    again = preview(content)
    assert again.counts()["organisations"] == {
        "create": 0,
        "update": 0,
        "unchanged": len(rows) + len(commissioners),
    }
    assert again.counts()["relationships"] == {
        "create": 0,
        "update": 0,
        "unchanged": sum(commissioners.values()),
    }
    org_import_commit(plan=again, actor=None, source="epraccur.csv")
    assert snapshot() == before


# --- The ODS layout on small files ----------------------------------------------------------


def test_practices_become_organisations_with_their_commissioner(db):
    content = ods_file(
        ods_row("A81001", "THE DENSHAM SURGERY"),
        ods_row("A81003", "VICTORIA MEDICAL PRACTICE", status="C", left="20171031"),
        ods_row("Y00001", "OUT OF HOURS SERVICE", setting="2", commissioner="00M"),
        ods_row("W00005", "PROPOSED PRACTICE", status="P", commissioner=""),
    )
    plan = preview(content)
    assert plan.counts() == {
        "rows": 4,
        "organisations": {"create": 6, "update": 0, "unchanged": 0},
        "relationships": {"create": 3, "update": 0, "unchanged": 0},
        "error_count": 0,
    }
    org_import_commit(plan=plan, actor=None, source="epraccur.csv")

    densham = Organisation.objects.get(ods_code="A81001")
    assert densham.name == "THE DENSHAM SURGERY"
    assert densham.kind == "gp_practice"
    assert densham.is_active is True
    assert densham.address == "THE HEALTH CENTRE, LAWSON STREET, STOCKTON-ON-TEES"
    assert densham.postcode == "TS18 1HU"
    assert Organisation.objects.get(ods_code="A81003").is_active is False
    assert Organisation.objects.get(ods_code="Y00001").kind == "other"
    proposed = Organisation.objects.get(ods_code="W00005")
    assert proposed.is_active is False
    assert not proposed.relationships_out.exists()  # no commissioner, no relationship
    commissioner = Organisation.objects.get(ods_code="00K")
    assert (commissioner.name, commissioner.kind) == ("Commissioner 00K", "public_body")
    victoria = OrganisationRelationship.objects.get(source__ods_code="A81003")
    assert victoria.target == commissioner
    assert victoria.start_date == datetime.date(2013, 4, 1)
    assert victoria.end_date == datetime.date(2017, 10, 31)
    history = densham.history.get()
    assert history.history_change_reason == "Imported from epraccur.csv"


def test_an_existing_commissioner_keeps_its_name_and_kind(db):
    Organisation.objects.create(name="NHS Hartlepool and Stockton-on-Tees CCG", ods_code="00K")
    plan = preview(ods_file(ods_row()))
    assert plan.counts()["organisations"] == {"create": 1, "update": 0, "unchanged": 1}
    org_import_commit(plan=plan, actor=None, source="epraccur.csv")

    ccg = Organisation.objects.get(ods_code="00K")
    assert ccg.name == "NHS Hartlepool and Stockton-on-Tees CCG"
    assert ccg.kind == "other"
    assert OrganisationRelationship.objects.get().target == ccg


def test_a_newer_file_updates_what_changed_and_nothing_else(db):
    commit(ods_file(ods_row(), ods_row("A81002", "QUEENS PARK MEDICAL CENTRE")))
    densham = Organisation.objects.get(ods_code="A81001")
    densham.companies_house_number = "01234567"  # recorded by the secretary
    densham.save()

    newer = ods_file(
        ods_row(status="C", left="20240331"),
        ods_row("A81002", "QUEENS PARK MEDICAL CENTRE"),
    )
    plan = preview(newer)
    assert plan.counts()["organisations"] == {"create": 0, "update": 1, "unchanged": 2}
    assert plan.counts()["relationships"] == {"create": 0, "update": 1, "unchanged": 1}
    org_import_commit(plan=plan, actor=None, source="epraccur.csv")

    densham.refresh_from_db()
    assert densham.is_active is False
    assert densham.companies_house_number == "01234567"
    assert densham.relationships_out.get().end_date == datetime.date(2024, 3, 31)
    assert densham.history.count() == 3  # imported, changed by hand, imported again


def test_a_kind_chosen_by_a_person_is_kept_for_a_non_practice(db):
    Organisation.objects.create(name="Walk-in centre", ods_code="Y00001", kind="nhs_trust")
    plan = preview(
        ods_file(
            ods_row("Y00001", "Walk-in centre", setting="1", address=("SITE 1", "", "", "", ""))
        )
    )
    assert plan.counts()["organisations"]["update"] == 1  # the address and postcode
    org_import_commit(plan=plan, actor=None, source="epraccur.csv")
    assert Organisation.objects.get(ods_code="Y00001").kind == "nhs_trust"


def test_a_file_with_a_byte_order_mark_is_read(db):
    content = b"\xef\xbb\xbf" + ods_file(ods_row())
    plan = preview(content)
    assert plan.errors == []
    assert plan.organisations_to_create[0].ods_code == "A81001"


# --- Bad input: each gets a clear message and nothing changes -----------------------------------


def assert_refused_and_nothing_changed(plan: Any) -> None:
    before = snapshot()
    with pytest.raises(OrgImportRefused, match="Nothing was imported"):
        org_import_commit(plan=plan, actor=None, source="bad.csv")
    assert snapshot() == before


@pytest.mark.parametrize("layout", ["ods", "simple"])
def test_a_file_that_is_not_utf8_is_refused(db, layout):
    content = ods_file(ods_row(name="CAFÉ SURGERY")).decode().encode("cp1252")
    if layout == "simple":
        content = "name,kind,ods_code,member_of\nCafé Surgery,GP practice,,\n".encode("cp1252")
    plan = preview(content, layout)
    assert len(plan.errors) == 1
    assert plan.errors[0].line is None
    assert plan.errors[0].message.startswith("The file is not UTF-8 text")
    assert "CSV UTF-8" in plan.errors[0].message
    assert_refused_and_nothing_changed(plan)


def test_an_empty_file_is_refused(db):
    plan = preview(b"\r\n\r\n")
    assert messages_of(plan) == ["The file is empty."]
    assert_refused_and_nothing_changed(plan)


def test_a_file_in_the_wrong_layout_names_the_layout_expected(db):
    plan = preview(simple_file("Riverside Surgery,GP practice,B82005,"), "ods")
    assert len(plan.errors) == 1
    message = plan.errors[0].message
    assert "27" in message and "no header row" in message
    assert "line 1 has 4" in message
    assert "simple layout" in message
    assert_refused_and_nothing_changed(plan)

    plan = preview(ods_file(ods_row()), "simple")
    assert "name, kind, ods_code, member_of" in plan.errors[0].message
    assert "NHS ODS practice file" in plan.errors[0].message
    assert_refused_and_nothing_changed(plan)


def test_a_row_with_the_wrong_number_of_columns_is_named(db):
    plan = preview(ods_file(ods_row(), '"A81002","QUEENS PARK","Y63"'))
    assert messages_of(plan) == [
        "Line 2 has 3 columns; each row of the NHS ODS practice file has 27."
    ]
    assert_refused_and_nothing_changed(plan)


def test_duplicate_codes_in_a_file_are_refused(db):
    plan = preview(ods_file(ods_row(), ods_row("A81002", "QUEENS PARK"), ods_row()))
    assert messages_of(plan) == [
        "Line 3: the organisation code A81001 appears again (first on line 1); "
        "each code may appear once."
    ]
    assert_refused_and_nothing_changed(plan)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"joined": "2013-04-01"}, "the joined commissioner date (column 16) “2013-04-01” is not"),
        (
            {"joined": "20131301"},
            "the joined commissioner date (column 16) “20131301” is not a real",
        ),
        ({"left": "20190230"}, "the left commissioner date (column 17) “20190230” is not a real"),
        ({"left": "20100101"}, "the left commissioner date (1 January 2010) is before the joined"),
        ({"name": "  "}, "the name (column 2) is empty"),
        ({"code": ""}, "the organisation code (column 1) is empty"),
        ({"status": "X"}, "the status (column 13) “X” is not A, C, D or P"),
        ({"commissioner": "A81001"}, "the commissioner (column 15) is the practice itself"),
    ],
)
def test_bad_values_in_a_row_are_reported_with_the_line(db, fields, expected):
    plan = preview(ods_file(ods_row("A81002", "QUEENS PARK"), ods_row(**fields)))
    assert len(plan.errors) == 1
    assert plan.errors[0].line == 2
    assert plan.errors[0].message.startswith("Line 2: ")
    assert expected in plan.errors[0].message
    assert_refused_and_nothing_changed(plan)


def test_a_name_too_long_for_the_register_is_reported(db):
    plan = preview(ods_file(ods_row(name="X" * 201)))
    assert len(plan.errors) == 1
    assert plan.errors[0].message.startswith("Line 1: name: ")
    assert "at most 200 characters" in plan.errors[0].message


def test_a_failure_while_writing_rolls_the_whole_import_back(db):
    plan = preview(ods_file(ods_row(), ods_row("A81002", "QUEENS PARK")))
    # Someone adds an organisation with one of the codes after the preview.
    Organisation.objects.create(name="Queens Park", ods_code="A81002")
    before = snapshot()

    with pytest.raises(IntegrityError):
        org_import_commit(plan=plan, actor=None, source="epraccur.csv")

    assert snapshot() == before
    assert not Organisation.objects.filter(ods_code="A81001").exists()


def test_a_plan_cannot_be_committed_twice(db):
    plan = preview(ods_file(ods_row()))
    org_import_commit(plan=plan, actor=None, source="epraccur.csv")
    with pytest.raises(OrgImportRefused, match="already"):
        org_import_commit(plan=plan, actor=None, source="epraccur.csv")


def test_a_preview_makes_a_constant_number_of_queries(db, django_assert_max_num_queries):
    commit(ods_file(*(ods_row(f"A8{n:04}", f"PRACTICE {n}") for n in range(50))))
    bigger = ods_file(*(ods_row(f"A8{n:04}", f"PRACTICE {n}") for n in range(500)))
    with django_assert_max_num_queries(2):
        plan = preview(bigger)
    assert plan.counts()["organisations"] == {"create": 450, "update": 0, "unchanged": 51}


# --- The simple layout ----------------------------------------------------------------------------


def test_the_simple_layout_adds_organisations_and_memberships(db):
    Organisation.objects.create(name="Northfield Community Trust", kind="nhs_trust", ods_code="RX1")
    content = simple_file(
        "Riverside Surgery,GP practice,B82005,Northfield GP Federation",
        "Northfield GP Federation,gp_federation,,",
        "Hill Top Surgery,gp practice,b82099,",
        "Northfield Urgent Care,COMPANY,,rx1",
        "Northfield Central PCN,Primary care network,,northfield community trust",
    )
    plan = preview(content, "simple")
    assert plan.errors == []
    assert plan.counts()["organisations"] == {"create": 5, "update": 0, "unchanged": 0}
    assert plan.counts()["relationships"] == {"create": 3, "update": 0, "unchanged": 0}
    org_import_commit(plan=plan, actor=None, source="orgs.csv")

    riverside = Organisation.objects.get(ods_code="B82005")
    assert riverside.kind == "gp_practice"
    assert Organisation.objects.get(ods_code="B82099").name == "Hill Top Surgery"
    federation = Organisation.objects.get(name="Northfield GP Federation")
    assert federation.kind == "gp_federation"
    membership = riverside.relationships_out.get()
    assert (membership.target, membership.kind) == (federation, "member_of")
    trust = Organisation.objects.get(ods_code="RX1")
    assert trust.relationships_in.count() == 2

    again = preview(content, "simple")
    assert again.counts()["organisations"] == {"create": 0, "update": 0, "unchanged": 5}
    assert again.counts()["relationships"] == {"create": 0, "update": 0, "unchanged": 3}


def test_the_simple_layout_updates_kinds_and_adds_codes_to_named_organisations(db):
    existing = Organisation.objects.create(name="Riverside Surgery", kind="other")
    plan = preview(simple_file("riverside surgery,GP practice,B82005,"), "simple")
    assert plan.counts()["organisations"] == {"create": 0, "update": 1, "unchanged": 0}
    org_import_commit(plan=plan, actor=None, source="orgs.csv")
    existing.refresh_from_db()
    assert (existing.name, existing.kind, existing.ods_code) == (
        "riverside surgery",
        "gp_practice",
        "B82005",
    )


def test_the_columns_may_come_in_any_order(db):
    content = b"ods_code,member_of,kind,name\nB82005,,GP practice,Riverside Surgery\n"
    plan = preview(content, "simple")
    assert plan.errors == []
    assert plan.organisations_to_create[0].name == "Riverside Surgery"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("name,kind,ods_code", "missing: member_of"),
        ("name,kind,ods_code,member_of,notes", "not expected: notes"),
        ("Name,Type,Code,Parent", "missing: kind, ods_code, member_of"),
        ("name,kind,ods_code,member_of,name", "more than once: name"),
    ],
)
def test_wrong_columns_in_the_simple_layout_name_what_was_expected(db, header, expected):
    plan = preview(f"{header}\nRiverside Surgery,GP practice,B82005,\n".encode(), "simple")
    assert len(plan.errors) == 1
    message = plan.errors[0].message
    assert message.startswith("Line 1 must be the column names name, kind, ods_code, member_of")
    assert expected in message
    assert_refused_and_nothing_changed(plan)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Riverside Surgery,Surgery,B82005,"],
            "Line 2: the kind “Surgery” is not one of: GP practice, GP federation,",
        ),
        (["Riverside Surgery,,B82005,"], "Line 2: the kind is empty; use one of: GP practice"),
        ([",GP practice,B82005,"], "Line 2: the name is empty."),
        (
            ["Riverside Surgery,GP practice,B82005,Nowhere Federation"],
            "Line 2: member_of “Nowhere Federation” is not an organisation in this file or in "
            "the register",
        ),
        (
            ["Riverside Surgery,GP practice,B82005,", "Riverside Branch,GP practice,b82005,"],
            "Line 3: the ODS code B82005 appears again (first on line 2)",
        ),
        (
            ["Riverside Surgery,GP practice,,", "RIVERSIDE SURGERY,GP practice,,"],
            "Line 3: “RIVERSIDE SURGERY” appears again (first on line 2)",
        ),
        (
            ["Riverside Surgery,GP practice,B82005,B82005"],
            "Line 2: member_of names the organisation itself",
        ),
        (["Riverside Surgery,GP practice"], "Line 2 has 2 values; each row needs 4"),
        (
            ["Riverside Surgery,GP practice,B82005,Bad Federation", "Bad Federation,Federation,,"],
            "Line 2: member_of “Bad Federation” is the organisation on line 3, which has errors",
        ),
    ],
)
def test_bad_rows_in_the_simple_layout_are_reported(db, lines, expected):
    plan = preview(simple_file(*lines), "simple")
    assert any(message.startswith(expected) for message in messages_of(plan)), messages_of(plan)
    assert_refused_and_nothing_changed(plan)


def test_a_name_shared_by_two_organisations_needs_a_code(db):
    Organisation.objects.create(name="Health Centre", kind="other", ods_code="Y1")
    Organisation.objects.create(name="Health Centre", kind="other", ods_code="Y2")
    plan = preview(simple_file("Health Centre,Other,,"), "simple")
    assert messages_of(plan) == [
        "Line 2: 2 organisations in the register are called “Health Centre”; add the ODS code "
        "of the one you mean."
    ]
    assert_refused_and_nothing_changed(plan)

    plan = preview(simple_file("Riverside,GP practice,,Health Centre"), "simple")
    assert messages_of(plan) == [
        "Line 2: member_of “Health Centre” matches 2 organisations in the register; use the "
        "ODS code of the one you mean."
    ]
    assert_refused_and_nothing_changed(plan)


# --- The management command -----------------------------------------------------------------------


def test_the_command_previews_without_writing_then_commits(db, tmp_path):
    path = tmp_path / "epraccur.csv"
    path.write_bytes(ods_file(ods_row(), ods_row("A81002", "QUEENS PARK")))

    out = StringIO()
    call_command("import_organisations", str(path), "--layout", "ods", stdout=out)
    assert "Organisations: 3 to create, 0 to update, 0 unchanged" in out.getvalue()
    assert "Relationships: 2 to create" in out.getvalue()
    assert "nothing was written" in out.getvalue()
    assert Organisation.objects.count() == 0

    out = StringIO()
    call_command("import_organisations", str(path), "--layout", "ods", "--commit", stdout=out)
    assert "Imported." in out.getvalue()
    assert Organisation.objects.count() == 3
    event = AuditEvent.objects.get(action="organisations.imported")
    assert event.actor is None
    assert event.detail["source"] == "epraccur.csv"

    out = StringIO()
    call_command("import_organisations", str(path), "--layout", "ods", "--commit", stdout=out)
    assert "Organisations: 0 to create, 0 to update, 3 unchanged" in out.getvalue()


def test_the_command_prints_the_first_errors_and_refuses_to_commit(db, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(simple_file(*(f"Practice {n},Surgery,," for n in range(25))))

    out = StringIO()
    with pytest.raises(CommandError, match="25 errors"):
        call_command(
            "import_organisations", str(path), "--layout", "simple", "--commit", stdout=out
        )
    assert "Errors: 25" in out.getvalue()
    assert "Line 2: the kind “Surgery” is not one of" in out.getvalue()
    assert "... and 5 more" in out.getvalue()
    assert Organisation.objects.count() == 0


def test_the_command_says_when_the_file_cannot_be_read(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_organisations", str(tmp_path / "missing.csv"), "--layout", "ods")


# --- The secretary's screens ------------------------------------------------------------------------


def upload(client: Any, content: bytes, layout: str = "ods", name: str = "epraccur.csv") -> Any:
    return client.post(
        reverse("organisation_import_upload"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "layout": layout},
    )


def test_upload_preview_and_import(client, secretary):
    login(client, secretary)
    page = client.get(reverse("organisation_import_upload"))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()

    response = upload(client, ods_file(ods_row(), ods_row("A81002", "QUEENS PARK")))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("organisation_import_preview", args=[batch.pk])
    assert batch.kind == ImportBatch.Kind.ORGANISATIONS_ODS
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert bytes(batch.content).startswith(b'"A81001"')
    assert Organisation.objects.count() == 0

    html = client.get(response.url).content.decode()
    assert "Preview: epraccur.csv" in html
    assert "3 to create" in html
    assert "2 to create" in html
    assert ">Import</button>" in html

    done = client.post(reverse("organisation_import_commit", args=[batch.pk]))
    assert done.status_code == 302
    assert done.url == reverse("organisation_import_result", args=[batch.pk])
    assert Organisation.objects.count() == 3
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.committed_at is not None
    result = client.get(done.url).content.decode()
    assert "Imported: epraccur.csv" in result
    assert "3 created" in result
    assert set(
        AuditEvent.objects.filter(object_id=str(batch.pk)).values_list("action", flat=True)
    ) == {
        "organisations.import_uploaded",
        "organisations.import_queued",  # the import runs as a job (eagerly here: no worker)
        "organisations.imported",
    }
    history = Organisation.objects.get(ods_code="A81001").history.get()
    assert history.history_user == secretary.user

    # Pressing the button again imports nothing more.
    again = client.post(reverse("organisation_import_commit", args=[batch.pk]), follow=True)
    assert "already been imported" in again.content.decode()
    assert Organisation.objects.count() == 3


def test_a_file_with_errors_shows_them_and_cannot_be_imported(client, secretary):
    login(client, secretary)
    rows = [ods_row(f"A8{n:04}", "", joined="2013") for n in range(120)]
    upload(client, ods_file(*rows))
    batch = ImportBatch.objects.get()

    html = client.get(reverse("organisation_import_preview", args=[batch.pk])).content.decode()
    assert "The file cannot be imported" in html
    assert "The first 100 of 120 problems" in html
    assert "Line 1: the name (column 2) is empty" in html
    assert ">Import</button>" not in html

    response = client.post(reverse("organisation_import_commit", args=[batch.pk]), follow=True)
    assert "has errors" in response.content.decode()
    assert Organisation.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_an_upload_that_is_not_utf8_says_so(client, secretary):
    login(client, secretary)
    upload(client, "name,kind,ods_code,member_of\nCafé,Other,,\n".encode("cp1252"), "simple")
    batch = ImportBatch.objects.get()
    html = client.get(reverse("organisation_import_preview", args=[batch.pk])).content.decode()
    assert "The file is not UTF-8 text" in html
    assert "Whole file" in html


def test_an_upload_over_20_mb_is_refused(client, secretary):
    login(client, secretary)
    response = upload(client, b"x" * (MAX_IMPORT_BYTES + 1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "it must be no larger than 20 MB" in html
    assert not ImportBatch.objects.exists()


def test_an_upload_needs_a_file_and_a_layout(client, secretary):
    login(client, secretary)
    html = client.post(reverse("organisation_import_upload"), {}).content.decode()
    assert "Choose the CSV file to import" in html
    assert "Select the layout of the file" in html
    assert not ImportBatch.objects.exists()


def test_a_preview_overtaken_by_changes_is_shown_again_before_importing(client, secretary):
    login(client, secretary)
    upload(client, ods_file(ods_row()))
    batch = ImportBatch.objects.get()
    commit(ods_file(ods_row()))  # someone imports the same practice in the meantime

    response = client.post(reverse("organisation_import_commit", args=[batch.pk]), follow=True)
    assert "changed after this preview" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.summary["organisations"] == {"create": 0, "update": 0, "unchanged": 2}

    client.post(reverse("organisation_import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Organisation.objects.count() == 2


def test_other_kinds_of_upload_are_not_found_here(client, secretary):
    login(client, secretary)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.REGISTER, uploaded_by=secretary.user, filename="r.csv", content=b""
    )
    assert client.get(reverse("organisation_import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("organisation_import_commit", args=[batch.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["federation_gp", "outsider", "auditor", "chair"])
def test_only_people_allowed_to_import_may_upload_or_import(client, db, request, persona):
    person = request.getfixturevalue(persona)
    owner = request.getfixturevalue("secretary")
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.ORGANISATIONS_ODS,
        status=ImportBatch.Status.PREVIEWED,
        uploaded_by=owner.user,
        filename="epraccur.csv",
        content=ods_file(ods_row()),
        summary=preview(ods_file(ods_row())).summary(),
    )
    login(client, person)
    assert client.get(reverse("organisation_import_upload")).status_code == 403
    assert upload(client, ods_file(ods_row())).status_code == 403
    for name in ("organisation_import_preview", "organisation_import_result"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 403
    assert client.post(reverse("organisation_import_commit", args=[batch.pk])).status_code == 403
    assert Organisation.objects.count() == 0
    assert ImportBatch.objects.count() == 1


def test_the_import_pages_need_sign_in(client, db):
    response = client.get(reverse("organisation_import_upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_commit_needs_a_post(client, secretary):
    login(client, secretary)
    upload(client, ods_file(ods_row()))
    batch = ImportBatch.objects.get()
    assert client.get(reverse("organisation_import_commit", args=[batch.pk])).status_code == 405
    assert Organisation.objects.count() == 0
