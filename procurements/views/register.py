"""The procurement decisions register: published (no sign-in) and full (internal), each
with a CSV download of exactly what the page shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.audit_views import logged_view
from core.csv_export import csv_response
from core.documents.views import request_document
from procurements import documents
from procurements.selectors.register import (
    COLUMNS,
    procurement_register,
    register_awards,
    register_csv_rows_streamed,
    register_last_updated,
)

PAGE_SIZE = 50


def _register_page(request: HttpRequest, *, public: bool) -> HttpResponse:
    """A page of award decisions from the database, and only its rows built."""
    page = Paginator(register_awards(public=public), PAGE_SIZE).get_page(request.GET.get("page"))
    register = procurement_register(
        public=public, reader=None if public else request.user, awards=list(page.object_list)
    )
    return render(
        request,
        "procurements/register.html",
        {
            "register": register,
            "page": page,
            "last_updated": register_last_updated(public=public),
        },
    )


@require_GET
def published_register(request: HttpRequest) -> HttpResponse:
    return _register_page(request, public=True)


@require_GET
def published_register_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response(
        "procurement-decisions-register.csv", COLUMNS, register_csv_rows_streamed(public=True)
    )


@require_GET
@never_cache
@login_required
@permission_required("procurements.view_awarddecision", raise_exception=True)
@logged_view("procurement_register.viewed")
def full_register(request: HttpRequest) -> HttpResponse:
    return _register_page(request, public=False)


@require_GET
@never_cache
@login_required
@permission_required("procurements.view_awarddecision", raise_exception=True)
@logged_view("procurement_register.exported_csv")
def full_register_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response(
        "procurement-decisions-register-full.csv",
        COLUMNS,
        register_csv_rows_streamed(public=False, reader=request.user),
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
