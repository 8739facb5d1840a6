"""Importing people from a staff list or an ESR export: upload, columns, dry run, commit.

The dry run is the import itself, rolled back. Each row goes through the same
services as the people screens (``member_create``, ``member_update``,
``member_leave``, a committee place through ``hooks.committee_place_add``), in a
savepoint of its own, so every refusal the screens would give (an email address
already someone else's, a role the importer may not give, a protected login) is
that row's message, and nothing is checked twice in two ways. Then the whole
transaction is rolled back: invitations queued, audit records and all.

The commit runs the same again, keeps it only if no row has an error and the
outcome is the one the secretary saw (its fingerprint), and records as leavers
only the people the secretary ticked among those a full import did not list.
A person is matched by staff number, then by email address, so importing the
file again updates people instead of adding them twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from core.roles import Role
from interests import hooks
from interests.models import ImportBatch, Member
from interests.people_import_fields import PEOPLE_FIELDS
from interests.selectors.people import username_suggest
from interests.selectors.people_import import (
    LeaverCandidate,
    Outcome,
    PeopleImportPreview,
    PersonOutcome,
    leaver_candidates,
    people_import_fingerprint,
    people_import_is_full,
    people_import_table,
)
from interests.selectors.people_import_rows import PersonRow, people_rows_read
from interests.services import import_common as common
from interests.services.leavers import member_leave
from interests.services.logins import LoginData, role_list, roles_held
from interests.services.people import PersonData, member_create, member_update
from interests.tabular import TableError

_SHOWN_FIELDS = {
    "title": "Title",
    "first_name": "First name",
    "last_name": "Last name",
    "job_title": "Job title",
    "professional_role": "Professional role",
    "email": "Email address",
    "is_decision_maker": "Decision-maker",
    "staff_number": "Staff number",
    "assignment_number": "Assignment number",
    "staff_group": "Staff group",
    "started_on": "Start date",
}


class PeopleImportFailed(common.ImportFailed):
    """The database refused the import part way through; nothing was imported."""


AUDIT_PREFIX = "people_import"


class _RolledBack(Exception):
    def __init__(self, preview: PeopleImportPreview) -> None:
        self.preview = preview


def _require_open(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.COMMITTED:
        raise ValidationError("This file has already been imported. It cannot be imported twice.")


def require_columns(batch: ImportBatch) -> None:
    """Before an import is queued: the file is not imported yet and its columns are chosen."""
    _require_open(batch)
    if not batch.column_mapping:
        raise ValidationError("Choose the columns and check the preview before importing.")


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [message for messages in exc.message_dict.values() for message in messages]
    return list(exc.messages)


# --- Upload and columns -----------------------------------------------------------------


# Keep an uploaded staff list, once it is known to be readable.
people_import_upload = partial(common.tabular_import_upload, kind=ImportBatch.Kind.PEOPLE)


@transaction.atomic
def people_import_mapping_set(
    *,
    batch: ImportBatch,
    mapping: dict[str, str],
    full: bool,
    actor: Any,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Record which column holds what, and whether the file lists everyone; the file is
    checked next (a job)."""
    _require_open(batch)
    chosen = {key for key, heading in mapping.items() if heading}
    names = "full_name" in chosen or {"first_name", "last_name"} <= chosen
    return common.tabular_import_mapping_set(
        batch=batch,
        mapping=mapping,
        import_fields=PEOPLE_FIELDS,
        noun="field",
        also_missing=() if names else ("Full name, or First name and Last name",),
        summary={"full": full},
    )


@transaction.atomic
def people_import_check(
    *, batch: ImportBatch, actor: Any, request: HttpRequest | None = None
) -> PeopleImportPreview:
    """The dry run of the columns chosen: kept for the preview pages, counted on the batch."""
    preview = people_import_dry_run(batch=batch, actor=actor)
    common.tabular_import_checked(
        batch=batch,
        preview=preview,
        actor=actor,
        audit_prefix=AUDIT_PREFIX,
        request=request,
        detail={"full": preview.full},
    )
    return preview


def people_import_check_job(batch: ImportBatch, actor: Any, params: dict[str, Any]) -> None:
    """The dry run as a background job (``import_jobs``)."""
    people_import_check(batch=batch, actor=actor)


def people_import_commit_job(batch: ImportBatch, actor: Any, params: dict[str, Any]) -> None:
    """The import as a background job (``import_jobs``), with the leavers ticked."""
    left_on = params.get("left_on")
    people_import_commit(
        batch=batch,
        actor=actor,
        fingerprint=str(params.get("fingerprint", "")),
        leaver_ids={int(pk) for pk in params.get("leaver_ids", [])},
        left_on=datetime.date.fromisoformat(left_on) if left_on else None,
    )


# --- The dry run and the commit ---------------------------------------------------------


def people_import_dry_run(*, batch: ImportBatch, actor: Any) -> PeopleImportPreview:
    """What committing the batch now would do, row by row. Nothing is kept."""
    try:
        table = people_import_table(batch)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    try:
        with transaction.atomic():
            preview = _run(
                batch=batch,
                table_rows=people_rows_read(table, batch.column_mapping),
                actor=actor,
                request=None,
            )
            raise _RolledBack(preview)
    except _RolledBack as rolled_back:
        return rolled_back.preview


def people_import_commit(
    *,
    batch: ImportBatch,
    actor: Any,
    fingerprint: str,
    leaver_ids: set[int] | frozenset[int] = frozenset(),
    left_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Import every row as the dry run showed it, and record the leavers ticked, or nothing.

    Raises ``ValidationError`` when refused (a row with an error, a changed outcome, a file
    already imported, a leaver not offered) and ``PeopleImportFailed`` when the database
    refuses part way through; in both cases nothing changes.
    """
    try:
        return _commit(
            batch=batch,
            actor=actor,
            fingerprint=fingerprint,
            leaver_ids=set(leaver_ids),
            left_on=left_on or timezone.localdate(),
            request=request,
        )
    except DatabaseError as exc:
        common.tabular_import_failure_record(
            batch=batch, actor=actor, audit_prefix=AUDIT_PREFIX, error=exc
        )
        raise PeopleImportFailed(common.FAILED_MESSAGE) from exc


@transaction.atomic
def _commit(
    *,
    batch: ImportBatch,
    actor: Any,
    fingerprint: str,
    leaver_ids: set[int],
    left_on: datetime.date,
    request: HttpRequest | None,
) -> ImportBatch:
    # The lock makes a second, simultaneous commit wait, then see COMMITTED.
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    require_columns(locked)
    try:
        table = people_import_table(locked)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    rows = people_rows_read(table, locked.column_mapping)
    with transaction.atomic():  # a savepoint: undone on any refusal below
        preview = _run(batch=locked, table_rows=rows, actor=actor, request=request)
        _refuse_unless_sound(preview, fingerprint)
        offered = {leaver.member_id: leaver for leaver in preview.leavers}
        not_offered = leaver_ids - offered.keys()
        if not_offered:
            raise ValidationError("Only the people the preview offered can be recorded as leavers.")
        if leaver_ids and left_on > timezone.localdate():
            raise ValidationError("The date they left must be today or in the past.")
        for member in Member.objects.filter(pk__in=sorted(leaver_ids)).order_by("pk"):
            member_leave(actor=actor, member=member, left_on=left_on, request=request)

    summary = preview.summary()
    locked.status = ImportBatch.Status.COMMITTED
    locked.committed_at = timezone.now()
    locked.summary = {**locked.summary, **summary, "leavers_recorded": len(leaver_ids)}
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}.committed",
        obj=locked,
        detail={**summary, "leavers_recorded": sorted(leaver_ids)},
        request=request,
    )
    return locked


def _refuse_unless_sound(preview: PeopleImportPreview, fingerprint: str) -> None:
    if preview.has_errors:
        rows = "row has" if preview.error_count == 1 else "rows have"
        raise ValidationError(
            f"Nothing was imported: {preview.error_count} {rows} errors. Correct them in the "
            "file and upload it again."
        )
    if preview.fingerprint != fingerprint:
        raise ValidationError(
            "Nothing was imported: the people or committees have changed since the preview. "
            "Check the preview again, then import."
        )


def _run(
    *, batch: ImportBatch, table_rows: list[PersonRow], actor: Any, request: HttpRequest | None
) -> PeopleImportPreview:
    """Apply every row, each in a savepoint; the caller keeps or rolls back the whole."""
    committees = {" ".join(name.casefold().split()): pk for pk, name in hooks.committee_choices()}
    importer = _RowImporter(actor=actor, request=request, committees=committees, batch=batch)
    outcomes = [importer.apply(row) for row in table_rows]
    full = people_import_is_full(batch)
    leavers: list[LeaverCandidate] = []
    if full:
        matched = {o.member_id for o in outcomes if o.member_id is not None}
        matched |= importer.matched_with_errors
        leavers = leaver_candidates(matched=matched, actor=actor)
    preview = PeopleImportPreview(rows=outcomes, leavers=leavers, full=full)
    preview.fingerprint = people_import_fingerprint(batch, preview)
    return preview


# --- One row --------------------------------------------------------------------------


@dataclass
class _Match:
    member: Member | None
    errors: list[str]


class _RowImporter:
    def __init__(
        self, *, actor: Any, request: HttpRequest | None, committees: dict[str, int], batch: Any
    ) -> None:
        self.actor = actor
        self.request = request
        self.committees = committees
        self.source = f"Imported from {batch.filename}"
        self.today = timezone.localdate()
        self.matched_with_errors: set[int] = set()

    def apply(self, row: PersonRow) -> PersonOutcome:
        outcome = PersonOutcome(row=row)
        match = self._match(row)
        if match.member is not None:
            outcome.member_id = match.member.pk
        row.errors.extend(match.errors)
        if row.errors:
            if match.member is not None:
                self.matched_with_errors.add(match.member.pk)
            outcome.outcome = Outcome.ERROR
            return outcome
        try:
            with transaction.atomic():
                self._apply(row, match.member, outcome)
        except ValidationError as exc:
            row.errors.extend(_messages(exc))
        except DatabaseError as exc:
            row.errors.append(f"The database refused this row ({type(exc).__name__}).")
        if row.errors:
            outcome.outcome = Outcome.ERROR
            outcome.changes, outcome.notes = [], []
            if outcome.member_id is not None:
                self.matched_with_errors.add(outcome.member_id)
        return outcome

    def _match(self, row: PersonRow) -> _Match:
        by_staff = (
            Member.objects.select_related("user").filter(staff_number__iexact=row.staff_number)
            if row.staff_number
            else Member.objects.none()
        ).first()
        by_email = (
            Member.objects.select_related("user").filter(email__iexact=row.email).first()
            if row.email
            else None
        )
        if by_staff and by_email and by_staff.pk != by_email.pk:
            return _Match(
                by_staff,
                [
                    f"Staff number {row.staff_number} is {by_staff.full_name}'s, but "
                    f"{row.email} is the email address of {by_email.full_name}. Check which "
                    "person this row is."
                ],
            )
        member = by_staff or by_email
        if (
            member is not None
            and row.staff_number
            and member.staff_number
            and member.staff_number.casefold() != row.staff_number.casefold()
        ):
            return _Match(
                member,
                [
                    f"{member.full_name} ({member.email}) has staff number "
                    f"{member.staff_number}, but the row says {row.staff_number}. Check the row."
                ],
            )
        return _Match(member, [])

    def _apply(self, row: PersonRow, member: Member | None, outcome: PersonOutcome) -> None:
        if member is None:
            if row.end_date is not None and row.end_date <= self.today:
                outcome.outcome = Outcome.SKIPPED
                outcome.notes.append(
                    f"Left on {row.end_date:%d/%m/%Y} and not yet a person here: not added."
                )
                return
            member = self._create(row, outcome)
            outcome.outcome = Outcome.NEW
        else:
            self._update(row, member, outcome)
            outcome.outcome = Outcome.UPDATE if outcome.changes else Outcome.UNCHANGED
        self._staff_fields(row, member, outcome)
        self._committees(row, member, outcome)
        self._leaving(row, member, outcome)
        if outcome.outcome == Outcome.UNCHANGED and (outcome.changes or outcome.notes):
            outcome.outcome = Outcome.UPDATE
        if outcome.outcome == Outcome.NEW:
            outcome.changes = []  # a new person's details are the row itself

    def _create(self, row: PersonRow, outcome: PersonOutcome) -> Member:
        roles = row.roles or frozenset({Role.MEMBER.value})
        person = PersonData(
            title=row.title or "",
            first_name=row.first_name,
            last_name=row.last_name,
            job_title=row.job_title,
            professional_role=row.professional_role or Member.ProfessionalRole.OTHER,
            email=row.email,
            is_decision_maker=True if row.decision_maker is None else row.decision_maker,
        )
        login = LoginData(username=username_suggest(row.email), roles=frozenset(roles))
        member = member_create(actor=self.actor, person=person, login=login, request=self.request)
        outcome.notes.append(
            f"Login {login.username} with {role_list(roles)}; invitation to set a password queued."
        )
        return member

    def _update(self, row: PersonRow, member: Member, outcome: PersonOutcome) -> None:
        person = PersonData(
            title=member.title if row.title is None else row.title,
            first_name=row.first_name,
            last_name=row.last_name,
            job_title=row.job_title,
            professional_role=row.professional_role or member.professional_role,
            email=row.email,
            affiliation=member.affiliation,
            is_decision_maker=(
                member.is_decision_maker if row.decision_maker is None else row.decision_maker
            ),
            is_active=member.is_active,
        )
        outcome.changes.extend(_differences(member, person))
        user = member.user
        login: LoginData | None = None
        if user is not None:
            held = roles_held(user)
            added = set(row.roles) - held
            if added:
                outcome.changes.append(f"Given {role_list(added)}")
            login = LoginData(
                username=user.get_username(),
                roles=frozenset(held | row.roles),
                is_active=user.is_active,
            )
        elif member.is_active:
            roles = row.roles or frozenset({Role.MEMBER.value})
            login = LoginData(username=username_suggest(row.email), roles=frozenset(roles))
            outcome.notes.append(
                f"Login {login.username} with {role_list(roles)}; invitation to set a password "
                "queued."
            )
        member_update(
            actor=self.actor, member=member, person=person, login=login, request=self.request
        )

    def _staff_fields(self, row: PersonRow, member: Member, outcome: PersonOutcome) -> None:
        member.refresh_from_db()
        wanted: dict[str, Any] = {}
        if row.staff_number:
            wanted["staff_number"] = row.staff_number
        if row.assignment_number is not None:
            wanted["assignment_number"] = row.assignment_number
        if row.staff_group is not None:
            wanted["staff_group"] = row.staff_group
        if row.start_date is not None:
            wanted["started_on"] = row.start_date
        changed = {
            name: [_shown(getattr(member, name)), _shown(value)]
            for name, value in wanted.items()
            if getattr(member, name) != value
        }
        if not changed:
            return
        for name, value in wanted.items():
            setattr(member, name, value)
        member.full_clean()
        member.save(update_fields=[*changed, "updated_at"])
        if outcome.outcome != Outcome.NEW:
            outcome.changes.extend(
                f"{_SHOWN_FIELDS[name]}: {old or '(none)'} → {new}"
                for name, (old, new) in changed.items()
            )
        audit_record(
            actor=self.actor,
            action="member.changed",
            obj=member,
            detail={"changed": changed, "source": self.source},
            request=self.request,
        )

    def _committees(self, row: PersonRow, member: Member, outcome: PersonOutcome) -> None:
        for place in row.committees:
            committee_id = self.committees.get(" ".join(place.name.casefold().split()))
            if committee_id is None:
                raise ValidationError(
                    f"There is no committee called “{place.name}”. Check the spelling, or set "
                    "the committee up first."
                )
            added = hooks.committee_place_add(
                actor=self.actor,
                member=member,
                committee_id=committee_id,
                role=place.role,
                start_date=self.today,
            )
            if added:
                role = "" if place.role == "member" else f" as {place.role.replace('_', '-')}"
                outcome.notes.append(f"Added to {place.name}{role} from today.")

    def _leaving(self, row: PersonRow, member: Member, outcome: PersonOutcome) -> None:
        if row.end_date is None:
            return
        if row.end_date > self.today:
            outcome.notes.append(
                f"Their assignment ends on {row.end_date:%d/%m/%Y}: record them as a leaver "
                "then (or import the file again after it)."
            )
            return
        member.refresh_from_db()
        if not member.is_active:
            return
        member_leave(actor=self.actor, member=member, left_on=row.end_date, request=self.request)
        outcome.outcome = Outcome.LEAVING
        outcome.notes.append(f"Recorded as having left on {row.end_date:%d/%m/%Y}.")


def _shown(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _differences(member: Member, person: PersonData) -> list[str]:
    changes: list[str] = []
    for name in ("title", "first_name", "last_name", "job_title", "professional_role", "email"):
        old, new = getattr(member, name), " ".join(str(getattr(person, name)).split())
        if name == "email":
            old, new = old.casefold(), new.casefold()
        if old != new:
            if name == "professional_role":
                labels = dict(Member.ProfessionalRole.choices)
                old, new = labels.get(old, old), labels.get(new, new)
            changes.append(f"{_SHOWN_FIELDS[name]}: {old or '(none)'} → {new or '(none)'}")
    if member.is_decision_maker != person.is_decision_maker:
        changes.append("Decision-maker: " + ("Yes" if person.is_decision_maker else "No"))
    return changes
