"""What the public pages publish: a version per page, and the page served from it.

A public page (the published register of interests) is read far more than it changes. Each
change that alters what it shows calls ``publication_changed`` in its own transaction: one
``UPDATE ... SET version = version + 1`` on the page's row. A request reads that row (one
query) and from it, with today's date (entries start and drop off by date) and the search
asked for:

- answers a conditional GET from an anonymous reader with 304 Not Modified (ETag and
  Last-Modified), and sends ``Cache-Control: public`` so a browser or a proxy may keep it;
- serves the page's body from the cache under a key that names the version, so a body
  cached before a change is never served after it commits: the next request reads the new
  version and builds a new body. Nothing needs deleting.

Only what every reader sees alike is cached (the body, never the header with someone's
name); signed-in responses stay ``private, no-store`` (core.middleware).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from core.models import PublishedVersion

REGISTER_OF_INTERESTS = "register_of_interests"
PUBLISHED_NAMES = (REGISTER_OF_INTERESTS,)

# A browser or proxy may reuse the page for a minute without asking; after that it asks
# again and, if nothing changed, gets a 304. A minute bounds how long an entry the Guardian
# has just withheld (a risk of harm) can still be shown by a cache we do not control.
PUBLIC_MAX_AGE_SECONDS = 60
# Bodies are keyed by version, so this only bounds how long unused ones occupy the cache.
BODY_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class PublicEntry:
    """What a public view says of its response to a reader with nothing personal: which
    page, under which version and day, and its validators; core.public_cache keeps it."""

    name: str
    version: int
    day: datetime.date
    etag: str
    last_modified: int  # a timestamp


@functools.cache
def templates_fingerprint() -> str:
    """The templates this process renders with: a deployment that changes them must not
    serve bodies rendered by the one before (the cache outlives processes). The same code
    gives the same fingerprint on every instance, so they share the cache."""
    digest = hashlib.sha256()
    folders: list[Path] = settings.TEMPLATES[0]["DIRS"]  # type: ignore[assignment]
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.html")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def publication_changed(*names: str) -> None:
    """Record, in the caller's transaction, that what these pages publish has changed."""
    PublishedVersion.objects.filter(name__in=names).update(
        version=F("version") + 1, changed_at=timezone.now()
    )


_VERSION_SQL = "SELECT version, changed_at FROM core_publishedversion WHERE name = %s"


def publication_version(name: str) -> tuple[int, datetime.datetime]:
    # Read on every request for a public page: one indexed row, without the ORM's overhead.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [name])
        row = cursor.fetchone()
    if row is None:  # the row is made by a migration; a missing one means "always fresh"
        return 0, timezone.now()
    version, changed_at = row
    if isinstance(changed_at, str):  # SQLite returns text
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return int(version), changed_at


def public_page(
    request: HttpRequest,
    *,
    name: str,
    variant: Mapping[str, Any],
    page_template: str,
    body_template: str,
    body_context: Callable[[], dict[str, Any]],
    page_context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The public page ``name`` for the search ``variant`` (already validated and normalised:
    it is part of the cache key), its body from the cache while the version stands."""
    version, changed_at = publication_version(name)
    today = timezone.localdate()
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    last_modified = max(changed_at, start_of_today)
    described = repr(sorted((str(k), str(v)) for k, v in variant.items()))
    # Everything the body depends on besides the data: the search, the day (entries start
    # and drop off by date), the organisation's name and kind, and the templates.
    stamp = "|".join(
        (
            name,
            str(version),
            today.isoformat(),
            described,
            settings.ORGANISATION_NAME,
            settings.ORGANISATION_TYPE,
            templates_fingerprint(),
        )
    )
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    anonymous = not request.user.is_authenticated
    if anonymous:
        unchanged = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if unchanged is not None:
            _public_headers(unchanged, etag, last_modified)
            return unchanged
    key = f"public-page:{digest}"
    body = cache.get(key)
    if body is None:
        body = render_to_string(body_template, body_context(), request=request)
        cache.set(key, body, BODY_CACHE_SECONDS)
    # Our own template's output, escaped when it was rendered: safe as it stands.
    rendered_body = mark_safe(body)  # noqa: S308  # nosec B308 B703
    context = {**(page_context or {}), "public_body": rendered_body}
    response = render(request, page_template, context)
    if anonymous:
        _public_headers(response, etag, last_modified)
        if nothing_personal(request):
            # The same for everyone asking this URL now: core.public_cache keeps it whole.
            response.public_entry = PublicEntry(  # type: ignore[attr-defined]
                name, version, today, etag, int(last_modified.timestamp())
            )
    return response


# Where a kept page's CSP nonce goes: each response gets a fresh one (django-csp), so a
# kept page never carries another response's nonce.
NONCE_SLOT = "\x00csp-nonce\x00"


def nothing_personal(request: HttpRequest) -> bool:
    """No session and no pending messages: the page holds nothing that is this reader's own
    (the header is the signed-out one; no CSRF token, see base.html)."""
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)


def _public_headers(response: HttpResponse, etag: str, last_modified: datetime.datetime) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE_SECONDS)
