"""Evaluation panels: the secretary builds them from people the engine shows are clear;
each evaluator signs their own declaration before any bid document opens to them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit_views import logged_view
from interests.access import member_for_user
from meetings.forms.meetings import add_service_errors
from procurements.access import panel_place_for_user
from procurements.forms.panels import (
    CandidateSearchForm,
    EvaluatorAddForm,
    EvaluatorRemoveForm,
    PanelDeclarationForm,
)
from procurements.models import Lot, PanelMember, Procurement
from procurements.selectors.screens import (
    evaluation_screen,
    evaluations_for_member,
    lot_for_procurement,
    panel_builder,
    place_for_lot,
)
from procurements.services import panels as services
from procurements.views.procurements import managed_procurement


@dataclass(frozen=True)
class PanelRefusal:
    """Why a person could not join the panel, shown at the top and next to their row."""

    member_id: int | None
    message: str
    chains: tuple[str, ...] = ()


def panel_url(lot: Lot) -> str:
    return reverse("lot_panel", args=[lot.procurement_id, lot.pk])


def _panel_page(
    request: HttpRequest,
    procurement: Procurement,
    lot: Lot,
    *,
    refusal: PanelRefusal | None = None,
    status: int = 200,
) -> HttpResponse:
    search_form = CandidateSearchForm(request.GET or None)
    builder = panel_builder(lot, search_form.search())
    return render(
        request,
        "procurements/panel.html",
        {
            "procurement": procurement,
            "lot": lot,
            "builder": builder,
            "search_form": search_form,
            "refusal": refusal,
        },
        status=status,
    )


@require_GET
@login_required
def lot_panel(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    return _panel_page(request, procurement, lot_for_procurement(procurement, lot_pk))


@require_POST
@login_required
def evaluator_add(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    lot = lot_for_procurement(procurement, lot_pk)
    form = EvaluatorAddForm(request.POST)
    if not form.is_valid():
        refusal = PanelRefusal(
            None, " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return _panel_page(request, procurement, lot, refusal=refusal, status=400)
    member = form.cleaned_data["member"]
    try:
        services.evaluator_add(actor=request.user, lot=lot, member=member)
    except services.EvaluatorConflicted as conflicted:
        refusal = PanelRefusal(
            member.pk,
            f"{member.full_name} cannot evaluate {lot.label}: they have an interest in a bidder",
            tuple(conflicted.chains),
        )
        return _panel_page(request, procurement, lot, refusal=refusal, status=400)
    except ValidationError as error:
        refusal = PanelRefusal(member.pk, " ".join(error.messages))
        return _panel_page(request, procurement, lot, refusal=refusal, status=400)
    messages.success(
        request,
        f"{member.full_name} has been added to the panel for {lot.label}. They open no "
        "documents until they sign their declaration under My evaluations.",
    )
    return redirect(panel_url(lot))


@require_http_methods(["GET", "POST"])
@login_required
def evaluator_remove(request: HttpRequest, pk: int, lot_pk: int, place_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    lot = lot_for_procurement(procurement, lot_pk)
    place = place_for_lot(lot, place_pk)
    if place.status == PanelMember.Status.REMOVED:
        messages.error(request, f"{place.member.full_name} has already left the panel.")
        return redirect(panel_url(lot))
    form = EvaluatorRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluator_remove(
                actor=request.user, place=place, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{place.member.full_name} has left the panel for {lot.label}; they can no "
                "longer open its documents.",
            )
            return redirect(panel_url(lot))
    return render(
        request,
        "procurements/evaluator_remove.html",
        {"procurement": procurement, "lot": lot, "place": place, "form": form},
    )


@require_GET
@login_required
def my_evaluations(request: HttpRequest) -> HttpResponse:
    member = member_for_user(request.user)  # 403 without a register record
    return render(
        request,
        "procurements/my_evaluations.html",
        {"places": evaluations_for_member(member)},
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@logged_view("panel.evaluation_viewed")
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """An evaluator's own place: their declaration, then the lot's documents once clear."""
    place = panel_place_for_user(request.user, pk)  # 404 unless it is their own place
    if request.method == "POST" and place.status != PanelMember.Status.AWAITING_DECLARATION:
        messages.error(request, f"Your declaration for {place.lot.label} is already recorded.")
        return redirect("evaluation", pk=place.pk)
    form = PanelDeclarationForm(request.POST or None)
    chains: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.evaluator_declare(
                    actor=request.user,
                    place=place,
                    no_interest=form.no_interest,
                    statement=form.cleaned_data["statement"],
                )
            except services.EvaluatorConflicted as conflicted:
                chains = list(conflicted.chains)
                form.add_error(
                    "answer",
                    "The register shows you have an interest in a bidder, so you cannot "
                    "evaluate this lot. The governance team has been told.",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _declared_message(place))
                return redirect("evaluation", pk=place.pk)
        place.refresh_from_db()
        status = 400
    return render(
        request,
        "procurements/evaluation.html",
        {
            "screen": evaluation_screen(place, request.user),
            "form": form,
            "chains": chains,
        },
        status=status,
    )


def _declared_message(place: PanelMember) -> str:
    if place.status == PanelMember.Status.CLEAR:
        return (
            f"Thank you. Your declaration is signed and the documents for {place.lot.label} "
            "are open to you."
        )
    return (
        "Thank you. Your interest has been recorded and the governance team will replace you "
        f"on the panel for {place.lot.label}. Its documents stay closed to you."
    )
