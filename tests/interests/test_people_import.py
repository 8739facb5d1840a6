"""Importing people from a staff list or ESR export: columns, dry run, commit, re-import, leavers."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core.models import AuditEvent
from core.outbox.models import OutboxMessage
from core.roles import Role
from interests.models import ImportBatch, Member
from interests.people_import_fields import people_import_mapping_guess
from interests.selectors.people_import_rows import name_split
from meetings.models import Committee, CommitteeMembership
from tests.conftest import login
from tests.interests.factories import PASSWORD, MemberFactory

DATA = Path(__file__).parent / "data"
ESR = DATA / "esr_staff_export.csv"
BAD_ROWS = {27, 28, 29, 30, 31}  # the file's own row numbers (the headings are row 1)


def esr_rows() -> tuple[list[str], list[list[str]]]:
    with ESR.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        headings = next(reader)
        return headings, list(reader)


def csv_bytes(headings: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def clean_esr() -> tuple[list[str], list[list[str]]]:
    """The export without its bad rows (as the secretary would fix it)."""
    headings, rows = esr_rows()
    return headings, [row for number, row in enumerate(rows, start=2) if number not in BAD_ROWS]


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())


def upload_and_map(client: Any, content: bytes, *, name: str = "staff.csv", full: bool = False):
    response = client.post(
        reverse("people_import_upload"),
        {"file": SimpleUploadedFile(name, content), "encoding": "utf-8"},
    )
    assert response.status_code == 302, page_text(response)
    batch = ImportBatch.objects.filter(kind=ImportBatch.Kind.PEOPLE).latest("pk")
    columns = client.get(reverse("people_import_columns", args=[batch.pk]))
    assert columns.status_code == 200
    form = columns.context["form"]
    data = {key: form[key].value() or "" for key in form.fields if key != "full"}
    if full:
        data["full"] = "on"
    response = client.post(reverse("people_import_columns", args=[batch.pk]), data)
    assert response.status_code == 302, page_text(response)
    batch.refresh_from_db()
    return batch


def preview(client: Any, batch: ImportBatch) -> Any:
    response = client.get(reverse("people_import_preview", args=[batch.pk]))
    assert response.status_code == 200
    return response


def commit(client: Any, batch: ImportBatch, **extra: Any) -> Any:
    fingerprint = preview(client, batch).context["preview"].fingerprint
    return client.post(
        reverse("people_import_commit", args=[batch.pk]), {"fingerprint": fingerprint, **extra}
    )


def import_clean(client: Any) -> ImportBatch:
    batch = upload_and_map(client, csv_bytes(*clean_esr()))
    response = commit(client, batch)
    assert response.status_code == 302, page_text(response)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    return batch


def test_the_esr_headings_are_guessed():
    headings, _rows = esr_rows()
    assert people_import_mapping_guess(headings) == {
        "staff_number": "Employee Number",
        "email": "Work Email Address",
        "title": "Title",
        "first_name": "First Name",
        "last_name": "Last Name",
        "job_title": "Job Title",
        "staff_group": "Staff Group",
        "assignment_number": "Assignment Number",
        "start_date": "Assignment Start Date",
        "end_date": "Assignment End Date",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Patel, Anita", ("", "Anita", "Patel")),
        ("Dr Anita Patel", ("Dr", "Anita", "Patel")),
        ("PATEL, Anita (Dr)", ("Dr", "Anita", "PATEL")),
        ("Mary Ann O'Neill", ("", "Mary Ann", "O'Neill")),
    ],
)
def test_a_full_name_is_split(value, expected):
    assert name_split(value) == expected


def test_bad_rows_are_explained_and_nothing_changes(client, secretary):
    login(client, secretary)
    people, users = Member.objects.count(), User.objects.count()
    batch = upload_and_map(client, ESR.read_bytes(), name="esr_staff_export.csv")
    response = preview(client, batch)
    result = response.context["preview"]
    errors = {row.number: " ".join(row.errors) for row in result.rows if row.errors}
    assert set(errors) == BAD_ROWS
    assert "Email address is empty" in errors[27]
    assert "staff number 30100228 is also on row 13" in errors[28]
    assert "Start date “31/02/2024” is not a date we can read" in errors[29]
    assert "End date (15/06/2025) is before start date (01/09/2025)" in errors[30]
    assert "“next Monday” is not a date we can read" in errors[31]
    assert result.counts["new"] == 24 and result.counts["skipped"] == 1
    text = page_text(response)
    assert "5 rows cannot be imported" in text
    assert "Import " not in text.split("<h2>Rows</h2>")[0].split("cannot be imported")[1]

    refused = commit(client, batch)
    assert refused.status_code == 200
    assert "Nothing was imported: 5 rows have errors" in page_text(refused)
    assert (Member.objects.count(), User.objects.count()) == (people, users)
    assert not OutboxMessage.objects.exists()
    assert not AuditEvent.objects.filter(action="member.created").exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_the_export_adds_people_with_logins_invitations_and_their_staff_details(client, secretary):
    login(client, secretary)
    batch = import_clean(client)
    assert batch.summary["new"] == 24 and batch.summary["skipped"] == 1

    patel = Member.objects.get(staff_number="20418735")
    assert (patel.title, patel.first_name, patel.last_name) == ("Dr", "Anita", "Patel")
    assert patel.professional_role == Member.ProfessionalRole.GP
    assert patel.assignment_number == "20418735-2"
    assert patel.staff_group == "Medical and Dental"
    assert patel.started_on.isoformat() == "2019-04-01"
    assert patel.is_decision_maker
    assert patel.user.username == "anita.patel"
    assert not patel.user.has_usable_password()
    assert set(patel.user.groups.values_list("name", flat=True)) == {Role.MEMBER.value}
    roles = dict(Member.objects.values_list("last_name", "professional_role"))
    assert roles["Evans"] == Member.ProfessionalRole.SECONDARY_CARE
    assert roles["Nwosu"] == Member.ProfessionalRole.NURSE
    assert roles["Reed"] == Member.ProfessionalRole.MANAGER
    assert roles["Adeyemi"] == Member.ProfessionalRole.LAY
    assert roles["Hughes"] == Member.ProfessionalRole.OTHER
    # Peter Dunn had left before the import: not added.
    assert not Member.objects.filter(last_name="Dunn").exists()

    invitations = OutboxMessage.objects.filter(template="emails/invitation")
    assert invitations.count() == 24
    assert invitations.filter(to_email="anita.patel@nhs.net").exists()
    assert AuditEvent.objects.filter(action="member.created").count() == 24
    committed = AuditEvent.objects.get(action="people_import.committed")
    assert committed.actor == secretary.user


def test_importing_again_updates_instead_of_duplicating(client, secretary):
    login(client, secretary)
    import_clean(client)
    people = Member.objects.count()
    headings, rows = clean_esr()
    for row in rows:
        if row[0] == "30100224":
            row[5] = "Head of Commissioning"  # a promotion
        if row[0] == "30100237":
            row[8] = "astrid.lindqvist2@nhs.net"  # a new address: matched by staff number
    batch = upload_and_map(client, csv_bytes(headings, rows), name="staff-2.csv")
    result = preview(client, batch).context["preview"]
    changed = {row.number: row.changes for row in result.rows if row.outcome == "update"}
    assert len(changed) == 2
    assert any(
        "Job title: Senior Commissioning Manager → Head of Commissioning" in c
        for c in changed.values()
        for c in c
    )
    assert result.counts["unchanged"] == 22 and result.counts["new"] == 0

    response = commit(client, batch)
    assert response.status_code == 302, page_text(response)
    assert Member.objects.count() == people
    assert Member.objects.get(staff_number="30100224").job_title == "Head of Commissioning"
    lindqvist = Member.objects.get(staff_number="30100237")
    assert lindqvist.email == "astrid.lindqvist2@nhs.net"
    assert lindqvist.user.email == "astrid.lindqvist2@nhs.net"


def test_a_person_added_on_screen_is_matched_by_email_and_gains_a_staff_number(client, secretary):
    existing = MemberFactory(
        first_name="Anita", last_name="Patel", email="anita.patel@nhs.net", user__username="ap"
    )
    login(client, secretary)
    import_clean(client)
    existing.refresh_from_db()
    assert existing.staff_number == "20418735"
    assert existing.job_title == "Clinical Chair; GP Partner"
    assert Member.objects.filter(last_name="Patel").count() == 1


def test_a_full_import_offers_leavers_and_records_only_those_ticked(client, secretary):
    login(client, secretary)
    import_clean(client)
    headings, rows = clean_esr()
    missing = {"30100226", "30100236"}  # Dr Evans and Mr Hughes are not in the new list
    kept = [row for row in rows if row[0] not in missing]
    batch = upload_and_map(client, csv_bytes(headings, kept), name="full.csv", full=True)
    response = preview(client, batch)
    offered = {leaver.staff_number for leaver in response.context["preview"].leavers}
    assert offered == missing  # never the secretary herself
    assert "People who are not in the file" in page_text(response)

    evans = Member.objects.get(staff_number="30100226")
    hughes = Member.objects.get(staff_number="30100236")
    response = commit(
        client,
        batch,
        leavers=[str(hughes.pk)],
        left_on_day="30",
        left_on_month="11",
        left_on_year="2026",
    )
    assert response.status_code == 302, page_text(response)
    evans.refresh_from_db()
    hughes.refresh_from_db()
    assert evans.is_active and evans.left_on is None  # offered, not ticked: untouched
    assert not hughes.is_active and hughes.left_on.isoformat() == "2026-11-30"
    assert not hughes.user.is_active
    assert AuditEvent.objects.filter(action="member.left", object_id=str(hughes.pk)).exists()


def test_an_end_date_in_the_file_records_the_leaver(client, secretary):
    login(client, secretary)
    import_clean(client)
    headings, rows = clean_esr()
    for row in rows:
        if row[0] == "30100235":
            row[10] = "31/10/2026"
    batch = upload_and_map(client, csv_bytes(headings, rows), name="leaver.csv")
    assert commit(client, batch).status_code == 302
    chowdhury = Member.objects.get(staff_number="30100235")
    assert not chowdhury.is_active and chowdhury.left_on.isoformat() == "2026-10-31"


ROLE_HEADINGS = ["Staff number", "Name", "Email", "Job title", "Roles", "Committees"]


def test_privileged_roles_need_a_system_administrator(client, secretary):
    rows = [
        ["1001", "Patel, Anita", "a.patel@nhs.net", "Board secretary", "Secretary", ""],
        ["1002", "Holt, Margaret", "m.holt@nhs.net", "Lay member", "Conflicts Guardian", ""],
        ["1003", "Reed, Tom", "t.reed@nhs.net", "Auditor", "System administrator", ""],
        ["1004", "Okafor, Ben", "b.okafor@nhs.net", "GP member", "Member, Chair", ""],
    ]
    content = csv_bytes(ROLE_HEADINGS, rows)
    login(client, secretary)
    batch = upload_and_map(client, content)
    result = preview(client, batch).context["preview"]
    errors = {row.number: " ".join(row.errors) for row in result.rows}
    assert "Only a system administrator can give someone the Secretary role" in errors[2]
    assert "Only a system administrator can give someone the Conflicts Guardian role" in errors[3]
    assert "never makes anyone a system administrator" in errors[4]
    assert errors[5] == ""
    assert commit(client, batch).status_code == 200
    assert not Member.objects.filter(staff_number__in=["1001", "1002", "1004"]).exists()

    admin = User.objects.create_superuser("admin", "admin@example.nhs.uk", PASSWORD)
    client.logout()
    login(client, admin)
    rows[2][4] = "Auditor"
    batch = upload_and_map(client, csv_bytes(ROLE_HEADINGS, rows), name="roles-2.csv")
    assert commit(client, batch).status_code == 302
    patel = Member.objects.get(staff_number="1001")
    assert set(patel.user.groups.values_list("name", flat=True)) == {Role.SECRETARY.value}
    okafor = Member.objects.get(staff_number="1004")
    assert set(okafor.user.groups.values_list("name", flat=True)) == {
        Role.MEMBER.value,
        Role.CHAIR.value,
    }


def test_committee_places_are_added_and_an_unknown_committee_is_an_error(client, secretary):
    governing_body = Committee.objects.create(name="Governing Body", quorum_minimum_voting=3)
    rows = [
        [
            "1001",
            "Dr Anita Patel",
            "a.patel@nhs.net",
            "Clinical Chair",
            "Chair",
            "Governing Body (chair)",
        ],
        ["1002", "Mrs Margaret Holt", "m.holt@nhs.net", "Lay member", "", "Audit Committee"],
    ]
    login(client, secretary)
    batch = upload_and_map(client, csv_bytes(ROLE_HEADINGS, rows))
    result = preview(client, batch).context["preview"]
    assert "There is no committee called “Audit Committee”" in " ".join(result.rows[1].errors)
    assert "Added to Governing Body as chair from today." in result.rows[0].notes
    assert not CommitteeMembership.objects.exists()

    batch = upload_and_map(client, csv_bytes(ROLE_HEADINGS, rows[:1]), name="gb.csv")
    assert commit(client, batch).status_code == 302
    place = CommitteeMembership.objects.get(committee=governing_body)
    assert place.member.staff_number == "1001" and place.role == "chair"
    # Again: the place is already held, nothing is added twice.
    batch = upload_and_map(client, csv_bytes(ROLE_HEADINGS, rows[:1]), name="gb-2.csv")
    assert preview(client, batch).context["preview"].counts["unchanged"] == 1
    assert commit(client, batch).status_code == 302
    assert CommitteeMembership.objects.count() == 1


def test_a_workbook_imports_too(client, secretary):
    headings, rows = clean_esr()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows[:5]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, secretary)
    batch = upload_and_map(client, buffer.getvalue(), name="esr.xlsx")
    assert commit(client, batch).status_code == 302
    assert Member.objects.exclude(staff_number="").count() == 5


def test_only_the_secretary_may_import_people(client, chair):
    login(client, chair)
    assert client.get(reverse("people_import_upload")).status_code == 403


def test_the_command_previews_commits_and_records_leavers_only_when_told(secretary, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(ESR.read_bytes())
    out = io.StringIO()
    with pytest.raises(CommandError, match="5 rows have errors"):
        call_command("import_people", str(path), user="p.secretary", commit=True, stdout=out)
    assert "Row 27: Email address is empty." in out.getvalue()
    assert not Member.objects.filter(staff_number="20418735").exists()

    path.write_bytes(csv_bytes(*clean_esr()))
    out = io.StringIO()
    call_command("import_people", str(path), user="p.secretary", stdout=out)
    assert "Preview only: nothing was imported" in out.getvalue()
    assert not Member.objects.filter(staff_number="20418735").exists()
    call_command("import_people", str(path), user="p.secretary", commit=True, stdout=out)
    assert "Imported: 24 new" in out.getvalue()

    headings, rows = clean_esr()
    path.write_bytes(csv_bytes(headings, [row for row in rows if row[0] != "30100226"]))
    out = io.StringIO()
    call_command("import_people", str(path), user="p.secretary", commit=True, full=True, stdout=out)
    assert "Not in the file (1), offered as leavers:" in out.getvalue()
    assert Member.objects.get(staff_number="30100226").is_active
    call_command(
        "import_people",
        str(path),
        user="p.secretary",
        commit=True,
        full=True,
        record_leavers=True,
        left_on="2026-11-01",
        stdout=out,
    )
    evans = Member.objects.get(staff_number="30100226")
    assert not evans.is_active and evans.left_on.isoformat() == "2026-11-01"


def test_the_command_refuses_someone_who_may_not_import(chair, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(ESR.read_bytes())
    with pytest.raises(CommandError, match="may import people"):
        call_command("import_people", str(path), user="p.chair")
