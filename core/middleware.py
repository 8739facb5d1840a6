"""Responses to signed-in people are never stored by browsers or proxies.

Almost every signed-in page shows something restricted (a register entry, a
paper list, a verdict); marking them all ``private, no-store`` means a shared
computer's back button or cache never shows them to the next person.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


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
