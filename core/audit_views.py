"""Recording that a restricted page was viewed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from core.audit import audit_record

View = Callable[..., Any]


def logged_view(action: str) -> Callable[[View], View]:
    """Write an audit record (who, what, when, which page) each time the view shows its page.

    Only successful GETs are recorded: refusals are recorded where access is decided, and
    changes by the services that make them.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200:
                audit_record(
                    actor=request.user,
                    action=action,
                    detail={"path": request.get_full_path()[:500], **kwargs},
                    request=request,
                )
            return response

        return wrapper

    return decorator
