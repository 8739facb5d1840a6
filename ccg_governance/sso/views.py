"""The sign-in page's SSO button, and the start and callback of the OpenID Connect flow.

Both flow pages are 404 while SSO is off. A refused sign-in returns to the sign-in page
with the reason in words; a provider that cannot be reached is a refusal too, not an error.
"""

from __future__ import annotations

from typing import Any

import requests
from django.contrib import auth, messages
from django.contrib.auth.views import LoginView
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ccg_governance.auth_forms import NhsukAuthenticationForm
from ccg_governance.sso.config import provider_name, provider_setting, sso_enabled
from ccg_governance.sso.matching import REFUSALS
from core.audit import audit_record
from core.two_factor import external_mfa_record


class SignInView(LoginView):
    """The password sign-in, kept for everyone; with SSO on, a button for it above."""

    authentication_form = NhsukAuthenticationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = provider_name() if sso_enabled() else ""
        return context


class SSOStartView(OIDCAuthenticationRequestView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404("Single sign-on is not set up.")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException:
            return _refused(request, "provider_error", "discovery document unreachable")
        return super().get(request)


class SSOCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404("Single sign-on is not set up.")
        if request.GET.get("error"):
            # The person cancelled at the provider, or it refused: signed in to nothing here.
            if request.user.is_authenticated:
                auth.logout(request)
            error = request.GET.get("error", "")[:100]
            return _refused(request, "provider_error", f"provider said: {error}")
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation) as exc:
            return _refused(request, "provider_error", type(exc).__name__)

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "sso_refusal", "")
        if refusal:  # already audited by the backend
            messages.error(self.request, REFUSALS[refusal].format(provider=provider_name()))
            return HttpResponseRedirect(reverse("login"))
        return _refused(self.request, "provider_error", "the sign-in did not complete")

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        mfa = bool(getattr(self.request, "sso_mfa", False))
        if mfa:
            external_mfa_record(self.request)
        audit_record(
            actor=self.user,
            action="sso.signed_in",
            obj=self.user,
            detail={"mfa_asserted": mfa, "issuer": getattr(self.request, "sso_issuer", "")},
            request=self.request,
        )
        return response


def _refused(request: HttpRequest, reason: str, detail: str) -> HttpResponse:
    audit_record(
        actor=None, action="sso.refused", detail={"reason": reason, "who": detail}, request=request
    )
    messages.error(request, REFUSALS[reason].format(provider=provider_name()))
    return HttpResponseRedirect(reverse("login"))
