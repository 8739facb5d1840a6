"""Whom a single sign-on is for, and whether the provider asserted multi-factor.

An existing person only, by an email address the provider says it has verified: SSO never
creates a login. A login holding a role that opens everything (Secretary, Conflicts
Guardian, Auditor) or a system administrator's is refused unless ``OIDC_ALLOW_PRIVILEGED``
is on: those people sign in here, with their password and authenticator, so an account
taken over at the provider does not hand over their powers (ADR 0026).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User

from interests.services.logins import PRIVILEGED_ROLES, role_list, roles_held

_PRIVILEGED_NAMES = {role.value for role in PRIVILEGED_ROLES}

# Reasons a sign-in is refused, in words for the person (the code goes to the audit trail).
REFUSALS = {
    "no_email": "Your {provider} did not tell us your email address, so we cannot tell who "
    "you are here. Sign in with your username and password.",
    "email_not_verified": "Your {provider} has not verified your email address, so we cannot "
    "use it to sign you in. Sign in with your username and password.",
    "unknown": "There is nobody here with the email address of your {provider}. Ask the "
    "governance secretary to add you, or sign in with your username and password.",
    "several": "More than one login here has the email address of your {provider}. Ask the "
    "governance secretary to correct it, and sign in with your username and password.",
    "inactive": "Your access has ended. Ask the governance secretary if you think this is wrong.",
    "privileged": "Your roles here must be signed in to with your username, password and "
    "authenticator: single sign-on is not used for them.",
    "provider_error": "We could not finish signing you in with your {provider}. Try again, or "
    "sign in with your username and password.",
}


@dataclass(frozen=True)
class Match:
    user: User | None
    refusal: str = ""  # a key of REFUSALS when user is None
    detail: str = ""  # for the audit trail


def _verified(value: Any) -> bool:
    # Some providers send the claim as the string "true".
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def sso_person_match(claims: Mapping[str, Any]) -> Match:
    email = str(claims.get("email") or "").strip()
    if not email:
        return Match(None, "no_email")
    if not _verified(claims.get("email_verified")):
        return Match(None, "email_not_verified", email)
    users = list(User.objects.filter(email__iexact=email).select_related("member")[:2])
    if not users:
        return Match(None, "unknown", email)
    if len(users) > 1:
        return Match(None, "several", email)
    user = users[0]
    member = getattr(user, "member", None)
    if not user.is_active or (member is not None and not member.is_active):
        return Match(None, "inactive", email)
    if not getattr(settings, "OIDC_ALLOW_PRIVILEGED", False):
        if user.is_superuser:
            return Match(None, "privileged", "a system administrator")
        privileged = roles_held(user) & _PRIVILEGED_NAMES
        if privileged:
            return Match(None, "privileged", f"holds {role_list(privileged)}")
    return Match(user)


def mfa_asserted(claims: Mapping[str, Any]) -> bool:
    """The ID token says the person used more than one factor (RFC 8176 "mfa", or an
    ``acr`` value the organisation names in ``OIDC_MFA_ACR_VALUES``)."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = amr.split()
    if "mfa" in {str(method).lower() for method in amr}:
        return True
    acr = str(claims.get("acr") or "")
    return bool(acr) and acr in set(getattr(settings, "OIDC_MFA_ACR_VALUES", []))
