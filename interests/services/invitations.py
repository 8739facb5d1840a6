"""Inviting someone to set the password of their new login, by email, after the commit."""

from __future__ import annotations

import logging
import smtplib
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.audit import audit_record
from interests.models import Member
from interests.services.login_emails import login_email_changed
from interests.services.logins import protected_login, roles_held

logger = logging.getLogger(__name__)


def _site_root(request: HttpRequest | None) -> str:
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    host = next((h for h in settings.ALLOWED_HOSTS if h and h != "*"), "localhost")
    return f"https://{host.lstrip('.')}"


def invitation_deliver(*, user_pk: int, site_root: str, invited_by: str) -> bool:
    """Render and send the invitation; run after the transaction commits.

    The one-time link is Django's password-reset token, made now (after the
    commit) so it matches the stored account. It stops working once the person
    sets a password or signs in, or when PASSWORD_RESET_TIMEOUT passes.
    Returns False (and logs) if the mail server refuses: the secretary can
    resend from the person's page.
    """
    user = User.objects.select_related("member").filter(pk=user_pk).first()
    if user is None or not user.is_active or not user.email:
        return False
    member = getattr(user, "member", None)
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "organisation_name": settings.ORGANISATION_NAME,
        "product_name": "Recuse",
        "full_name": member.full_name if member is not None else user.get_username(),
        "username": user.get_username(),
        "link": f"{site_root}{path}",
        "sign_in_link": f"{site_root}{reverse('login')}",
        "expires_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        "invited_by": invited_by,
    }
    subject = " ".join(render_to_string("emails/invitation_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/invitation_body.txt", context),
        to=[user.email],
    )
    html = render_to_string("emails/invitation_body.html", context)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("The invitation to %s could not be sent", user.get_username())
        return False
    return True


def invitation_queue(*, actor: Any, member: Member, request: HttpRequest | None) -> None:
    """Send the invitation once the account is committed, never for a rolled-back one."""
    if member.user_id is None:
        raise ValidationError(f"{member.full_name} has no login to be invited to")
    own = getattr(actor, "member", None)
    # With no name the email says "The governance secretary".
    invited_by = own.full_name if own is not None else ""
    audit_record(
        actor=actor,
        action="member.invitation_sent",
        obj=member,
        detail={"to": member.email},
        request=request,
    )
    transaction.on_commit(
        partial(
            invitation_deliver,
            user_pk=member.user_id,
            site_root=_site_root(request),
            invited_by=invited_by,
        )
    )


@transaction.atomic
def member_invitation_resend(
    *, actor: Any, member: Member, request: HttpRequest | None = None
) -> None:
    """A fresh link for someone who has never signed in; earlier links stop working."""
    user = member.user
    if user is None:
        raise ValidationError(f"{member.full_name} has no login: give them one first")
    if user.last_login is not None:
        raise ValidationError(
            f"{member.full_name} has already signed in. If they have forgotten their password "
            "they can reset it from the sign-in page"
        )
    if not user.is_active or not member.is_active:
        raise ValidationError(f"{member.full_name} cannot sign in, so they cannot be invited")
    if not member.email:
        raise ValidationError(f"Add {member.full_name}'s email address first")
    if not user.has_usable_password():
        # A new random unusable password changes the token's hash: older links die.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if user.email != member.email:
        protected = protected_login(actor=actor, user=user, held=roles_held(user))
        if protected:
            raise ValidationError(
                f"{member.full_name} {protected}: only a system administrator can send their "
                "invitation to a new address"
            )
        old_email = user.email
        user.email = member.email
        user.save(update_fields=["email"])
        login_email_changed(actor=actor, user=user, old_email=old_email, request=request)
    invitation_queue(actor=actor, member=member, request=request)
