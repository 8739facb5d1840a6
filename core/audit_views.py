"""The audit trail's views: recording that a restricted page was viewed, and the trail
itself for auditors (filters, CSV) and the Guardian (privileged actions)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.audit import audit_record
from core.audit_filters import AuditFilterForm
from core.csv_export import csv_response
from core.models import AuditEvent
from core.pagination import UncountedPage, page_number
from core.selectors import (
    AUDIT_CSV_COLUMNS,
    audit_csv_rows,
    audit_events_recent,
    audit_rows,
    privileged_events,
    privileged_rows,
)

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


# --- The trail itself, for auditors ---------------------------------------------------------
# Read-only by construction: these views only read, the model refuses changes and deletions,
# and on PostgreSQL so does the database (core.0008).


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    form = AuditFilterForm(request.GET or None)
    return form, form.filter(audit_events_recent())


@require_GET
@never_cache
@login_required
@permission_required("core.view_auditevent", raise_exception=True)
@logged_view("audit.viewed")
def audit_trail(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    # Millions of rows: a page without a count (core.pagination).
    page = UncountedPage(events, page_number(request.GET.get("page")), 50)
    rows = audit_rows(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit_trail.html",
        {"page": page, "rows": rows, "form": form, "query_string": query.urlencode()},
    )


@require_GET
@never_cache
@login_required
@permission_required("core.view_auditevent", raise_exception=True)
@logged_view("audit.exported_csv")
def audit_trail_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV: every record named as on the page, through its own access
    check; a record the reader may not open reads "restricted item"."""
    _form, events = _filtered(request)
    return csv_response("audit-trail.csv", AUDIT_CSV_COLUMNS, audit_csv_rows(events, request.user))


@require_GET
@never_cache
@login_required
@permission_required("core.view_auditevent", raise_exception=True)
@logged_view("audit.privileged_viewed")
def privileged_actions(request: HttpRequest) -> HttpResponse:
    """The Guardian's review of privileged actions: roles, logins, two-factor, withholding."""
    page = UncountedPage(privileged_events(), page_number(request.GET.get("page")), 50)
    rows = privileged_rows(page.object_list, request.user)
    return render(request, "privileged_actions.html", {"page": page, "rows": rows})
