"""Training records: NHS England's module 1 passed (80%) in the last year by decision-making
staff; entered on screen or imported from a file (all or nothing, per-row errors); the
completion figure with the names behind it; reminders once a month to those without."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interests.models import TrainingRecord
from interests.selectors.training import training_completion
from interests.services import training
from tests.conftest import login
from tests.interests.factories import MemberFactory

TODAY = timezone.localdate()
LAST_MONTH = TODAY - datetime.timedelta(days=30)


def _record(actor, member, score=85, on=LAST_MONTH, module="module_1"):
    return training.training_record(
        actor=actor.user, member=member, module=module, completed_on=on, score=score
    )


def test_the_completion_figure_counts_passes_of_module_1_in_the_last_year(
    secretary, federation_gp, single_handed_gp, chair, auditor
):
    lay = MemberFactory(first_name="Lay", last_name="Member", professional_role="lay")
    _record(secretary, federation_gp)  # a pass
    _record(secretary, single_handed_gp, score=79)  # not a pass
    _record(secretary, chair, on=TODAY - datetime.timedelta(days=400))  # too old
    _record(secretary, lay, module="module_2")  # not module 1
    _record(secretary, secretary, score=80)  # exactly the pass mark
    _record(secretary, auditor)  # passed, but not decision-making staff

    completion = training_completion()

    assert {m.pk for m, _ in completion.complete} == {federation_gp.pk, secretary.pk}
    assert {m.pk for m in completion.missing} == {single_handed_gp.pk, chair.pk, lay.pk}
    assert (completion.complete_count, completion.required, completion.percent) == (2, 5, 40)
    by_role = {f.role: (f.complete, f.required) for f in completion.by_role}
    assert by_role == {"GP": (1, 3), "Manager": (1, 1), "Lay member": (0, 1)}
    # A year ago today it was a different picture: the figure is for a date.
    assert training_completion(on=LAST_MONTH - datetime.timedelta(days=1)).complete_count == 0


def test_a_result_entered_twice_is_one_record_and_a_conflicting_one_is_refused(
    secretary, federation_gp
):
    first = _record(secretary, federation_gp)
    assert _record(secretary, federation_gp) == first
    with pytest.raises(ValidationError, match="already has a score of 85%"):
        _record(secretary, federation_gp, score=90)
    assert TrainingRecord.objects.count() == 1
    assert AuditEvent.objects.filter(action="training.recorded").count() == 1


def test_a_withdrawn_record_no_longer_counts_and_stays_as_evidence(secretary, federation_gp):
    record = _record(secretary, federation_gp)
    training.training_withdraw(actor=secretary.user, record=record, reason="Wrong person")
    assert training_completion().complete_count == 0
    record.refresh_from_db()
    assert record.withdrawn_reason == "Wrong person"
    # The right result can then be recorded for the same day.
    _record(secretary, federation_gp, score=92)


def test_the_secretary_records_a_result_on_the_screen(client, secretary, federation_gp):
    login(client, secretary)
    response = client.post(
        reverse("training_record_new"),
        {
            "member": federation_gp.pk,
            "module": "module_1",
            "completed_on_day": str(LAST_MONTH.day),
            "completed_on_month": str(LAST_MONTH.month),
            "completed_on_year": str(LAST_MONTH.year),
            "score": "88",
        },
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (record.member, record.score, record.passed) == (federation_gp, 88, True)
    page = client.get(reverse("training_overview")).content.decode()
    assert "1 of" in page and federation_gp.full_name in page


def test_bad_input_on_the_screen_gets_a_clear_message_and_changes_nothing(
    client, secretary, federation_gp
):
    login(client, secretary)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(
        reverse("training_record_new"),
        {
            "member": federation_gp.pk,
            "module": "module_1",
            "completed_on_day": str(tomorrow.day),
            "completed_on_month": str(tomorrow.month),
            "completed_on_year": str(tomorrow.year),
            "score": "120",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The score must be from 0 to 100" in page
    assert TrainingRecord.objects.count() == 0


def _csv(*rows: str) -> bytes:
    return ("Email,Module,Date completed,Score\n" + "\n".join(rows) + "\n").encode()


def test_an_import_with_one_bad_row_records_nothing_and_names_each_problem(
    secretary, federation_gp, single_handed_gp
):
    content = _csv(
        f"{federation_gp.email},Module 1,{LAST_MONTH:%d/%m/%Y},85%",
        f"{single_handed_gp.email},1,{LAST_MONTH:%Y-%m-%d},seventy",
        "nobody@example.nhs.uk,4,32/01/2026,90",
    )
    result = training.training_import(
        actor=secretary.user, content=content, encoding="utf-8", filename="t.csv", commit=True
    )
    assert not result.committed
    assert TrainingRecord.objects.count() == 0
    problems = {row.number: row.errors for row in result.errors}
    assert set(problems) == {3, 4}
    assert problems[3] == ["Score “seventy” is not a number: write it as a percentage, like 85."]
    assert any("No one in the people list has the email address" in e for e in problems[4])
    assert any("Module “4”" in e for e in problems[4])
    assert any("Date completed “32/01/2026”" in e for e in problems[4])


def test_a_clean_import_records_every_row_at_once_and_again_records_nothing_new(
    client, secretary, federation_gp, single_handed_gp
):
    content = _csv(
        f"{federation_gp.email.upper()},Module 1,{LAST_MONTH:%d/%m/%Y},85",
        f"{single_handed_gp.user.email},module 1,{LAST_MONTH:%d %B %Y},62",
    )
    login(client, secretary)
    check = client.post(
        reverse("training_import"),
        {"file": SimpleUploadedFile("t.csv", content), "encoding": "utf-8", "action": "check"},
    )
    assert "2 results to record" in check.content.decode()
    assert TrainingRecord.objects.count() == 0
    done = client.post(
        reverse("training_import"),
        {"file": SimpleUploadedFile("t.csv", content), "encoding": "utf-8", "action": "import"},
    )
    assert done.status_code == 302
    records = {r.member_id: r for r in TrainingRecord.objects.all()}
    assert records[federation_gp.pk].passed and not records[single_handed_gp.pk].passed
    assert {r.source for r in records.values()} == {"imported"}
    again = training.training_import(
        actor=secretary.user, content=content, encoding="utf-8", filename="t.csv", commit=True
    )
    assert again.committed and len(again.skipped) == 2 and not again.to_record
    assert TrainingRecord.objects.count() == 2


def test_a_file_without_the_columns_is_refused_plainly(client, secretary):
    login(client, secretary)
    response = client.post(
        reverse("training_import"),
        {
            "file": SimpleUploadedFile("t.csv", b"Name,Grade\nDr A,85\n"),
            "encoding": "utf-8",
            "action": "import",
        },
    )
    assert "The file has no Email or Module or Date completed or Score column" in (
        response.content.decode()
    )


def test_reminders_go_to_decision_makers_without_a_pass_once_a_month(
    secretary, federation_gp, single_handed_gp, auditor, django_capture_on_commit_callbacks
):
    _record(secretary, federation_gp)
    _record(secretary, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        assert training.training_reminders_queue(today=TODAY) == 1
        assert training.training_reminders_queue(today=TODAY + datetime.timedelta(days=7)) in (0, 1)
    first_month = [m.to for m in mail.outbox]
    assert [single_handed_gp.user.email] in first_month
    assert all(
        auditor.user.email not in to and federation_gp.user.email not in to for to in first_month
    )
    assert mail.outbox[0].subject == (
        "Complete your conflicts of interest training (NHS England module 1)"
    )
    assert "https://www.e-lfh.org.uk/programmes/conflicts-of-interest/" in mail.outbox[0].body


def test_members_cannot_open_the_training_screens(client, federation_gp, auditor):
    login(client, federation_gp)
    assert client.get(reverse("training_overview")).status_code == 403
    assert client.get(reverse("training_import")).status_code == 403
    login(client, auditor)
    assert client.get(reverse("training_overview")).status_code == 200
    assert client.get(reverse("training_record_new")).status_code == 403


def test_a_member_sees_their_own_training_and_that_it_is_due(client, federation_gp):
    login(client, federation_gp)
    page = client.get(reverse("my_declarations")).content.decode()
    assert "Conflicts of interest training" in page and "no pass of NHS England" in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Complete NHS England&#x27;s conflicts of interest training (module 1)" in dashboard
