"""Recording who a lot is awarded to: one row of the procurement decisions register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meetings.forms.meetings import add_service_errors
from procurements.forms.awards import AwardForm
from procurements.models import Procurement
from procurements.selectors.screens import lot_for_procurement
from procurements.services.awards import award_record as award_service
from procurements.views.procurements import detail_url, managed_procurement


@require_http_methods(["GET", "POST"])
@login_required
def award_record(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    lot = lot_for_procurement(procurement, lot_pk)
    form = AwardForm(request.POST or None, lot=lot, reader=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            award = award_service(
                actor=request.user,
                lot=lot,
                bid=data["bid"],
                decided_on=data["decided_on"],
                how_decided=form.how_decided_text(),
                contract_value=data["contract_value"],
                agenda_item=data["agenda_item"],
                comments=data["comments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{lot.label} has been awarded to {award.bid.organisation.name}. The decision "
                "is in the procurement decisions register.",
            )
            return redirect(detail_url(procurement, f"lot-{lot.pk}"))
    return render(
        request,
        "procurements/award_form.html",
        {
            "procurement": procurement,
            "lot": lot,
            "form": form,
            "at_award_stage": procurement.stage == Procurement.Stage.AWARD,
        },
    )
