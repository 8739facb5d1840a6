"""Project-level pages: home, dashboard, static information and errors (the audit trail's
pages are the kernel's: core/audit_views.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.dashboard import DashboardLink, dashboard_links_for, dashboard_tasks_for
from core.health import readiness


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
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. It checks nothing else, so a database outage does not
    get every instance restarted; readiness is ``readyz``."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when the database, the broker and the media storage all answer, else
    503 naming the part that failed (core.health)."""
    states = readiness()
    ready = all(state == "ok" for state in states.values())
    body = "ready\n" if ready else "not ready\n"
    body += "".join(f"{name}: {state}\n" for name, state in states.items())
    return HttpResponse(body, content_type="text/plain", status=200 if ready else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the failure may be the database.
    return HttpResponse(render_to_string("500.html"), status=500)
