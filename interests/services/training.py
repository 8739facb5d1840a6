"""Recording training completions (on screen or from a CSV file) and the reminders.

An import is all or nothing: every row is read and checked first, each problem reported
with its row number, and only a file with no problem is recorded, in one transaction. A
row already recorded (same person, module, date and score) is skipped, so importing the
same export twice records nothing new.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.outbox.services import email_queue, site_link
from interests.import_values import date_parse
from interests.models import Member, TrainingModule, TrainingRecord
from interests.models.training import PASS_MARK, REQUIRED_MODULE
from interests.selectors.training import current_passes, training_required
from interests.tabular import Table, TableError, table_read

ELFH_LINK = "https://www.e-lfh.org.uk/programmes/conflicts-of-interest/"


def _check(member: Member, module: str, completed_on: datetime.date, score: int) -> None:
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date completed must be today or earlier"})
    if not 0 <= score <= 100:
        raise ValidationError({"score": "The score must be a percentage from 0 to 100"})
    if module not in TrainingModule.values:
        raise ValidationError({"module": "Choose a module"})


def _existing(member: Member, module: str, completed_on: datetime.date) -> TrainingRecord | None:
    return TrainingRecord.objects.filter(
        member=member, module=module, completed_on=completed_on, withdrawn_at__isnull=True
    ).first()


@transaction.atomic
def training_record(
    *,
    actor: Any,
    member: Member,
    module: str,
    completed_on: datetime.date,
    score: int,
    source: str = TrainingRecord.Source.ENTERED,
) -> TrainingRecord:
    """Record one assessment result; the same result twice (a form sent twice) is one."""
    _check(member, module, completed_on, score)
    Member.objects.select_for_update().filter(pk=member.pk).exists()  # one writer per person
    existing = _existing(member, module, completed_on)
    if existing is not None:
        if existing.score == score:
            return existing
        raise ValidationError(
            f"{member.full_name} already has a score of {existing.score}% recorded for this "
            "module on that date. Withdraw it first if it is wrong."
        )
    record = TrainingRecord(
        member=member,
        module=module,
        completed_on=completed_on,
        score=score,
        source=source,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="training.recorded",
        obj=record,
        detail={"member": member.pk, "module": module, "score": score, "passed": record.passed},
    )
    return record


@transaction.atomic
def training_withdraw(*, actor: Any, record: TrainingRecord, reason: str) -> TrainingRecord:
    """A record entered in error is withdrawn, with the reason; it stays as evidence."""
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.withdrawn_at is not None:
        raise ValidationError("This record has already been withdrawn.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is wrong"})
    record.withdrawn_at = timezone.now()
    record.withdrawn_by = actor
    record.withdrawn_reason = reason.strip()[:300]
    record.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(actor=actor, action="training.withdrawn", obj=record, detail={"reason": reason})
    return record


# --- Import ---------------------------------------------------------------------------

COLUMNS = {
    "email": ("email", "email address", "e-mail"),
    "module": ("module", "course", "module name"),
    "completed_on": ("date completed", "completed", "date", "completion date", "date passed"),
    "score": ("score", "assessment score", "result", "mark"),
}
COLUMN_TITLES = {
    "email": "Email",
    "module": "Module",
    "completed_on": "Date completed",
    "score": "Score",
}


@dataclass
class ImportRow:
    number: int
    email: str
    member: Member | None = None
    module: str = ""
    completed_on: datetime.date | None = None
    score: int | None = None
    errors: list[str] = field(default_factory=list)
    already_recorded: bool = False

    @property
    def module_label(self) -> str:
        return TrainingModule(self.module).label if self.module else ""

    @property
    def passed(self) -> bool:
        return self.score is not None and self.score >= PASS_MARK


@dataclass
class TrainingImport:
    rows: list[ImportRow]
    committed: bool = False

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def to_record(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.errors and not row.already_recorded]

    @property
    def skipped(self) -> list[ImportRow]:
        return [row for row in self.rows if row.already_recorded]


def _columns(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, heading in enumerate(table.headings):
        key = " ".join(heading.casefold().replace("_", " ").split())
        for name, aliases in COLUMNS.items():
            if key in aliases and name not in found:
                found[name] = index
    missing = [COLUMN_TITLES[name] for name in COLUMNS if name not in found]
    if missing:
        raise TableError(
            f"The file has no {' or '.join(missing)} column. The first row must name the "
            "columns Email, Module, Date completed and Score."
        )
    return found


def _module(value: str) -> str:
    text = value.casefold().strip()
    match = re.search(r"(?:module|^)\s*[_-]?\s*([123])\b", text)
    if match is None:
        raise ValueError(f"Module “{value}” is not one we know: write 1, 2 or 3, or “Module 1”.")
    return f"module_{match.group(1)}"


def _score(value: str) -> int:
    text = value.strip().rstrip("%").strip()
    try:
        number = float(text)
    except ValueError as error:
        raise ValueError(
            f"Score “{value}” is not a number: write it as a percentage, like 85."
        ) from error
    if 0 < number <= 1 and "." in text:
        number *= 100  # a spreadsheet's percentage cell, read as a fraction
    if not 0 <= number <= 100 or number != int(number):
        raise ValueError(f"Score “{value}” must be a whole percentage from 0 to 100.")
    return int(number)


def _members_by_email(emails: set[str]) -> dict[str, Member]:
    """The people the file's addresses name (the person's own address or their login's),
    read in one query whatever the file's length."""
    wanted = {e.casefold() for e in emails if e}
    found: dict[str, Member] = {}
    for member in Member.objects.select_related("user").order_by("pk"):
        for address in (member.email, member.user.email if member.user else ""):
            if address and address.casefold() in wanted:
                found.setdefault(address.casefold(), member)
    return found


def _read(table: Table) -> list[ImportRow]:
    columns = _columns(table)
    emails = {str(row.cells[columns["email"]]).strip() for row in table.rows}
    members = _members_by_email(emails)
    rows: list[ImportRow] = []
    seen: set[tuple[int, str, datetime.date]] = set()
    today = timezone.localdate()
    for table_row in table.rows:
        cells = table_row.cells
        row = ImportRow(number=table_row.number, email=str(cells[columns["email"]]).strip())
        row.member = members.get(row.email.casefold())
        if not row.email:
            row.errors.append("The email address is missing.")
        elif row.member is None:
            row.errors.append(f"No one in the people list has the email address {row.email}.")
        try:
            row.module = _module(str(cells[columns["module"]]))
        except ValueError as error:
            row.errors.append(str(error))
        try:
            row.completed_on = date_parse(cells[columns["completed_on"]], label="Date completed")
            if row.completed_on > today:
                row.errors.append("The date completed is in the future.")
        except ValueError as error:
            row.errors.append(str(error))
        try:
            row.score = _score(str(cells[columns["score"]]))
        except ValueError as error:
            row.errors.append(str(error))
        if not row.errors and row.member and row.completed_on and row.score is not None:
            key = (row.member.pk, row.module, row.completed_on)
            if key in seen:
                row.errors.append("The same result is on an earlier row of this file.")
            seen.add(key)
            existing = _existing(row.member, row.module, row.completed_on)
            if existing is not None and existing.score == row.score:
                row.already_recorded = True
            elif existing is not None:
                row.errors.append(
                    f"A score of {existing.score}% is already recorded for this module on "
                    "that date. Withdraw it first if it is wrong."
                )
        rows.append(row)
    return rows


def training_import(
    *, actor: Any, content: bytes, encoding: str, filename: str, commit: bool
) -> TrainingImport:
    """Read and check every row; with ``commit``, record them all in one transaction, or
    none when any row has a problem. Raises ``TableError`` for a file it cannot read."""
    result = TrainingImport(rows=_read(table_read(content=content, encoding=encoding)))
    if not commit or result.errors:
        return result
    with transaction.atomic():
        for row in result.to_record:
            if row.member is None or row.completed_on is None or row.score is None:
                raise ValidationError(f"Row {row.number} is incomplete")  # checked by _read
            training_record(
                actor=actor,
                member=row.member,
                module=row.module,
                completed_on=row.completed_on,
                score=row.score,
                source=TrainingRecord.Source.IMPORTED,
            )
        audit_record(
            actor=actor,
            action="training.imported",
            detail={
                "file": filename[:200],
                "recorded": len(result.to_record),
                "skipped": len(result.skipped),
            },
        )
    result.committed = True
    return result


# --- Reminders ------------------------------------------------------------------------


def training_reminders_queue(*, today: datetime.date | None = None) -> int:
    """Beat, weekly: remind each decision-maker with no pass of module 1 in the last year;
    at most once a calendar month each. Returns how many were queued."""
    today = today or timezone.localdate()
    required = list(training_required().select_related("user"))
    passes = current_passes([m.pk for m in required], on=today)
    queued = 0
    for member in required:
        user: User | None = member.user
        if member.pk in passes or user is None or not user.is_active or not user.email:
            continue
        last = (
            TrainingRecord.objects.filter(
                member=member, module=REQUIRED_MODULE, score__gte=PASS_MARK, withdrawn_at=None
            )
            .order_by("-completed_on")
            .first()
        )
        message = email_queue(
            template="emails/training_reminder",
            context={
                "last_pass": last.completed_on if last else None,
                "module": TrainingModule(REQUIRED_MODULE).label,
                "pass_mark": PASS_MARK,
                "elfh_link": ELFH_LINK,
                "record_link": site_link(reverse("my_declarations") + "#training"),
            },
            to_email=user.email,
            dedupe_key=f"training:{member.pk}:{today:%Y-%m}",
            recipient=user,
            recipient_name=member.full_name,
        )
        queued += message is not None
    return queued
