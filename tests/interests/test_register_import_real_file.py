"""A register as its publisher released it: a third of the rows with no start date, some
ending before they were registered, a few that cannot be imported as they stand.

``data/published_register.csv`` has the shape of a published ICB register of interests
(270 rows, NHS England's template columns plus "Date registered", typed organisation
names); its people and organisations are invented.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import AuditEvent
from interests.models import ImportBatch, Interest
from interests.selectors.register_import_refused import REASON_HEADING
from tests.conftest import login
from tests.interests.factories import MemberFactory
from tests.interests.test_register_import import commit, page_text, preview, upload_and_map

REGISTER = Path(__file__).parent / "data" / "published_register.csv"
NOT_YET_MEMBERS = {"Dr Gwen Ellis-Parry", "Mr Tomos Brychan"}


def _file_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _split_name(name: str) -> tuple[str, str, str]:
    words = name.split()
    title = words[0] if words[0] in {"Dr", "Mr", "Mrs", "Ms"} else ""
    words = words[1:] if title else words
    return title, " ".join(words[:-1]), words[-1]


@pytest.fixture
def members(db: Any) -> None:
    """Everyone the file names, bar two who have not been added as members yet."""
    names = {row["Name"] for row in _file_rows(REGISTER.read_bytes())} - NOT_YET_MEMBERS
    for name in sorted(names):
        title, first, last = _split_name(name)
        MemberFactory(title=title, first_name=first, last_name=last)


@pytest.fixture
def signed_in(client: Any, secretary: Any, members: None) -> Any:
    return login(client, secretary)


def _import_valid_rows(client: Any, content: bytes, name: str) -> ImportBatch:
    batch = upload_and_map(client, content, name=name)
    fingerprint = preview(client, batch).context["preview"].fingerprint
    response = client.post(
        reverse("register_import_commit", args=[batch.pk]),
        {"fingerprint": fingerprint, "mode": "valid"},
    )
    assert response.status_code == 302, page_text(response)
    batch.refresh_from_db()
    return batch


def test_the_published_register_imports_its_valid_rows_and_the_fixed_rest_reimports(
    signed_in: Any, secretary: Any
) -> None:
    content = REGISTER.read_bytes()
    rows = _file_rows(content)
    assert len(rows) == 270

    batch = upload_and_map(signed_in, content, name="published_register.csv")
    result = preview(signed_in, batch).context["preview"]
    refused = {row.number: " ".join(row.errors) for row in result.rows if row.errors}
    # A third have no start date, and that is no longer a reason to refuse a row.
    assert result.start_unknown_count >= 80
    assert 0 < len(refused) <= 20
    text = page_text(preview(signed_in, batch))
    assert "What should happen to the rows with errors?" in text
    assert "before it begins" in text  # end before start, in words
    assert "is a month, not a date" in text
    assert "No member is called “Dr Gwen Ellis-Parry”" in text
    assert "imported as an interest that had already ended when it was declared" in text

    # All or nothing, as before: refused, nothing imported.
    response = commit(signed_in, batch)
    assert response.status_code == 200
    assert "so nothing has been imported" in page_text(response)
    assert Interest.objects.count() == 0

    batch = _import_valid_rows(signed_in, content, "published_register.csv")
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.summary["imported"] == 270 - len(refused)
    assert batch.summary["refused"] == len(refused)
    assert Interest.objects.count() == 270 - len(refused)
    unknown = Interest.objects.filter(start_date__isnull=True)
    assert unknown.count() == batch.summary["start_unknown"] >= 80
    ended = Interest.objects.filter(end_date__isnull=False, submitted_at__isnull=False)
    assert any(
        i.end_date is not None and i.submitted_at is not None and i.end_date < i.submitted_at.date()
        for i in ended
    )

    result_page = page_text(signed_in.get(reverse("register_import_result", args=[batch.pk])))
    assert f"Download the {len(refused)} rows not imported (CSV)" in result_page

    download = signed_in.get(reverse("register_import_refused_rows", args=[batch.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    refused_file = b"".join(download.streaming_content)
    refused_rows = _file_rows(refused_file)
    assert len(refused_rows) == len(refused)
    assert list(refused_rows[0])[-1] == REASON_HEADING
    assert {row[REASON_HEADING] for row in refused_rows} == set(refused.values())
    assert AuditEvent.objects.filter(
        action="register_import.refused_rows_downloaded", object_id=str(batch.pk)
    ).exists()

    # The secretary fixes the file: adds the two people, corrects the dates.
    for name in NOT_YET_MEMBERS:
        title, first, last = _split_name(name)
        MemberFactory(title=title, first_name=first, last_name=last)
    for row in refused_rows:
        reason = row[REASON_HEADING]
        if "before it begins" in reason or "not a date" in reason:
            row["Date of interest from"] = ""
    fixed = io.StringIO(newline="")
    writer = csv.DictWriter(fixed, fieldnames=list(refused_rows[0]))
    writer.writeheader()
    writer.writerows(refused_rows)

    again = _import_valid_rows(signed_in, fixed.getvalue().encode(), "fixed.csv")
    assert again.summary["refused"] == 0, again.summary["refused_rows"]
    assert again.summary["imported"] == len(refused)
    assert Interest.objects.count() == 270


def test_the_refused_rows_are_for_the_importers_only(
    client: Any, signed_in: Any, members: None
) -> None:
    batch = _import_valid_rows(signed_in, REGISTER.read_bytes(), "published_register.csv")
    url = reverse("register_import_refused_rows", args=[batch.pk])
    assert login(client, MemberFactory().user).get(url).status_code == 403


def test_a_start_date_unknown_is_shown_as_such_counts_and_is_flagged(
    signed_in: Any, secretary: Any
) -> None:
    batch = _import_valid_rows(signed_in, REGISTER.read_bytes(), "published_register.csv")
    interest = Interest.objects.filter(start_date__isnull=True).first()
    assert interest is not None and interest.import_batch == batch
    # Since before any meeting: current on any day until it ends.
    assert Interest.objects.current_on(datetime.date(1990, 1, 1)).filter(pk=interest.pk).exists()
    register = page_text(signed_in.get(reverse("register_full")))
    assert "Start date unknown" in register
    member = login(signed_in, interest.declarant.user)
    dashboard = page_text(member.get(reverse("dashboard")))
    assert "Add the start date" in dashboard
    assert "no start date" in dashboard


def test_the_command_imports_the_valid_rows_and_writes_the_refused_ones(
    members: None, secretary: Any, tmp_path: Path
) -> None:
    out = io.StringIO()
    refused_path = tmp_path / "refused.csv"
    call_command(
        "import_register",
        str(REGISTER),
        "--user",
        secretary.user.username,
        "--commit",
        "--valid-rows",
        "--refused-rows",
        str(refused_path),
        stdout=out,
    )
    refused_rows = _file_rows(refused_path.read_bytes())
    assert refused_rows and all(row[REASON_HEADING] for row in refused_rows)
    assert Interest.objects.count() == 270 - len(refused_rows)
    assert f"Not imported: {len(refused_rows)} rows with errors." in out.getvalue()


def test_the_command_is_all_or_nothing_by_default(members: None, secretary: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="so nothing has been imported"):
        call_command(
            "import_register", str(REGISTER), "--user", secretary.user.username, "--commit"
        )
    assert Interest.objects.count() == 0
