"""Importing an existing register: upload -> columns -> preview -> commit -> result.

Every page needs ``interests.import_register`` (the secretary). A batch that
does not exist, or is not a register import, is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
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
from interests.services import register_import_job as jobs
from interests.tabular import encoding_label

PERMISSION = "interests.import_register"
PREVIEW_PAGE_SIZE = 200
SAMPLE_ROWS = 3


def _already_imported(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    messages.info(request, f"{batch.filename} has already been imported.")
    return redirect("register_import_result", pk=batch.pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = RegisterUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            batch = services.register_import_upload(
                actor=request.user,
                filename=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
                encoding=form.cleaned_data["encoding"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("register_import_columns", pk=batch.pk)
    return render(
        request,
        "interests/register_import/upload.html",
        {"form": form, "batches": selectors.register_import_batches_recent()},
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def columns_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.register_import_batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    table = selectors.register_import_table(batch)
    form = RegisterColumnsForm(
        request.POST if request.method == "POST" else None,
        headings=table.headings,
        initial=batch.column_mapping or register_import_mapping_guess(table.headings),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.register_import_columns_set(
                batch=batch, mapping=form.mapping, actor=request.user, request=request
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("register_import_preview", pk=batch.pk)
    sample = [
        [cell.strftime("%d/%m/%Y") if not isinstance(cell, str) else cell for cell in row.cells]
        for row in table.rows[:SAMPLE_ROWS]
    ]
    return render(
        request,
        "interests/register_import/columns.html",
        {
            "form": form,
            "batch": batch,
            "table": table,
            "sample": sample,
            "encoding": encoding_label(batch.encoding),
        },
    )


def _preview_page(
    request: HttpRequest, batch: ImportBatch, error: list[str] | None = None
) -> HttpResponse:
    preview = selectors.register_import_preview(batch=batch)
    form = RegisterCommitForm(
        {
            "fingerprint": preview.fingerprint,
            "mode": request.POST.get("mode") or ImportMode.ALL_OR_NOTHING.value,
        }
    )
    form.is_valid()
    if error:
        form.add_error(None, error)
    page = Paginator(preview.rows_errors_first, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    mapped = [
        (register_field.label, batch.column_mapping[register_field.key])
        for register_field in REGISTER_FIELDS
        if register_field.key in batch.column_mapping
    ]
    return render(
        request,
        "interests/register_import/preview.html",
        {"form": form, "batch": batch, "preview": preview, "page": page, "mapped": mapped},
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.register_import_batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    if not batch.column_mapping:
        return redirect("register_import_columns", pk=batch.pk)
    return _preview_page(request, batch)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.register_import_batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    if not batch.column_mapping:
        return redirect("register_import_columns", pk=batch.pk)
    posted = RegisterCommitForm(request.POST)
    if not posted.is_valid():
        return _refused(request, batch, ["Choose what should happen to the rows with errors."])
    try:
        batch = jobs.register_import_queue(
            batch=batch,
            actor=request.user,
            fingerprint=posted.cleaned_data["fingerprint"],
            mode=posted.import_mode,
            request=request,
        )
    except ValidationError as exc:
        return _refused(request, batch, exc.messages)
    job = jobs.import_job(batch)
    if job.state in (jobs.REFUSED, jobs.FAILED):
        return _refused(request, batch, job.messages)  # run in the request (no broker)
    return redirect("register_import_result", pk=batch.pk)


def _refused(request: HttpRequest, batch: ImportBatch, reasons: list[str]) -> HttpResponse:
    """The preview as it stands now, with the reason nothing was imported at the top."""
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    return _preview_page(request, batch, reasons)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def result_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.register_import_batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return render(
            request,
            "interests/register_import/result.html",
            {"batch": batch, "refused_count": refused_row_count(batch)},
        )
    job = jobs.import_job(batch)
    if job.state == jobs.WAITING and jobs.register_import_enqueue(batch.pk):
        batch.refresh_from_db()  # the queue is back
        job = jobs.import_job(batch)
    if job.unfinished:
        return render(
            request, "interests/register_import/importing.html", {"batch": batch, "job": job}
        )
    if job.state in (jobs.REFUSED, jobs.FAILED):
        return _refused(request, batch, job.messages)
    return redirect("register_import_preview", pk=batch.pk)


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
