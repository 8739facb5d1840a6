"""Two-factor sign-in (django-otp): who must use it, enrolment, verification and resets.

The roles that open every register, paper and the audit trail, or decide conflicts
(Secretary, Chair, Conflicts Guardian, Auditor) and system administrators must prove a
second factor at every sign-in: a time-based code from an authenticator app (TOTP), or one
of ten single-use recovery codes. Anyone else may enrol, and once enrolled is asked too.
``core.middleware.TwoFactorMiddleware`` holds every other page back until the session is
verified; the Django admin checks it again (``OTPAdminSite``).

Every enrolment, recovery-code use, failure and reset is written to the audit trail; a reset
is made by another system administrator, never by the person themself.
"""

from __future__ import annotations

from typing import Any

import django_otp
import segno
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit_record
from core.digits import is_digits
from core.roles import Role

TWO_FACTOR_ROLES: tuple[Role, ...] = (Role.SECRETARY, Role.CHAIR, Role.GUARDIAN, Role.AUDITOR)
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


def two_factor_required(user: Any) -> bool:
    """Whether the person must use a second factor (their roles, or being an administrator)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(user.groups.filter(name__in=[r.value for r in TWO_FACTOR_ROLES]).exists())


# A sign-in through single sign-on whose identity provider asserted multi-factor
# authentication (ccg_governance.sso) counts as verified for this session: the session
# (kept server-side) holds the user's id under this key, set only by the SSO callback.
EXTERNAL_MFA_SESSION_KEY = "recuse_external_mfa_user"


def external_mfa_record(request: HttpRequest) -> None:
    """The person just signed in and their identity provider asserted multi-factor."""
    request.session[EXTERNAL_MFA_SESSION_KEY] = request.user.pk


def external_mfa_verified(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return bool(request.session.get(EXTERNAL_MFA_SESSION_KEY) == user.pk)


def has_second_factor(user: Any) -> bool:
    return bool(django_otp.user_has_device(user, confirmed=True))


def enrolment_device(user: User) -> TOTPDevice:
    """The authenticator being set up: a new unconfirmed one, or the one started earlier."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code image (an SVG data URI, allowed by the CSP)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5))


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for an app that cannot read the QR code."""
    import base64

    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _clean_token(token: str) -> str:
    return "".join(str(token).split()).lower()[:32]


@transaction.atomic
def two_factor_enrol(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code from it; return the new recovery codes.

    The session is verified at once (``django_otp.login``): the person has just proved it.
    """
    user: Any = request.user
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied("That authenticator is not being set up for you.")
    cleaned = _clean_token(token)
    if not is_digits(cleaned) or not device.verify_token(cleaned):
        message = "The code is not right: enter the 6-digit code your app shows now"
        raise ValidationError({"token": message})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _new_recovery_codes(user)
    django_otp.login(request, device)
    audit_record(actor=user, action="two_factor.enrolled", obj=user, request=request)
    return codes


def two_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """Check a code from the authenticator or a recovery code; verify the session if right."""
    user: Any = request.user
    cleaned = _clean_token(token)
    device = django_otp.match_token(user, cleaned) if cleaned else None
    if device is None:
        audit_record(actor=user, action="two_factor.failed", obj=user, request=request)
        return False
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        audit_record(
            actor=user,
            action="two_factor.recovery_code_used",
            obj=user,
            detail={"codes_left": left},
            request=request,
        )
    return True


@transaction.atomic
def recovery_codes_renew(*, request: HttpRequest) -> list[str]:
    """New recovery codes for a verified person; the old ones stop working."""
    user: Any = request.user
    if not has_second_factor(user) or not user.is_verified():
        raise PermissionDenied("Sign in with your second factor first.")
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="two_factor.recovery_codes_renewed", obj=user, request=request)
    return codes


@transaction.atomic
def two_factor_reset(*, actor: Any, user: User, request: HttpRequest | None = None) -> int:
    """Remove every second factor of ``user`` (a lost phone): they enrol again at next sign-in.

    Only another system administrator may do it; it is audited and the Guardian sees it.
    """
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(
            "Only a system administrator can reset someone's two-factor sign-in."
        )
    if actor.pk == user.pk:
        raise PermissionDenied("Ask another system administrator to reset your two-factor sign-in.")
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    audit_record(
        actor=actor,
        action="two_factor.reset",
        obj=user,
        detail={"username": user.get_username(), "devices_removed": removed},
        request=request,
    )
    return removed
