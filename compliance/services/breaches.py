"""Writing the breaches register: a breach someone reports, the Guardian's review of each
likely breach, and later updates to what was done.

Every function runs in one transaction, checks who may do it, validates before saving and
writes an audit record holding ids and codes only. Breaches are never deleted: a likely
breach the Guardian finds is not one is kept, dismissed, and never raised again. Two people
editing the same breach never overwrite each other: each form carries the version it was
opened at, and a stale one is refused.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from compliance.models import Breach
from compliance.selectors.breaches import RECORD, REVIEW, phrases_in, restricted_phrases
from core.audit import audit_record
from core.concurrency import StaleEdit
from interests.models import Member

_CONFIDENTIAL = (
    "Do not write the title of a confidential item or of a bid document here ({found}): "
    "link the item instead, and each reader sees it as they may."
)


@dataclass(frozen=True)
class BreachReport:
    """A breach someone reports (the product's own findings are raised by ``detection``)."""

    rule: str
    member: Member | None
    occurred_on: datetime.date
    what_happened: str
    how_found: str
    how_found_detail: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the Guardian records: the outcome and, for a breach, what was done and said."""

    status: str  # Breach.Status.BREACH or NOT_A_BREACH
    note: str = ""
    action_taken: str = ""
    reported_to_nhse: bool = False
    reported_to_nhse_on: datetime.date | None = None
    public_summary: str = ""
    public_action: str = ""


def _check_confidential(errors: dict[str, str], fields: dict[str, str]) -> None:
    phrases = restricted_phrases()
    for name, text in fields.items():
        found = phrases_in(text, phrases)
        if found:
            errors[name] = _CONFIDENTIAL.format(found=", ".join(f'"{p}"' for p in found[:3]))


def _names_of(member: Member | None) -> list[str]:
    if member is None:
        return []
    names = {member.full_name, member.short_name, member.first_name, member.last_name}
    return sorted((n for n in names if len(n.strip()) >= 3), key=len, reverse=True)


def _check_anonymous(errors: dict[str, str], member: Member | None, fields: dict[str, str]) -> None:
    for name, text in fields.items():
        for person in _names_of(member):
            if re.search(rf"\b{re.escape(person)}\b", text, flags=re.IGNORECASE):
                errors[name] = (
                    f'The published register is anonymised: leave out "{person}". Describe '
                    "the role instead, for example a GP member of the governing body."
                )
                break


def _locked(breach: Breach, version: int | None) -> Breach:
    """The breach under a row lock, if it is still at ``version``; ``None`` (a form posted
    without its version) is refused the same way, since nothing says what its sender saw."""
    current = (
        Breach.objects.select_for_update(of=("self",)).select_related("member").get(pk=breach.pk)
    )
    if version is None or current.version != version:
        # The form is shown again with what the breach now reads and its new version, so
        # saving again is a deliberate choice (core.concurrency, docs/adr/0028).
        raise StaleEdit(noun="breach", current=_breach_shown(current), version=str(current.version))
    return current


def _breach_shown(breach: Breach) -> list[tuple[str, str]]:
    return [
        ("Outcome", breach.get_status_display()),
        ("Review", breach.review_note or "None"),
        ("Action taken", breach.action_taken or "None"),
        ("Published summary", breach.public_summary or "None"),
        ("Published action", breach.public_action or "None"),
    ]


@transaction.atomic
def breach_record(
    *, actor: Any, report: BreachReport, request: HttpRequest | None = None
) -> Breach:
    """Record a breach someone reported or found; it waits for the Guardian's review."""
    if not actor.has_perm(RECORD):
        raise PermissionDenied("Only the governance team and the Guardian record breaches.")
    errors: dict[str, str] = {}
    if report.occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date it happened must be today or in the past"
    if not report.what_happened.strip():
        errors["what_happened"] = "Say what happened"
    if report.how_found == Breach.HowFound.DETECTED:
        errors["how_found"] = "Choose how it was found: the product raises its own findings"
    _check_confidential(errors, {"what_happened": report.what_happened})
    if errors:
        raise ValidationError(errors)
    breach = Breach(
        rule=report.rule,
        member=report.member,
        occurred_on=report.occurred_on,
        what_happened=report.what_happened.strip(),
        how_found=report.how_found,
        how_found_detail=report.how_found_detail.strip(),
        recorded_by=actor,
    )
    breach.full_clean()
    breach.save()
    audit_record(
        actor=actor,
        action="breach.recorded",
        obj=breach,
        detail={
            "rule": breach.rule,
            "how_found": breach.how_found,
            "member": report.member and report.member.pk,
        },
        request=request,
    )
    return breach


def _outcome_errors(breach: Breach, outcome: Outcome) -> dict[str, str]:
    errors: dict[str, str] = {}
    if outcome.status == Breach.Status.NOT_A_BREACH:
        if not outcome.note.strip():
            errors["note"] = "Give the reason this is not a breach"
    elif outcome.status == Breach.Status.BREACH:
        if not outcome.action_taken.strip():
            errors["action_taken"] = "Say what action was taken, or is being taken"
        if not outcome.public_summary.strip():
            errors["public_summary"] = "Write what happened for the published register"
        if not outcome.public_action.strip():
            errors["public_action"] = "Write the action taken for the published register"
        if outcome.reported_to_nhse and outcome.reported_to_nhse_on is None:
            errors["reported_to_nhse_on"] = "Enter the date it was reported to NHS England"
        if (
            outcome.reported_to_nhse_on is not None
            and outcome.reported_to_nhse_on > timezone.localdate()
        ):
            errors["reported_to_nhse_on"] = "The date reported must be today or in the past"
        _check_anonymous(
            errors,
            breach.member,
            {"public_summary": outcome.public_summary, "public_action": outcome.public_action},
        )
    else:
        errors["status"] = "Choose whether this is a breach"
    _check_confidential(
        errors,
        {
            "note": outcome.note,
            "action_taken": outcome.action_taken,
            "public_summary": outcome.public_summary,
            "public_action": outcome.public_action,
        },
    )
    return errors


def _apply(breach: Breach, outcome: Outcome) -> list[str]:
    values: dict[str, Any] = {
        "status": outcome.status,
        "review_note": outcome.note.strip(),
        "action_taken": outcome.action_taken.strip(),
        "reported_to_nhse": outcome.reported_to_nhse,
        "reported_to_nhse_on": outcome.reported_to_nhse_on if outcome.reported_to_nhse else None,
        "public_summary": outcome.public_summary.strip(),
        "public_action": outcome.public_action.strip(),
    }
    if outcome.status == Breach.Status.NOT_A_BREACH:
        # A dismissed finding publishes nothing and needs no action.
        values |= {"public_summary": "", "public_action": "", "reported_to_nhse": False}
        values["reported_to_nhse_on"] = None
    changed = [name for name, value in values.items() if getattr(breach, name) != value]
    for name, value in values.items():
        setattr(breach, name, value)
    return changed


def _may_review(actor: Any, breach: Breach) -> None:
    if not actor.has_perm(REVIEW):
        raise PermissionDenied("Only the Conflicts Guardian reviews breaches.")
    own = getattr(actor, "member", None)
    if own is not None and breach.member_id == own.pk:
        raise PermissionDenied("Nobody reviews their own breach: another Guardian does.")


@transaction.atomic
def breach_review(
    *,
    actor: Any,
    breach: Breach,
    version: int | None,
    outcome: Outcome,
    request: HttpRequest | None = None,
) -> Breach:
    """The Guardian's outcome for a breach awaiting review: a breach, or not one."""
    _may_review(actor, breach)
    breach = _locked(breach, version)
    if not breach.awaiting_review:
        raise ValidationError("This breach has already been reviewed.")
    errors = _outcome_errors(breach, outcome)
    if errors:
        raise ValidationError(errors)
    _apply(breach, outcome)
    breach.reviewed_by = actor
    breach.reviewed_at = timezone.now()
    breach.version += 1
    breach.full_clean()
    breach.save()
    audit_record(
        actor=actor,
        action="breach.reviewed",
        obj=breach,
        detail={"outcome": breach.status, "reported_to_nhse": breach.reported_to_nhse},
        request=request,
    )
    return breach


@transaction.atomic
def breach_update(
    *,
    actor: Any,
    breach: Breach,
    version: int | None,
    outcome: Outcome,
    request: HttpRequest | None = None,
) -> Breach:
    """Bring a confirmed breach up to date: the action taken, reporting to NHS England, the
    published words. The earlier version stays in the breach's history."""
    _may_review(actor, breach)
    breach = _locked(breach, version)
    if not breach.is_breach:
        raise ValidationError("Only a confirmed breach is updated; review it first.")
    outcome = Outcome(**{**outcome.__dict__, "status": Breach.Status.BREACH})
    errors = _outcome_errors(breach, outcome)
    if errors:
        raise ValidationError(errors)
    changed = _apply(breach, outcome)
    if not changed:
        return breach
    breach.version += 1
    breach.full_clean()
    breach.save()
    audit_record(
        actor=actor,
        action="breach.updated",
        obj=breach,
        detail={"changed": changed, "reported_to_nhse": breach.reported_to_nhse},
        request=request,
    )
    return breach
