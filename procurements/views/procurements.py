"""Procurements, their stages, lots and bidders.

Everyone reaches a procurement through ``procurement_for_user`` (404 for
people who may not know it exists); changes need ``can_manage`` (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit_views import logged_view
from core.concurrency import StaleEdit
from meetings.forms.meetings import add_service_errors
from procurements.access import (
    can_manage,
    may_forecast,
    procurement_for_user,
    procurements_for_user,
)
from procurements.forms.procurements import BidAddForm, BidStatusForm, LotForm, ProcurementForm
from procurements.models import Lot, Procurement
from procurements.selectors.screens import (
    bid_for_lot,
    lot_for_procurement,
    procurement_screen,
)
from procurements.services import procurements as services


def managed_procurement(request: HttpRequest, pk: int) -> Procurement:
    """A procurement the user may know (else 404) and run (else 403)."""
    procurement = procurement_for_user(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied("Only the governance team runs procurements.")
    return procurement


def detail_url(procurement: Procurement, anchor: str = "") -> str:
    url = reverse("procurement_detail", args=[procurement.pk])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@login_required
def procurement_list(request: HttpRequest) -> HttpResponse:
    procurements = procurements_for_user(request.user).select_related("deciding_committee")
    return render(
        request,
        "procurements/list.html",
        {"procurements": procurements, "manage": can_manage(request.user)},
    )


def _procurement_form_page(
    request: HttpRequest, form: ProcurementForm, procurement: Procurement | None
) -> HttpResponse:
    return render(request, "procurements/form.html", {"form": form, "procurement": procurement})


def _save_procurement(request: HttpRequest, procurement: Procurement | None) -> HttpResponse:
    form = ProcurementForm(request.POST or None, procurement=procurement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.procurement_save(
                actor=request.user,
                fields=form.procurement_fields(),
                procurement=procurement,
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{saved.reference} has been saved."
                + ("" if procurement is None else " Every lot's panel has been rechecked."),
            )
            return redirect("procurement_detail", pk=saved.pk)
    return _procurement_form_page(request, form, procurement)


@require_http_methods(["GET", "POST"])
@login_required
def procurement_create(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied("Only the governance team starts procurements.")
    return _save_procurement(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def procurement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_procurement(request, managed_procurement(request, pk))


def render_detail(
    request: HttpRequest,
    procurement: Procurement,
    *,
    stage_error: str = "",
    failed_bid_form: BidStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The procurement page; a refused change is shown next to what it was about."""
    screen = procurement_screen(procurement, request.user)
    if screen.manage:
        for lot_screen in screen.lots:
            for row in lot_screen.bids:
                prefix = f"bid-{row.bid.pk}"
                if failed_bid_form is not None and failed_bid_form.prefix == prefix:
                    row.form = failed_bid_form  # shown even if the bid has just settled
                elif not row.settled:
                    row.form = BidStatusForm(bid=row.bid)
    return render(
        request,
        "procurements/detail.html",
        {
            "procurement": procurement,
            "screen": screen,
            "stage_error": stage_error,
            "failed_bid_form": failed_bid_form,
            "may_forecast": may_forecast(request.user, procurement),
        },
        status=status,
    )


@require_GET
@login_required
@logged_view("procurement.viewed")
def procurement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, procurement_for_user(request.user, pk))


@require_POST
@login_required
def procurement_stage_move(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    to = request.POST.get("to", "")
    try:
        services.procurement_stage_move(actor=request.user, procurement=procurement, to=to)
    except ValidationError as error:
        procurement.refresh_from_db()
        return render_detail(request, procurement, stage_error=" ".join(error.messages), status=400)
    messages.success(
        request, f"{procurement.reference} is now at: {procurement.get_stage_display().lower()}."
    )
    return redirect("procurement_detail", pk=procurement.pk)


def _lot_form_page(
    request: HttpRequest, procurement: Procurement, form: LotForm, lot: Lot | None
) -> HttpResponse:
    return render(
        request,
        "procurements/lot_form.html",
        {"procurement": procurement, "form": form, "lot": lot},
    )


def _save_lot(request: HttpRequest, procurement: Procurement, lot: Lot | None) -> HttpResponse:
    form = LotForm(request.POST or None, procurement=procurement, lot=lot)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.lot_save(
                actor=request.user,
                procurement=procurement,
                number=data["number"],
                title=data["title"],
                estimated_value=data["estimated_value"],
                lot=lot,
                version=form.version(),
            )
        except StaleEdit as error:
            form.show_conflict(error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{saved.label} has been saved.")
            return redirect(detail_url(procurement, f"lot-{saved.pk}"))
    return _lot_form_page(request, procurement, form, lot)


@require_http_methods(["GET", "POST"])
@login_required
def lot_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_lot(request, managed_procurement(request, pk), None)


@require_http_methods(["GET", "POST"])
@login_required
def lot_edit(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    return _save_lot(request, procurement, lot_for_procurement(procurement, lot_pk))


def _bid_errors(form: BidAddForm, error: ValidationError) -> None:
    """A refused bidder: the message goes next to whichever box named the organisation."""
    typed = bool(form.cleaned_data.get("organisation_text"))
    target = "organisation" if "organisation" in form.fields and not typed else "organisation_text"
    for message in error.messages:
        form.add_error(target, message)


@require_http_methods(["GET", "POST"])
@login_required
def bid_add(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    lot = lot_for_procurement(procurement, lot_pk)
    form = BidAddForm(request.POST or None, lot=lot)
    if request.method == "POST" and form.is_valid():
        try:
            bid = services.bid_add(
                actor=request.user,
                lot=lot,
                organisation=form.cleaned_data["organisation"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            _bid_errors(form, error)
        else:
            messages.success(
                request,
                f"{bid.organisation.name} is now bidding for {lot.label}. The evaluation panel "
                "and every meeting item on the lot have been rechecked.",
            )
            return redirect(detail_url(procurement, f"lot-{lot.pk}"))
    return render(
        request,
        "procurements/bid_form.html",
        {"procurement": procurement, "lot": lot, "form": form},
    )


@require_POST
@login_required
def bid_status(request: HttpRequest, pk: int, lot_pk: int, bid_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    lot = lot_for_procurement(procurement, lot_pk)
    bid = bid_for_lot(lot, bid_pk)
    form = BidStatusForm(request.POST, bid=bid)
    if form.is_valid():
        try:
            services.bid_status_set(actor=request.user, bid=bid, status=form.cleaned_data["status"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{bid.organisation.name}'s bid is now {bid.get_status_display().lower()}. "
                "The evaluation panel has been rechecked.",
            )
            return redirect(detail_url(procurement, f"lot-{lot.pk}"))
    return render_detail(request, procurement, failed_bid_form=form, status=400)
