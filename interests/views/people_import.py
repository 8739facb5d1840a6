"""Importing people: upload -> columns -> preview (a dry run) -> commit -> result.

Every page needs ``interests.import_people`` (the secretary). A batch that does not exist,
or is not a people import, is a 404. The steps are the shared spreadsheet import's
(``interests.views.tabular_import``); the dry run and the import run as jobs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interests.forms.people_import import PeopleColumnsForm, PeopleCommitForm, PeopleUploadForm
from interests.models import ImportBatch
from interests.people_import_fields import people_import_mapping_guess
from interests.selectors import people_import as selectors
from interests.services import people_import as services
from interests.views import tabular_import as steps

PERMISSION = "interests.import_people"
_DATE_PARTS = ("day", "month", "year")


class PeopleImport(steps.TabularImport):
    caption = "Import people"
    kind = ImportBatch.Kind.PEOPLE
    forms = (PeopleUploadForm, PeopleColumnsForm)

    def mapping_set(self, *, batch: ImportBatch, form: Any, actor: Any, request: Any) -> None:
        full = form.cleaned_data["full"]
        services.people_import_mapping_set(
            batch=batch, mapping=form.mapping, full=full, actor=actor, request=request
        )

    def columns_initial(self, batch: ImportBatch, initial: dict[str, Any]) -> dict[str, Any]:
        return {**initial, "full": selectors.people_import_is_full(batch)}

    def ready(self, batch: ImportBatch) -> None:
        services.require_columns(batch)

    def commit_form(self, data: Any, preview: Any) -> PeopleCommitForm:
        return PeopleCommitForm(data, leavers=preview.leavers)

    def commit_params(self, form: Any) -> dict[str, Any]:
        left_on = form.cleaned_data["left_on"]
        return {
            "fingerprint": form.cleaned_data["fingerprint"],
            "leaver_ids": sorted(form.cleaned_data["leavers"]),
            "left_on": left_on.isoformat() if left_on else "",
        }

    def kept(self, posted: Any) -> dict[str, Any]:
        """What the secretary ticked and typed, shown again with the reason nothing was done."""
        dates = {f"left_on_{part}": posted.get(f"left_on_{part}", "") for part in _DATE_PARTS}
        return {"leavers": posted.getlist("leavers"), **dates}

    def shown_again(self, params: dict[str, Any]) -> dict[str, Any]:
        """The leavers and date the refused import was given, as the form had them."""
        left_on = params.get("left_on") or ""
        year, month, day = left_on.split("-") if left_on else ("", "", "")
        return {
            "leavers": [str(pk) for pk in params.get("leaver_ids", [])],
            "left_on_day": day.lstrip("0"),
            "left_on_month": month.lstrip("0"),
            "left_on_year": year,
        }


FLOW = PeopleImport()


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest) -> HttpResponse:
    return steps.upload_page(request, FLOW)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def columns_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.columns_page(request, FLOW, pk, people_import_mapping_guess)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.preview_view_for(request, FLOW, pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.commit_view_for(request, FLOW, pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def result_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.result_view_for(request, FLOW, pk)
