"""Importing an existing register: upload -> columns -> preview -> commit -> result.

Every page needs ``interests.import_register`` (the secretary). A batch that does not exist,
or is not a register import, is a 404. The steps are the shared spreadsheet import's
(``interests.views.tabular_import``); the check and the import run as jobs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.csv_export import csv_response
from interests.forms.register_import import (
    RegisterColumnsForm,
    RegisterCommitForm,
    RegisterUploadForm,
)
from interests.models import ImportBatch
from interests.register_import_fields import register_import_mapping_guess
from interests.selectors import register_import as selectors
from interests.selectors.register_import import ImportMode
from interests.selectors.register_import_refused import (
    refused_row_count,
    refused_rows,
    refused_rows_filename,
    refused_rows_header,
)
from interests.services import register_import as services
from interests.views import tabular_import as steps

PERMISSION = "interests.import_register"


class RegisterImport(steps.TabularImport):
    caption = "Import a register of interests"
    kind = ImportBatch.Kind.REGISTER
    forms = (RegisterUploadForm, RegisterColumnsForm)

    def mapping_set(self, *, batch: ImportBatch, form: Any, actor: Any, request: Any) -> None:
        services.register_import_mapping_set(
            batch=batch, mapping=form.mapping, actor=actor, request=request
        )

    def ready(self, batch: ImportBatch) -> None:
        services.require_columns(batch)

    def commit_form(self, data: Any, preview: Any) -> RegisterCommitForm:
        if hasattr(data, "getlist"):  # posted
            return RegisterCommitForm(data)
        return RegisterCommitForm({"mode": ImportMode.ALL_OR_NOTHING.value, **data})

    def commit_params(self, form: Any) -> dict[str, Any]:
        return {"fingerprint": form.cleaned_data["fingerprint"], "mode": form.import_mode.value}

    def kept(self, posted: Any) -> dict[str, Any]:
        return {"mode": posted.get("mode") or ImportMode.ALL_OR_NOTHING.value}

    def shown_again(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"mode": params.get("mode", ImportMode.ALL_OR_NOTHING.value)}

    def result_context(self, batch: ImportBatch) -> dict[str, Any]:
        return {"refused_count": refused_row_count(batch)}


FLOW = RegisterImport()


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest) -> HttpResponse:
    return steps.upload_page(request, FLOW)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def columns_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.columns_page(request, FLOW, pk, register_import_mapping_guess)


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


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def refused_rows_view(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The rows the import left out, with the reason, to correct and import again."""
    batch = selectors.register_import_batch_get(pk)
    if batch.status != ImportBatch.Status.COMMITTED or not refused_row_count(batch):
        raise Http404("This import left no rows out.")
    services.register_import_refused_rows_downloaded(
        batch=batch, actor=request.user, request=request
    )
    response = csv_response(
        refused_rows_filename(batch), refused_rows_header(batch), refused_rows(batch)
    )
    response["Cache-Control"] = "no-store"
    return response
