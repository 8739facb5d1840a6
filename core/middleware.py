"""Middleware for signed-in people: responses are never stored, and two-factor comes first.

Responses to signed-in people are never stored by browsers or proxies.

Almost every signed-in page shows something restricted (a register entry, a
paper list, a verdict); marking them all ``private, no-store`` means a shared
computer's back button or cache never shows them to the next person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from core.two_factor import external_mfa_verified, has_second_factor, two_factor_required


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(f"/{settings.STATIC_URL.strip('/')}/")
        ):
            add_never_cache_headers(response)
            response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
        return response


class TwoFactorMiddleware:
    """Hold back every page until a person who must use two-factor sign-in has done so.

    Runs after django-otp's ``OTPMiddleware`` (which sets ``request.user.is_verified()``).
    A person whose role needs it, or who has enrolled, and whose session is not verified,
    may reach only the two-factor pages, signing out, static files and the health check;
    anything else sends them to enter a code, or to enrol if they have no second factor yet.
    """

    OPEN_URL_NAMES = ("two_factor_verify", "two_factor_setup", "logout")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            if external_mfa_verified(request):
                # Their identity provider asserted multi-factor at this sign-in: verified,
                # for these checks and for the admin's (OTPAdminSite) alike.
                user.is_verified = lambda: True
                return self.get_response(request)
            response = self._hold_back(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _hold_back(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        static = f"/{settings.STATIC_URL.strip('/')}/"
        open_paths = {reverse(name) for name in self.OPEN_URL_NAMES} | {reverse("healthz")}
        if request.path.startswith(static) or request.path in open_paths:
            return None
        enrolled = has_second_factor(user)
        if not (enrolled or two_factor_required(user)):
            return None
        target = reverse("two_factor_verify" if enrolled else "two_factor_setup")
        if request.method == "GET":
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return redirect(target)


class RefuseNulInQueryMiddleware:
    """A NUL character in a query parameter answers 400 before any view sees it.

    Nobody types one; it reached filters, suggestions and (through the audit trail's record
    of a CSV's filters) a PostgreSQL jsonb column, which refuses it with a server error.
    Form fields already refuse NUL (Django's ``ProhibitNullCharactersValidator``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, value in _query_items(request)):
            return render(
                request,
                "400.html",
                {"problem": "The address contains a character that is not allowed."},
                status=400,
            )
        return self.get_response(request)


def _query_items(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]
