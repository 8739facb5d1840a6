"""Public pages answered before the session, sign-in and the rest of the stack are reached.

The published register is the most-read page, and most of its readers are anonymous: no
session cookie, no messages waiting. Their response is the same for everyone who asks the
same URL while the register's published version and the day stand (core.publication). The
view marks such a response (``PublicEntry``); on its way out this middleware, placed right
after the security and static-file middleware, keeps the whole response (headers and body,
each response's CSP nonce replaced by a slot); on the way in, for a request with neither
cookie, it reads the page's version (one indexed row) and, if the kept response was made
under that version today, answers at once: 304 Not Modified when the reader already holds
it (``If-None-Match``), else the kept response with a fresh nonce.

Nothing else is ever kept: only responses the view marked, with status 200, setting no
cookie, to a request with no session and no messages. A signed-in reader, and every
restricted page, goes through the whole stack each time, so a permission withdrawn is
withdrawn at once. A change that alters what is published bumps the version in its own
transaction, so a kept response is never served after the change commits.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response

from core.publication import (
    NONCE_SLOT,
    PublicEntry,
    nothing_personal,
    publication_version,
    templates_fingerprint,
)

KEEP_SECONDS = 24 * 60 * 60  # entries name their version; this only bounds unused ones
_NOT_KEPT = frozenset({"content-length", "set-cookie"})
_VALIDATORS = frozenset({"etag", "last-modified", "cache-control", "vary"})
# The paths this process has seen a public page answer: only they are looked up in the
# cache, so other anonymous pages (sign-in, the health check) cost no cache round trip.
_public_paths: set[str] = set()


def _key(request: HttpRequest) -> str:
    """The URL, its parameters in a fixed order, and what a deployment may change."""
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    described = "|".join(
        (
            request.path,
            repr(query),
            templates_fingerprint(),
            settings.ORGANISATION_NAME,
            settings.ORGANISATION_TYPE,
        )
    )
    return "public-response:" + hashlib.sha256(described.encode()).hexdigest()[:32]


def _new_nonce() -> str:
    return base64.b64encode(os.urandom(16)).decode("ascii")  # as django-csp makes them


class PublicPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method not in ("GET", "HEAD")
            or request.path not in _public_paths
            or not nothing_personal(request)
        ):
            response = self.get_response(request)
            if getattr(response, "public_entry", None) is not None:
                self._keep(request, response, _key(request))
            return response
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            version, _changed_at = publication_version(kept["name"])
            if version == kept["version"] and kept["day"] == timezone.localdate():
                return self._answer(request, kept)
        response = self.get_response(request)
        self._keep(request, response, key)
        return response

    @staticmethod
    def _answer(request: HttpRequest, kept: dict[str, Any]) -> HttpResponseBase:
        unchanged = get_conditional_response(
            request, etag=kept["etag"], last_modified=kept["last_modified"]
        )
        if unchanged is not None:
            for name, value in kept["headers"]:
                if name.lower() in _VALIDATORS:
                    unchanged[name] = value
            return unchanged
        nonce = _new_nonce()
        response = HttpResponse(kept["body"].replace(NONCE_SLOT.encode(), nonce.encode()))
        for name, value in kept["headers"]:
            response[name] = value.replace(NONCE_SLOT, nonce)
        return response

    @staticmethod
    def _keep(request: HttpRequest, response: HttpResponseBase, key: str) -> None:
        entry: PublicEntry | None = getattr(response, "public_entry", None)
        if (
            entry is None
            or response.status_code != 200
            or response.cookies
            or not isinstance(response, HttpResponse)
            or not nothing_personal(request)
        ):
            return
        nonce = getattr(request, "_csp_nonce", None)  # set by django-csp when the page used it
        body = response.content
        headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_KEPT]
        if isinstance(nonce, str):
            body = body.replace(nonce.encode(), NONCE_SLOT.encode())
            headers = [(k, v.replace(nonce, NONCE_SLOT)) for k, v in headers]
        _public_paths.add(request.path)
        cache.set(
            key,
            {
                "name": entry.name,
                "version": entry.version,
                "day": entry.day,
                "etag": entry.etag,
                "last_modified": entry.last_modified,  # a timestamp, as Django compares it
                "headers": headers,
                "body": body,
            },
            KEEP_SECONDS,
        )
