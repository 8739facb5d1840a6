"""The Conflicts Guardian's ruling that a declaration made at a meeting was made in error.

A declaration made at a meeting counts for recusal and paper access from that moment until
the member completes the register entry it opened, or the Guardian records here that it was
made in error (for example, minuted against the wrong person). The ruling is audited, and
every meeting the member belongs to is re-assessed in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from meetings import recusal_sync
from meetings.models import MeetingDeclaration


@transaction.atomic
def meeting_declaration_in_error(
    *,
    actor: Any,
    declaration: MeetingDeclaration,
    reason: str,
    request: HttpRequest | None = None,
) -> MeetingDeclaration:
    """Record that the declaration was made in error: from now on it counts for nothing."""
    if not actor.has_perm("meetings.record_declaration_error"):
        raise PermissionDenied("Only the Conflicts Guardian records that a declaration was wrong.")
    declaration = (
        MeetingDeclaration.objects.select_for_update(of=("self",))
        .select_related("member", "interest")
        .get(pk=declaration.pk)
    )
    own = getattr(actor, "member", None)
    if own is not None and own.pk == declaration.member_id:
        raise PermissionDenied(
            "Nobody rules on their own declaration: another Guardian or the audit chair does."
        )
    if declaration.in_error_at is not None:
        raise ValidationError("This declaration is already recorded as made in error.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the declaration was made in error"})
    declaration.in_error_at = timezone.now()
    declaration.in_error_by = actor
    declaration.in_error_reason = reason.strip()
    declaration.full_clean()
    declaration.save(update_fields=["in_error_at", "in_error_by", "in_error_reason"])
    # The reason stays on the declaration, read by the same people; the trail keeps ids only.
    audit_record(
        actor=actor,
        action="meeting.declaration_in_error",
        obj=declaration,
        detail={
            "interest": declaration.interest_id,
            "entry_was_draft": bool(declaration.interest and declaration.interest.is_draft),
        },
        request=request,
    )
    recusal_sync.member_changed(declaration.member)
    return declaration
