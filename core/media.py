"""The media storage (``MEDIA_ROOT``) failing: a clean page, not a server error.

A failed mount, a full disk or ``MEDIA_ROOT`` pointing at a file makes every read and write
of a paper raise an ``OSError``. Inside ``media_access`` that becomes ``StorageUnavailable``,
which ``StorageUnavailableMiddleware`` answers with a 503 page saying files cannot be reached
and nothing was changed (the request's transaction is rolled back by the exception). A file
that is simply missing stays ``FileNotFoundError`` for the caller (a 404). ``/readyz``
reports the same storage as not ready (core.health).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """Files cannot be read or written in ``MEDIA_ROOT`` right now."""


@contextmanager
def media_access(*, missing_is_unavailable: bool = False) -> Iterator[None]:
    """Turn storage failures into ``StorageUnavailable``; keep a missing file as it is unless
    ``missing_is_unavailable`` (writing: a missing directory is the storage's fault)."""
    try:
        yield
    except FileNotFoundError:
        if not missing_is_unavailable:
            raise
        logger.exception("Media storage unavailable")
        raise StorageUnavailable from None
    except OSError:
        logger.exception("Media storage unavailable")
        raise StorageUnavailable from None


class StorageUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, StorageUnavailable):
            return None
        response = render(request, "503_storage.html", status=503)
        response["Retry-After"] = "60"
        return response
