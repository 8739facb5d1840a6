"""A login's email address: changed only with an audit record and a notice to the old address.

The email address is how a login is recovered ("forgotten password"), so a change of it
is a change of who controls the account. Every change is written to the audit trail, and
the old address is told, after the commit, so the owner of a hijacked account hears of it.
"""

from __future__ import annotations

import logging
import smtplib
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from core.audit import audit_record

logger = logging.getLogger(__name__)


def _actor_name(actor: Any) -> str:
    member = getattr(actor, "member", None)
    if member is not None:
        return str(member.full_name)
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return "The system"


def email_change_notice_deliver(
    *, old_email: str, username: str, changed_by: str, changed_at: str
) -> bool:
    """Tell the old address its login now uses another one (which the notice never names)."""
    context = {
        "organisation_name": settings.ORGANISATION_NAME,
        "product_name": "Recuse",
        "username": username,
        "changed_by": changed_by,
        "changed_at": changed_at,
    }
    subject = " ".join(render_to_string("emails/email_changed_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/email_changed_body.txt", context),
        to=[old_email],
    )
    message.attach_alternative(
        render_to_string("emails/email_changed_body.html", context), "text/html"
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("The email-change notice for %s could not be sent", username)
        return False
    return True


def login_email_changed(
    *, actor: Any, user: User, old_email: str, request: HttpRequest | None = None
) -> None:
    """Record that ``user``'s email changed from ``old_email`` (already saved by the caller)."""
    audit_record(
        actor=actor,
        action="login.email_changed",
        obj=user,
        detail={"username": user.get_username(), "from": old_email, "to": user.email},
        request=request,
    )
    if old_email and old_email.casefold() != user.email.casefold():
        transaction.on_commit(
            partial(
                email_change_notice_deliver,
                old_email=old_email,
                username=user.get_username(),
                changed_by=_actor_name(actor),
                changed_at=timezone.localtime().strftime("%-d %B %Y at %H:%M"),
            )
        )
