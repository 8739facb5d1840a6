"""The breaches register: the internal register with its CSV and PDF, a breach and its
evidence, recording a breach, the Guardian's review, and the anonymised published register.

Every internal page checks ``compliance.view_breach`` (403 otherwise; 404 for no such
breach) and is written to the audit trail; evidence is named for each reader through the
records' own access checks.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compliance import documents
from compliance.forms import BreachFilterForm, BreachOutcomeForm, BreachRecordForm, outcome_initial
from compliance.selectors.breaches import (
    RECORD,
    REVIEW,
    VIEW,
    breach_for_user,
    breaches_matching,
    evidence_rows,
    published_breaches,
)
from compliance.selectors.register import (
    FULL_COLUMNS,
    PUBLISHED_COLUMNS,
    full_rows,
    published_rows,
)
from compliance.services import breaches as services
from compliance.tasks import detect_breaches
from core.audit_views import logged_view
from core.concurrency import StaleEdit
from core.csv_export import csv_response
from core.documents.views import request_document
from meetings.forms.meetings import add_service_errors


def _filters(request: HttpRequest) -> tuple[BreachFilterForm, dict[str, Any]]:
    form = BreachFilterForm(request.GET or None)
    return form, form.filters()


@require_GET
@never_cache
@login_required
@permission_required(VIEW, raise_exception=True)
@logged_view("breach_register.viewed")
def breach_register(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(breaches_matching(**filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "compliance/register.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "filtered": bool(filters and any(filters.values())),
        },
    )


@require_GET
@never_cache
@login_required
@permission_required(VIEW, raise_exception=True)
@logged_view("breach_register.exported_csv")
def breach_register_csv(request: HttpRequest) -> StreamingHttpResponse:
    _form, filters = _filters(request)
    breaches = list(breaches_matching(**filters))
    return csv_response("breaches-register.csv", FULL_COLUMNS, full_rows(request.user, breaches))


@require_GET
@never_cache
@login_required
@permission_required(VIEW, raise_exception=True)
def breach_register_pdf(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "") for k in documents.FILTERS}
    return request_document(request, documents.FULL, params)


@require_GET
@never_cache
@login_required
@logged_view("breach.viewed")
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    breach = breach_for_user(request.user, pk)
    history = list(
        breach.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    return render(
        request,
        "compliance/detail.html",
        {
            "breach": breach,
            "evidence": evidence_rows(request.user, [breach])[breach.pk],
            "history": history,
            "may_review": request.user.has_perm(REVIEW),
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@permission_required(RECORD, raise_exception=True)
def breach_record(request: HttpRequest) -> HttpResponse:
    form = BreachRecordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.breach_record(
                actor=request.user, report=form.report(), request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Breach {breach.reference} is recorded. It waits for the Guardian's review.",
            )
            return redirect("breach_detail", pk=breach.pk)
    return render(request, "compliance/record.html", {"form": form})


def _outcome_view(request: HttpRequest, pk: int, *, review: bool) -> HttpResponse:
    breach = breach_for_user(request.user, pk)
    form = BreachOutcomeForm(
        request.POST if request.method == "POST" else None,
        initial=outcome_initial(breach),
        with_status=review,
    )
    if request.method == "POST" and form.is_valid():
        service = services.breach_review if review else services.breach_update
        try:
            breach = service(
                actor=request.user,
                breach=breach,
                version=form.cleaned_data["version"],
                outcome=form.outcome(),
                request=request,
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Breach {breach.reference}: {breach.get_status_display()}.")
            return redirect("breach_detail", pk=breach.pk)
    return render(
        request,
        "compliance/outcome.html",
        {
            "breach": breach,
            "form": form,
            "review": review,
            "evidence": evidence_rows(request.user, [breach])[breach.pk],
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@permission_required(REVIEW, raise_exception=True)
def breach_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome_view(request, pk, review=True)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@permission_required(REVIEW, raise_exception=True)
def breach_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome_view(request, pk, review=False)


@require_POST
@login_required
@permission_required(REVIEW, raise_exception=True)
def breach_checks_run(request: HttpRequest) -> HttpResponse:
    """Run the checks now rather than waiting for the night (on Celery, after the request)."""
    transaction.on_commit(detect_breaches.delay)
    messages.success(
        request,
        "The checks are running. New likely breaches appear here as they are found.",
    )
    return redirect("breach_register")


# --- Published (no sign-in) --------------------------------------------------------------


@require_GET
def breaches_published(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "compliance/published.html",
        {"rows": published_rows(list(published_breaches()))},
    )


@require_GET
def breaches_published_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = published_rows(list(published_breaches()))
    return csv_response("breaches.csv", PUBLISHED_COLUMNS, [row.cells() for row in rows])


@require_GET
def breaches_published_pdf(request: HttpRequest) -> HttpResponse:
    return request_document(request, documents.PUBLISHED, {})
