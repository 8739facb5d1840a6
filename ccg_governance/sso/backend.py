"""The authentication backend for single sign-on (mozilla-django-oidc underneath).

It is always listed in ``AUTHENTICATION_BACKENDS`` and does nothing unless SSO is
configured and the call is the SSO callback's; settings are read when used, not at
start-up, so the password sign-in never depends on the provider. Each refusal and each
sign-in is written to the audit trail.
"""

from __future__ import annotations

from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ccg_governance.sso.config import provider_setting, sso_enabled
from ccg_governance.sso.matching import mfa_asserted, sso_person_match
from core.audit import audit_record


class SSOBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads every setting here; ours are read when a sign-in needs them.
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802 - the parent's attribute names
        return provider_setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return provider_setting("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return provider_setting("OIDC_OP_JWKS_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_CLIENT_ID)

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_CLIENT_SECRET)

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_SIGN_ALGO)

    @property
    def OIDC_RP_IDP_SIGN_KEY(self) -> None:  # noqa: N802 - keys come from the JWKS endpoint
        return None

    def retrieve_matching_jwk(self, token: str) -> Any:
        """The provider's key for this token: by its ``kid``; a token without one only when
        the provider publishes a single key (OpenID Connect Core 10.1 allows it then)."""
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("alg") in (None, header.get("alg")) and key.get("use") in (None, "sig")
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("The provider has no single key matching the ID token.")
        return jwt.PyJWK(keys[0])

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        # Only the SSO callback passes a nonce; a password sign-in never reaches the provider.
        if request is None or not sso_enabled() or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """Never creates: finds the one person the verified email belongs to, or refuses."""
        user_info = self.get_userinfo(access_token, id_token, payload)
        # The ID token's claims are signed; the userinfo endpoint's complete them.
        claims = {**user_info, **payload}
        match = sso_person_match(claims)
        if match.user is None:
            self.request.sso_refusal = match.refusal
            audit_record(
                actor=None,
                action="sso.refused",
                detail={
                    "reason": match.refusal,
                    "who": match.detail,
                    "issuer": str(payload.get("iss", "")),
                },
                request=self.request,
            )
            return None
        self.request.sso_mfa = mfa_asserted(payload)
        self.request.sso_issuer = str(payload.get("iss", ""))
        return match.user
