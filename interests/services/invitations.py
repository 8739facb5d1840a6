"""Inviting someone to set the password of their new login, by email through the outbox.

The invitation is queued in the same transaction as the login it invites to (a rolled-back
account is never invited) and sent after the commit by the outbox's task. Its one-time
link is Django's password-reset token, made only as the email is sent (so it matches the
account as committed and is never stored: ``invitation_link``). It stops working once the
person sets a password or signs in, or when PASSWORD_RESET_TIMEOUT passes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.audit import audit_record
from core.outbox.models import OutboxMessage
from core.outbox.services import ONE_TIME_LINK, email_queue, site_link
from interests.models import Member
from interests.services.login_emails import login_email_changed
from interests.services.logins import protected_login, roles_held

INVITATION = "emails/invitation"


def invitation_link(message: OutboxMessage) -> str | None:
    """The password link, made as the invitation is sent; None (the email is cancelled)
    when the login can no longer be invited or now belongs to another address."""
    user = User.objects.filter(pk=message.recipient_id).first() if message.recipient_id else None
    if user is None or not user.is_active or not user.email:
        return None
    if user.email.casefold() != message.to_email.casefold():
        return None  # a link must only ever reach the login's current address
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_link(path)


def invitation_queue(*, actor: Any, member: Member, request: HttpRequest | None) -> None:
    """Queue the invitation in the caller's transaction; it is sent once the account is
    committed, never for a rolled-back one."""
    user = member.user
    if user is None:
        raise ValidationError(f"{member.full_name} has no login to be invited to")
    own = getattr(actor, "member", None)
    # With no name the email says "The governance secretary".
    invited_by = own.full_name if own is not None else ""
    event = audit_record(
        actor=actor,
        action="member.invitation_sent",
        obj=member,
        detail={"to": member.email},
        request=request,
    )
    email_queue(
        template=INVITATION,
        context={
            "full_name": member.full_name,
            "username": user.get_username(),
            "link": ONE_TIME_LINK,
            "sign_in_link": site_link(reverse("login")),
            "expires_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
            "invited_by": invited_by,
        },
        to_email=user.email,
        # Each invitation sent is a new email (a resend gives a fresh link).
        dedupe_key=f"invitation:{event.pk}",
        recipient=user,
        recipient_name=member.full_name,
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
