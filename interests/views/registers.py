"""The register as a whole: full and published registers, reviews, annual declarations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import audit_record
from core.audit_views import logged_view
from core.concurrency import VERSION_FIELD, StaleEdit
from core.csv_export import csv_response
from core.documents.views import request_document
from core.publication import REGISTER_OF_INTERESTS, public_page
from interests import documents
from interests.filters import RegisterFilter
from interests.forms.registers import (
    CampaignForm,
    PublishedSearchForm,
    ReviewForm,
    WithholdingDecisionForm,
)
from interests.models import DeclarationCampaign, Interest
from interests.presenters import FULL_COLUMNS, PUBLISHED_COLUMNS, register_rows
from interests.selectors import register as selectors
from interests.services import campaigns as campaign_services
from interests.services import declarations as services
from interests.views.declarations import _form_error

PAGE_SIZE = 50


def _query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@login_required
@permission_required("interests.view_full_register", raise_exception=True)
@logged_view("register.viewed")
def register_full(request: HttpRequest) -> HttpResponse:
    register_filter = RegisterFilter(request.GET or None, queryset=selectors.register_entries())
    page = Paginator(register_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = register_rows(
        page.object_list, selectors.positions_held({i.declarant_id for i in page.object_list})
    )
    return render(
        request,
        "interests/registers/full.html",
        {
            "filter": register_filter,
            "form": register_filter.form,
            "page": page,
            "rows": rows,
            "query_string": _query_string_without_page(request),
            "declarant": register_filter.form.cleaned_data.get("declarant")
            if register_filter.is_bound and register_filter.form.is_valid()
            else None,
        },
    )


@require_GET
@login_required
@permission_required("interests.view_full_register", raise_exception=True)
def register_full_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every entry the filters select, streamed: read in batches from a server-side cursor,
    so memory stays flat whatever the size of the register."""
    register_filter = RegisterFilter(request.GET or None, queryset=selectors.register_entries())
    entries = register_filter.qs
    audit_record(
        actor=request.user,
        action="register.exported_csv",
        detail={"filters": request.GET.dict(), "rows": entries.count()},
        request=request,
    )
    stamp = timezone.localdate().isoformat()
    return csv_response(
        f"register-of-interests-full-{stamp}.csv",
        FULL_COLUMNS,
        (row.full_cells() for row in selectors.register_rows_streamed(entries)),
    )


def _published_search(request: HttpRequest) -> tuple[PublishedSearchForm, dict[str, str]]:
    form = PublishedSearchForm(request.GET or None)
    search = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return form, search


def _published_entries(search: dict[str, str]) -> QuerySet[Interest]:
    entries = selectors.published_entries()
    return selectors.search_published(entries, **search) if search else entries


def _page_number(request: HttpRequest) -> int:
    """The page asked for, as a number: anything else is the first page (the paginator
    turns a number past the end into the last page)."""
    raw = request.GET.get("page", "")
    return min(int(raw), 10**6) if raw.isascii() and raw.isdigit() and int(raw) > 0 else 1


@require_GET
def register_published(request: HttpRequest) -> HttpResponse:
    """The most-read page: a page of the register from the database, its body cached
    under the register's published version (core.publication, ADR 0023)."""
    form, search = _published_search(request)
    number = _page_number(request)

    def body() -> dict[str, Any]:
        page = Paginator(_published_entries(search), PAGE_SIZE).get_page(number)
        entries = list(page.object_list)
        return {
            "form": form,
            "page": page,
            "rows": register_rows(
                entries, selectors.positions_held({i.declarant_id for i in entries})
            ),
            "nil_returns": [] if search else selectors.published_nil_returns(),
            "last_updated": selectors.register_last_updated(),
            "query_string": _query_string_without_page(request),
            "columns": PUBLISHED_COLUMNS,
        }

    # Everything the body depends on, as asked (an invalid search shows its errors).
    variant = {name: request.GET.get(name, "") for name in PublishedSearchForm.base_fields}
    return public_page(
        request,
        name=REGISTER_OF_INTERESTS,
        variant={**variant, "page": number},
        page_template="interests/registers/published.html",
        body_template="interests/registers/_published_body.html",
        body_context=body,
        page_context={"form": form},
    )


@require_GET
def register_published_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, search = _published_search(request)
    stamp = timezone.localdate().isoformat()
    return csv_response(
        f"register-of-interests-{stamp}.csv",
        PUBLISHED_COLUMNS,
        (
            row.published_cells()
            for row in selectors.register_rows_streamed(_published_entries(search))
        ),
    )


@require_GET
@login_required
@permission_required("interests.view_full_register", raise_exception=True)
def register_full_pdf(request: HttpRequest) -> HttpResponse:
    return request_document(request, documents.FULL_REGISTER)


@require_GET
def register_published_pdf(request: HttpRequest) -> HttpResponse:
    return request_document(request, documents.PUBLISHED_REGISTER)


@require_GET
@login_required
@permission_required("interests.review_interest", raise_exception=True)
def review_queue(request: HttpRequest) -> HttpResponse:
    me = getattr(request.user, "member", None)
    return render(
        request,
        "interests/registers/review_queue.html",
        {
            "to_review": selectors.review_queue(exclude_member=me),
            "withholding": selectors.withholding_requests(exclude_member=me),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.review_interest", raise_exception=True)
def review_entry(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(selectors.register_entries(), pk=pk)
    form = ReviewForm(
        request.POST or None,
        initial={
            "action_taken": interest.action_taken,
            VERSION_FIELD: services.interest_version(interest),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_review(
                interest=interest,
                reviewer=request.user,
                action_taken=form.cleaned_data["action_taken"],
                version=form.version(),
            )
            messages.success(
                request, f"The entry for {interest.declarant.full_name} has been reviewed."
            )
            return redirect("register_review_queue")
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request, "interests/registers/review_entry.html", {"form": form, "interest": interest}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.approve_withholding", raise_exception=True)
def withholding_decide(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(selectors.register_entries(), pk=pk)
    form = WithholdingDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withholding_decide(
                interest=interest,
                guardian=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Your decision has been recorded.")
            return redirect("register_review_queue")
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request, "interests/registers/withholding_decide.html", {"form": form, "interest": interest}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.view_declarationcampaign", raise_exception=True)
def campaigns(request: HttpRequest) -> HttpResponse:
    can_run = request.user.has_perm("interests.run_declaration_campaign")
    form = CampaignForm(request.POST or None) if can_run else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the governance team opens annual declarations.")
        if form.is_valid():
            try:
                campaign = campaign_services.campaign_open(
                    title=form.cleaned_data["title"],
                    deadline=form.cleaned_data["deadline"],
                    actor=request.user,
                )
                messages.success(
                    request, f"{campaign.title} is open. Members see it on their dashboard."
                )
                return redirect("register_campaign_detail", pk=campaign.pk)
            except ValidationError as error:
                _form_error(form, error)
    return render(
        request,
        "interests/registers/campaigns.html",
        {"campaigns": DeclarationCampaign.objects.all(), "form": form},
    )


@require_GET
@login_required
@permission_required("interests.view_declarationcampaign", raise_exception=True)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(DeclarationCampaign, pk=pk)
    return render(
        request,
        "interests/registers/campaign_detail.html",
        {"progress": selectors.campaign_progress(campaign)},
    )


@require_POST
@login_required
@permission_required("interests.run_declaration_campaign", raise_exception=True)
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(DeclarationCampaign, pk=pk)
    try:
        campaign_services.campaign_close(campaign=campaign, actor=request.user)
        messages.success(request, f"{campaign.title} is closed.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("register_campaign_detail", pk=campaign.pk)
