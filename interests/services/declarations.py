"""Writing the register of interests: declare, submit, correct, end, review.

Every function runs in one transaction, validates with ``full_clean`` and
writes its audit record alongside the change. Submitted entries are never
edited in place without a reason: a correction is saved as a new version in
the entry's history (django-simple-history) with the reason attached.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.concurrency import version_check, version_token
from core.publication import REGISTER_OF_INTERESTS, publication_changed
from interests import hooks
from interests.models import Interest, Member, Organisation
from interests.services.name_matches import name_matches_propose

# Fields a declarant fills in; the rest are set by the workflow.
DECLARED_FIELDS = (
    "category",
    "indirect_type",
    "related_person_relationship",
    "related_person_name",
    "organisation",
    "organisation_name",
    "nature",
    "description",
    "start_date",
    "end_date",
    "action_taken",
)


@dataclass(frozen=True)
class Publication:
    """The declarant's consent to publication, or their reason for refusing it."""

    consent: bool
    reason: str = ""


HISTORY_REASON_LENGTH = 100  # django-simple-history's column; the audit record keeps it all


def _save(interest: Interest, *, reason: str) -> None:
    interest.full_clean()
    interest._change_reason = reason[:HISTORY_REASON_LENGTH]  # type: ignore[attr-defined]
    interest.save()
    # Any change to an entry may change the published register (core.publication).
    publication_changed(REGISTER_OF_INTERESTS)


def _apply_fields(interest: Interest, fields: dict[str, Any]) -> None:
    for name in DECLARED_FIELDS:
        if name in fields:
            setattr(interest, name, fields[name])
    if interest.category != Interest.Category.INDIRECT:
        interest.indirect_type = ""
        interest.related_person_relationship = ""
        interest.related_person_name = ""
    if interest.organisation_id:
        interest.organisation_name = ""


def _lock(interest: Interest) -> None:
    """Re-read the entry under a row lock, in place: two tabs, or a review and a correction,
    never both act on what they read before the other committed (docs/adr/0028)."""
    interest.refresh_from_db(from_queryset=Interest.objects.select_for_update())


def _interest_state(interest: Interest) -> dict[str, Any]:
    state = {name: getattr(interest, name) for name in DECLARED_FIELDS if name != "organisation"}
    return state | {"organisation": interest.organisation_id, "status": interest.status}


def interest_version(interest: Interest) -> str:
    """The token of what a reviewer reads (core.concurrency)."""
    return version_token(_interest_state(interest))


def _version_check(interest: Interest, version: str | None) -> None:
    """Refuse a save from a form shown before someone else's change, or posted without its
    token (the row is locked; core.concurrency)."""
    version_check(
        expected=version,
        state=_interest_state(interest),
        noun="entry",
        shown=_interest_shown(interest),
    )


def _interest_shown(interest: Interest) -> list[tuple[str, str]]:
    return [
        ("Organisation", str(interest.organisation or interest.organisation_name)),
        ("Nature", interest.get_nature_display() if interest.nature else "None"),
        ("Description", interest.description or "None"),
        ("From", str(interest.start_date or "Not known")),
        ("To", str(interest.end_date or "Continuing")),
        ("Action taken", interest.action_taken or "None"),
        ("Status", interest.get_status_display()),
    ]


def _require_owner(interest: Interest, member: Member) -> None:
    if interest.declarant_id != member.pk:
        raise PermissionDenied("You can only change your own declarations.")


def _apply_publication(interest: Interest, publication: Publication) -> None:
    if publication.consent:
        if interest.withholding == Interest.Withholding.REQUESTED:
            interest.withholding = Interest.Withholding.NONE
            interest.withholding_reason = ""
        return
    if not publication.reason.strip():
        raise ValidationError(
            {"withholding_reason": "Give the reason the entry should not be published"}
        )
    if interest.withholding != Interest.Withholding.APPROVED:
        interest.withholding = Interest.Withholding.REQUESTED
        interest.withholding_reason = publication.reason.strip()


@transaction.atomic
def interest_draft_save(
    *,
    member: Member,
    fields: dict[str, Any],
    actor: Any,
    interest: Interest | None = None,
    version: str | None = None,
) -> Interest:
    """Create a draft, or change one of the member's own drafts. With ``version`` (its
    form's token), a save from a stale tab is refused (core.concurrency)."""
    if interest is None:
        interest = Interest(declarant=member, status=Interest.Status.DRAFT)
        action = "interest.draft_created"
    else:
        _require_owner(interest, member)
        _lock(interest)
        if not interest.is_draft:
            raise ValidationError("This entry has been submitted: correct it instead.")
        _version_check(interest, version)
        action = "interest.draft_changed"
    _apply_fields(interest, fields)
    _save(interest, reason="Draft saved")
    audit_record(actor=actor, action=action, obj=interest)
    if interest.source == Interest.Source.MEETING:
        # A draft declared at a meeting already counts in that meeting's verdicts.
        hooks.notify_interest_changed(interest)
    return interest


@transaction.atomic
def interest_submit(
    *,
    interest: Interest,
    member: Member,
    actor: Any,
    confirmed_complete: bool,
    acknowledged_duty: bool,
    publication: Publication,
) -> Interest:
    """Put a draft on the register (once: a second tab finds it submitted)."""
    _require_owner(interest, member)
    _lock(interest)
    if not interest.is_draft:
        raise ValidationError("This entry has already been submitted.")
    if not (confirmed_complete and acknowledged_duty):
        raise ValidationError(
            "Confirm the declaration is complete and that you will update it within 28 days"
        )
    _apply_publication(interest, publication)
    interest.status = Interest.Status.SUBMITTED
    interest.submitted_at = timezone.now()
    _save(interest, reason="Submitted by the declarant")
    audit_record(
        actor=actor,
        action="interest.submitted",
        obj=interest,
        detail={"declared_late": interest.declared_late, "withholding": interest.withholding},
    )
    hooks.notify_interest_changed(interest)
    if interest.organisation_name:
        name_matches_propose(typed_names=[interest.organisation_name])
    return interest


@transaction.atomic
def interest_declare(
    *,
    member: Member,
    fields: dict[str, Any],
    actor: Any,
    confirmed_complete: bool,
    acknowledged_duty: bool,
    publication: Publication,
) -> Interest:
    """Draft and submit in one step: the usual path from the declaration form."""
    interest = interest_draft_save(member=member, fields=fields, actor=actor)
    return interest_submit(
        interest=interest,
        member=member,
        actor=actor,
        confirmed_complete=confirmed_complete,
        acknowledged_duty=acknowledged_duty,
        publication=publication,
    )


@transaction.atomic
def interest_correct(
    *,
    interest: Interest,
    member: Member,
    fields: dict[str, Any],
    reason: str,
    actor: Any,
    version: str | None = None,
) -> Interest:
    """Correct a submitted entry: a new version, kept in history, goes back for review.
    With ``version`` (its form's token), a stale correction is refused (core.concurrency)."""
    _require_owner(interest, member)
    _lock(interest)
    if interest.is_draft:
        raise ValidationError("This entry is still a draft: edit it instead.")
    _version_check(interest, version)
    if not reason.strip():
        raise ValidationError({"reason": "Say what you corrected and why"})
    _apply_fields(interest, fields)
    interest.status = Interest.Status.SUBMITTED
    interest.reviewed_at = None
    interest.reviewed_by = None
    _save(interest, reason=f"Corrected by the declarant: {reason.strip()}")
    audit_record(actor=actor, action="interest.corrected", obj=interest, detail={"reason": reason})
    hooks.notify_interest_changed(interest)
    if interest.organisation_name:
        name_matches_propose(typed_names=[interest.organisation_name])
    return interest


@transaction.atomic
def interest_end(
    *, interest: Interest, member: Member, end_date: datetime.date, actor: Any
) -> Interest:
    """Record that an interest has ended. It stays on the register, with history."""
    _require_owner(interest, member)
    _lock(interest)
    if interest.is_draft:
        raise ValidationError("Submit the entry before recording its end.")
    if interest.start_date is not None and end_date < interest.start_date:
        raise ValidationError(
            {"end_date": "The end date must be the same as or after the start date"}
        )
    interest.end_date = end_date
    interest.ended_recorded_at = timezone.now()
    _save(interest, reason=f"Ended on {end_date:%d %B %Y}")
    audit_record(
        actor=actor, action="interest.ended", obj=interest, detail={"end_date": str(end_date)}
    )
    hooks.notify_interest_changed(interest)
    return interest


@transaction.atomic
def interest_review(
    *,
    interest: Interest,
    reviewer: Any,
    action_taken: str,
    organisation: Organisation | None = None,
    version: str | None = None,
) -> Interest:
    """The secretary or Guardian checks a submitted entry and records the agreed action.

    The entry is locked and compared with what the reviewer read (``version``, the review
    form's token, refused if the form came without it; with no form, the entry as passed
    in): a correction that landed meanwhile is never overwritten nor marked reviewed unread.
    """
    # Without a form (no token at all), what the caller read is the entry as passed in.
    expected = interest_version(interest) if version is None else version
    _lock(interest)
    _version_check(interest, expected)
    if interest.status != Interest.Status.SUBMITTED:
        raise ValidationError("Only submitted entries can be reviewed.")
    if (
        getattr(reviewer, "member", None) is not None
        and reviewer.member.pk == interest.declarant_id
    ):
        raise PermissionDenied("Nobody reviews their own declaration.")
    interest.action_taken = action_taken.strip()
    if organisation is not None:
        interest.organisation = organisation
        interest.organisation_name = ""
    interest.status = Interest.Status.REVIEWED
    interest.reviewed_by = reviewer
    interest.reviewed_at = timezone.now()
    _save(interest, reason="Reviewed")
    audit_record(actor=reviewer, action="interest.reviewed", obj=interest)
    hooks.notify_interest_changed(interest)
    return interest


@transaction.atomic
def withholding_request(*, interest: Interest, member: Member, reason: str, actor: Any) -> Interest:
    """Ask that a submitted entry is not published; the Guardian decides."""
    _require_owner(interest, member)
    _lock(interest)
    _apply_publication(interest, Publication(consent=False, reason=reason))
    _save(interest, reason="Withholding from publication requested")
    audit_record(actor=actor, action="interest.withholding_requested", obj=interest)
    return interest


@transaction.atomic
def withholding_decide(*, interest: Interest, guardian: Any, approve: bool, note: str) -> Interest:
    """The Conflicts of Interest Guardian approves or refuses withholding an entry."""
    _lock(interest)
    if interest.withholding != Interest.Withholding.REQUESTED:
        raise ValidationError("There is no withholding request to decide on this entry.")
    if (
        getattr(guardian, "member", None) is not None
        and guardian.member.pk == interest.declarant_id
    ):
        raise PermissionDenied("The Guardian cannot decide on their own request.")
    if not note.strip():
        raise ValidationError({"note": "Record the reason for the decision"})
    interest.withholding = (
        Interest.Withholding.APPROVED if approve else Interest.Withholding.REFUSED
    )
    interest.withholding_decided_by = guardian
    interest.withholding_decided_at = timezone.now()
    interest.withholding_decision_note = note.strip()
    _save(interest, reason="Withholding approved" if approve else "Withholding refused")
    audit_record(
        actor=guardian,
        action="interest.withholding_approved" if approve else "interest.withholding_refused",
        obj=interest,
        detail={"note": note},
    )
    return interest
