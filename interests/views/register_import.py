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
from interests.register_import_fields import REGISTER_FIELDS, register_import_mapping_guess
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


def _commit_form(data: Any, preview: Any) -> RegisterCommitForm:
    if hasattr(data, "getlist"):  # posted
        return RegisterCommitForm(data)
    return RegisterCommitForm({"mode": ImportMode.ALL_OR_NOTHING.value, **data})


def _commit_params(form: Any) -> dict[str, Any]:
    return {"fingerprint": form.cleaned_data["fingerprint"], "mode": form.import_mode.value}


FLOW = steps.TabularImport(
    name="register_import",
    caption="Import a register of interests",
    fields=REGISTER_FIELDS,
    upload_form=RegisterUploadForm,
    columns_form=RegisterColumnsForm,
    batch_get=selectors.register_import_batch_get,
    batches_recent=selectors.register_import_batches_recent,
    upload=services.register_import_upload,
    mapping_set=lambda *, batch, form, actor, request: services.register_import_mapping_set(
        batch=batch, mapping=form.mapping, actor=actor, request=request
    ),
    ready=services.require_columns,
    commit_form=_commit_form,
    commit_params=_commit_params,
    kept=lambda posted: {"mode": posted.get("mode") or ImportMode.ALL_OR_NOTHING.value},
    shown_again=lambda params: {"mode": params.get("mode", ImportMode.ALL_OR_NOTHING.value)},
    result_context=lambda batch: {"refused_count": refused_row_count(batch)},
    columns_intro=(
        "For each part of the register, choose the column of the file that holds it. We have "
        "guessed from the headings: check every choice and change any that are wrong."
    ),
    upload_intro=(
        "Bring in the register you keep today: a spreadsheet, or the CSV file ESR's "
        "declarations module exports.",
        "After the upload you will match the file's columns to the register, then see, row by "
        "row, what would be imported. Nothing is added to the register until you confirm, and "
        "nothing at all is added while any row has an error.",
    ),
)


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
