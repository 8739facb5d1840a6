"""Project-level pages: home, dashboard, audit trail, static information and errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.audit_views import logged_view
from core.dashboard import DashboardLink, dashboard_links_for, dashboard_tasks_for
from core.pagination import UncountedPage, page_number
from core.selectors import audit_events_recent, audit_rows, privileged_events, privileged_rows


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    links = dashboard_links_for(request.user)
    if request.user.has_perm("core.view_auditevent"):
        links.append(
            DashboardLink(
                title="Audit trail",
                description="Who did what and when: declarations, decisions, approvals, "
                "downloads, and every refused attempt to open a withheld paper.",
                url=reverse("audit_trail"),
            )
        )
    return render(
        request,
        "dashboard.html",
        {"tasks": dashboard_tasks_for(request.user), "links": links},
    )


@require_GET
@login_required
@permission_required("core.view_auditevent", raise_exception=True)
@logged_view("audit.viewed")
def audit_trail(request: HttpRequest) -> HttpResponse:
    # Millions of rows: a page without a count (core.pagination).
    page = UncountedPage(audit_events_recent(), page_number(request.GET.get("page")), 50)
    rows = audit_rows(page.object_list, request.user)
    return render(request, "audit_trail.html", {"page": page, "rows": rows})


@require_GET
@login_required
@permission_required("core.view_auditevent", raise_exception=True)
@logged_view("audit.privileged_viewed")
def privileged_actions(request: HttpRequest) -> HttpResponse:
    """The Guardian's review of privileged actions: roles, logins, two-factor, withholding."""
    page = UncountedPage(privileged_events(), page_number(request.GET.get("page")), 50)
    rows = privileged_rows(page.object_list, request.user)
    return render(request, "privileged_actions.html", {"page": page, "rows": rows})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the failure may be the database.
    return HttpResponse(render_to_string("500.html"), status=500)
