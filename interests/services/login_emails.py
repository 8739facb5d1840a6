"""A login's email address: changed only with an audit record and a notice to the old address.

The email address is how a login is recovered ("forgotten password"), so a change of it
is a change of who controls the account. Every change is written to the audit trail, and
the old address is told (the notice is queued in the outbox in the same transaction and
sent after the commit), so the owner of a hijacked account hears of it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from core.outbox.services import email_queue


def _actor_name(actor: Any) -> str:
    member = getattr(actor, "member", None)
    if member is not None:
        return str(member.full_name)
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return "The system"


def login_email_changed(
    *, actor: Any, user: User, old_email: str, request: HttpRequest | None = None
) -> None:
    """Record that ``user``'s email changed from ``old_email`` (already saved by the caller),
    and queue the notice to the old address in the same transaction."""
    event = audit_record(
        actor=actor,
        action="login.email_changed",
        obj=user,
        detail={"username": user.get_username(), "from": old_email, "to": user.email},
        request=request,
    )
    if old_email and old_email.casefold() != user.email.casefold():
        member = getattr(user, "member", None)
        email_queue(
            template="emails/email_changed",
            context={
                "username": user.get_username(),
                "changed_by": _actor_name(actor),
                "changed_at": timezone.localtime().strftime("%-d %B %Y at %H:%M"),
            },
            to_email=old_email,
            dedupe_key=f"email-changed:{event.pk}",
            recipient=user,
            recipient_name=member.full_name if member is not None else user.get_username(),
        )
