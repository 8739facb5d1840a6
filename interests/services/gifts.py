"""Writing the register of gifts and hospitality: record an offer, correct it.

Entries are never deleted. A correction is saved in place and kept as a new
version in the entry's history (django-simple-history) with the member's
reason, so the register shows what was first recorded and every change.
The rules in ``interests.gift_rules`` are checked here as well as in the form,
so no caller can record what the rules forbid.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from core.concurrency import version_check, version_token
from interests.gift_rules import GiftThresholds, outcome_problems
from interests.models import GiftOrHospitality, Member
from interests.services.name_matches import name_matches_propose

# Fields the member fills in; the rest are set here.
GIFT_FIELDS = (
    "kind",
    "description",
    "offered_by_organisation",
    "offered_by_name",
    "estimated_value",
    "offered_on",
    "outcome",
    "reason",
    "offerer_is_supplier",
    "is_cash_or_voucher",
    "senior_approval_by",
)

# django-simple-history keeps the reason in a 100-character column.
HISTORY_REASON_MAX = 100


def gift_version(gift: GiftOrHospitality) -> str:
    """The token a gift's correction form carries (core.concurrency)."""
    return version_token(_gift_state(gift))


def _gift_state(gift: GiftOrHospitality) -> dict[str, Any]:
    state = {name: getattr(gift, name) for name in GIFT_FIELDS if name != "offered_by_organisation"}
    return state | {"offered_by_organisation": gift.offered_by_organisation_id}


def _gift_shown(gift: GiftOrHospitality) -> list[tuple[str, str]]:
    offered_by = gift.offered_by_organisation.name if gift.offered_by_organisation else ""
    return [
        ("Kind", gift.get_kind_display()),
        ("Description", gift.description),
        ("Offered by", offered_by or gift.offered_by_name),
        ("Estimated value", f"£{gift.estimated_value:.2f}"),
        ("Date offered", str(gift.offered_on)),
        ("Outcome", gift.get_outcome_display()),
        ("Reason", gift.reason or "None"),
    ]


def _apply_fields(gift: GiftOrHospitality, fields: dict[str, Any]) -> None:
    for name in GIFT_FIELDS:
        if name in fields:
            setattr(gift, name, fields[name])
    if gift.offered_by_organisation_id:
        gift.offered_by_name = ""


def _check_rules(gift: GiftOrHospitality, *, thresholds: GiftThresholds) -> None:
    errors: dict[str, list[str]] = {}
    if gift.offered_on and gift.offered_on > timezone.localdate():
        errors["offered_on"] = ["The date offered must be today or in the past"]
    if not gift.offered_by_organisation_id and not gift.offered_by_name.strip():
        errors["offered_by_name"] = ["Choose who made the offer, or type their name"]
    if gift.estimated_value is not None and gift.estimated_value >= 0:
        for problem in outcome_problems(
            kind=gift.kind,
            value=gift.estimated_value,
            offerer_is_supplier=gift.offerer_is_supplier,
            is_cash_or_voucher=gift.is_cash_or_voucher,
            outcome=gift.outcome,
            senior_approval_by=gift.senior_approval_by,
            reason=gift.reason,
            thresholds=thresholds,
        ):
            errors.setdefault(problem.field, []).append(problem.message)
    if errors:
        raise ValidationError(errors)


def _save(gift: GiftOrHospitality, *, actor: Any, reason: str) -> None:
    gift.full_clean()
    _check_rules(gift, thresholds=GiftThresholds.from_settings())
    gift._change_reason = reason[:HISTORY_REASON_MAX]  # type: ignore[attr-defined]
    if getattr(actor, "is_authenticated", False):
        # The history middleware sets this for web requests; services also run without one.
        gift._history_user = actor  # type: ignore[attr-defined]
    gift.save()


@transaction.atomic
def gift_record(
    *,
    member: Member,
    fields: dict[str, Any],
    actor: Any,
    request: HttpRequest | None = None,
) -> GiftOrHospitality:
    """Record a gift or hospitality offered to ``member``, accepted or declined."""
    gift = GiftOrHospitality(recipient=member)
    _apply_fields(gift, fields)
    _save(gift, actor=actor, reason="Recorded by the recipient")
    audit_record(
        actor=actor,
        action="gift.recorded",
        obj=gift,
        detail={"outcome": gift.outcome, "value": str(gift.estimated_value)},
        request=request,
    )
    if gift.offered_by_name and gift.offered_by_organisation_id is None:
        name_matches_propose(typed_names=[gift.offered_by_name])
    return gift


@transaction.atomic
def gift_correct(
    *,
    gift: GiftOrHospitality,
    member: Member,
    fields: dict[str, Any],
    reason: str,
    actor: Any,
    request: HttpRequest | None = None,
    version: str | None = None,
) -> GiftOrHospitality:
    """Correct the member's own entry; the earlier version stays in its history. With
    ``version`` (its form's token), a stale correction is refused (core.concurrency)."""
    if gift.recipient_id != member.pk:
        raise PermissionDenied("You can only correct your own gifts and hospitality.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"change_reason": "Say what you corrected and why"})
    if len(reason) > HISTORY_REASON_MAX:
        raise ValidationError(
            {"change_reason": f"Keep the reason to {HISTORY_REASON_MAX} characters or fewer"}
        )
    # Lock the row so two corrections at once each become their own version.
    gift = GiftOrHospitality.objects.select_for_update().get(pk=gift.pk)
    version_check(expected=version, state=_gift_state(gift), noun="entry", shown=_gift_shown(gift))
    before = {name: str(getattr(gift, name)) for name in GIFT_FIELDS}
    _apply_fields(gift, fields)
    after = {name: str(getattr(gift, name)) for name in GIFT_FIELDS}
    changed = sorted(name for name in GIFT_FIELDS if before[name] != after[name])
    _save(gift, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action="gift.corrected",
        obj=gift,
        detail={"reason": reason, "changed": changed},
        request=request,
    )
    if gift.offered_by_name and gift.offered_by_organisation_id is None:
        name_matches_propose(typed_names=[gift.offered_by_name])
    return gift


@transaction.atomic
def gift_register_export_log(
    *, actor: Any, filters: dict[str, str], rows: int, request: HttpRequest | None = None
) -> None:
    """Note in the audit trail that someone downloaded the full register, and what part."""
    audit_record(
        actor=actor,
        action="gift.register_exported",
        detail={"filters": filters, "rows": rows},
        request=request,
    )
