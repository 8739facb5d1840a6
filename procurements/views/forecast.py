"""The conflict forecast page: "what if these organisations bid?", before any bid exists.

Shown to the governance team and the procurement's lead. It reads the full register (the
chains name people's entries), so it is recorded in the audit trail like the procurement
page; it changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.audit_views import logged_view
from procurements.access import may_forecast, procurement_for_user
from procurements.forecast import organisations_named, procurement_forecast
from procurements.forms.forecast import ForecastForm


@require_GET
@login_required
@logged_view("procurement.forecast_viewed")
def procurement_forecast_view(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = procurement_for_user(request.user, pk)
    if not may_forecast(request.user, procurement):
        raise PermissionDenied("Only the governance team and the procurement lead forecast.")
    form = ForecastForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        organisations = organisations_named(
            [o.pk for o in form.cleaned_data["organisations"]], form.cleaned_data["kinds"]
        )
        result = procurement_forecast(procurement, organisations)
    return render(
        request,
        "procurements/forecast.html",
        {"procurement": procurement, "form": form, "forecast": result},
        status=400 if form.is_bound and form.errors else 200,
    )
