"""Pages of the register of gifts and hospitality.

Members record and correct their own entries; the secretary, chair, Guardian
and auditors read the full register (``interests.view_gifts_register``); the
public reads the published register without signing in.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit_views import logged_view
from core.concurrency import StaleEdit
from core.csv_export import csv_response
from core.documents.views import request_document
from core.idempotency import AlreadySubmitted, spent_once
from interests import documents
from interests.filters import GiftRegisterFilter
from interests.forms.gifts import GiftCorrectionForm, GiftForm, GuidanceForm, initial_from
from interests.models import Member
from interests.selectors import gifts as selectors
from interests.services import gifts as services

PAGE_SIZE = 50


def _member_or_403(request: HttpRequest) -> Member:
    member = selectors.member_for_user(request.user)
    if member is None:
        raise PermissionDenied("Only people on the register record gifts and hospitality.")
    return member


def _show_service_errors(form: Form, error: ValidationError) -> None:
    """Put errors the service found next to the fields they concern."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, field_errors)


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _csv_response(
    filename: str, header: list[str], rows: Iterable[list[str]]
) -> StreamingHttpResponse:
    """Streamed (core.csv_export): rows are written as they are read, in batches."""
    return csv_response(filename, header, rows)


@require_GET
@login_required
def gift_mine(request: HttpRequest) -> HttpResponse:
    member = _member_or_403(request)
    return render(request, "interests/gifts/mine.html", {"gifts": selectors.gifts_of(member)})


@require_http_methods(["GET", "POST"])
@login_required
def gift_new(request: HttpRequest) -> HttpResponse:
    member = _member_or_403(request)
    data = request.POST if request.method == "POST" else None
    form = GiftForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            with spent_once(form.once(), user=request.user):
                gift = services.gift_record(
                    member=member, fields=form.gift_fields(), actor=request.user, request=request
                )
        except AlreadySubmitted:
            messages.info(
                request, "That form had already been sent, so the entry was recorded once."
            )
            return redirect("gift_mine")
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            messages.success(request, "Your gift or hospitality entry has been recorded.")
            return redirect("gift_detail", pk=gift.pk)
    return render(
        request,
        "interests/gifts/form.html",
        {
            "form": form,
            "guidance": GuidanceForm(data).guidance(),
            "correcting": None,
        },
    )


@require_POST
@login_required
def gift_guidance(request: HttpRequest) -> HttpResponse:
    """The guidance panel, re-drawn by htmx as the member fills in the form."""
    _member_or_403(request)
    return render(
        request,
        "interests/gifts/_guidance.html",
        {"guidance": GuidanceForm(request.POST).guidance()},
    )


@require_GET
@login_required
@logged_view("gift.viewed")
def gift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gift = selectors.gift_for_user(request.user, pk)
    member = selectors.member_for_user(request.user)
    return render(
        request,
        "interests/gifts/detail.html",
        {
            "gift": gift,
            "guidance": selectors.guidance_for(gift),
            "history": selectors.gift_history(gift),
            "is_own": member is not None and gift.recipient_id == member.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def gift_correct(request: HttpRequest, pk: int) -> HttpResponse:
    gift, member = selectors.gift_for_owner(request.user, pk)
    form = GiftCorrectionForm(
        request.POST if request.method == "POST" else None,
        initial=initial_from(gift),
        current_organisation=gift.offered_by_organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.gift_correct(
                gift=gift,
                member=member,
                fields=form.gift_fields(),
                reason=form.cleaned_data["change_reason"],
                actor=request.user,
                request=request,
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            messages.success(
                request, "Your correction has been saved. The earlier version is kept."
            )
            return redirect("gift_detail", pk=gift.pk)
    guidance = (
        GuidanceForm(request.POST).guidance()
        if request.method == "POST"
        else selectors.guidance_for(gift)
    )
    return render(
        request,
        "interests/gifts/form.html",
        {"form": form, "guidance": guidance, "correcting": gift},
    )


@require_GET
@login_required
@permission_required(selectors.REGISTER_PERMISSION, raise_exception=True)
@logged_view("gifts_register.viewed")
def gift_register(request: HttpRequest) -> HttpResponse:
    filterset = GiftRegisterFilter(request.GET or None, queryset=selectors.gifts_register())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interests/gifts/register.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "query_string": _query_string(request),
        },
    )


@require_GET
@login_required
@permission_required(selectors.REGISTER_PERMISSION, raise_exception=True)
def gift_register_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Exactly the entries the register page shows for the same filters, on every page."""
    filterset = GiftRegisterFilter(request.GET or None, queryset=selectors.gifts_register())
    gifts = filterset.qs
    services.gift_register_export_log(
        actor=request.user,
        filters={key: str(value) for key, value in request.GET.items() if value},
        rows=gifts.count(),
        request=request,
    )
    return _csv_response(
        f"gifts-and-hospitality-register-{timezone.localdate():%Y-%m-%d}.csv",
        selectors.REGISTER_CSV_HEADER,
        selectors.register_csv_rows(gifts.iterator(chunk_size=500)),
    )


@require_GET
def gift_published(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    entries = selectors.published_gift_entries(query=query)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.published_rows(page.object_list)
    return render(
        request,
        "interests/gifts/published.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "query_string": _query_string(request),
            "last_updated": selectors.gifts_last_updated(),
            "total": page.paginator.count,
        },
    )


@require_GET
def gift_published_csv(request: HttpRequest) -> StreamingHttpResponse:
    entries = selectors.published_gift_entries(query=request.GET.get("q", "")[:200])
    rows = selectors.published_rows_streamed(entries)
    return _csv_response(
        f"published-gifts-and-hospitality-{timezone.localdate():%Y-%m-%d}.csv",
        selectors.PUBLISHED_CSV_HEADER,
        selectors.published_csv_rows(rows),
    )


@require_GET
@login_required
@permission_required(selectors.REGISTER_PERMISSION, raise_exception=True)
def gift_register_pdf(request: HttpRequest) -> HttpResponse:
    return request_document(request, documents.GIFTS_REGISTER)


@require_GET
def gift_published_pdf(request: HttpRequest) -> HttpResponse:
    return request_document(request, documents.GIFTS_PUBLISHED)
