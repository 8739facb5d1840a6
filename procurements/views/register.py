"""The procurement decisions register: published (no sign-in) and full (internal), each
with a CSV download of exactly what the page shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.audit_views import logged_view
from core.csv_export import csv_response
from core.documents.views import request_document
from procurements import documents
from procurements.selectors.register import COLUMNS, procurement_register, register_csv_rows


@require_GET
def published_register(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "procurements/register.html",
        {"register": procurement_register(public=True)},
    )


@require_GET
def published_register_csv(request: HttpRequest) -> StreamingHttpResponse:
    register = procurement_register(public=True)
    return csv_response("procurement-decisions-register.csv", COLUMNS, register_csv_rows(register))


@require_GET
@never_cache
@login_required
@permission_required("procurements.view_awarddecision", raise_exception=True)
@logged_view("procurement_register.viewed")
def full_register(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "procurements/register.html",
        {"register": procurement_register(public=False)},
    )


@require_GET
@never_cache
@login_required
@permission_required("procurements.view_awarddecision", raise_exception=True)
@logged_view("procurement_register.exported_csv")
def full_register_csv(request: HttpRequest) -> StreamingHttpResponse:
    register = procurement_register(public=False)
    return csv_response(
        "procurement-decisions-register-full.csv", COLUMNS, register_csv_rows(register)
    )


@require_GET
def published_register_pdf(request: HttpRequest) -> HttpResponse:
    return request_document(request, documents.PUBLISHED_REGISTER, {})


@require_GET
@never_cache
@login_required
@permission_required("procurements.view_awarddecision", raise_exception=True)
def full_register_pdf(request: HttpRequest) -> HttpResponse:
    return request_document(request, documents.FULL_REGISTER, {})
