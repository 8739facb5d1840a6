"""Importing people: upload -> columns -> preview (a dry run) -> commit -> result.

Every page needs ``interests.import_people`` (the secretary). A batch that does
not exist, or is not a people import, is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interests.forms.people_import import PeopleColumnsForm, PeopleCommitForm, PeopleUploadForm
from interests.models import ImportBatch
from interests.people_import_fields import PEOPLE_FIELDS, people_import_mapping_guess
from interests.selectors import people_import as selectors
from interests.services import people_import as services
from interests.tabular import encoding_label

PERMISSION = "interests.import_people"
PREVIEW_PAGE_SIZE = 200
SAMPLE_ROWS = 3


def _already_imported(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    messages.info(request, f"{batch.filename} has already been imported.")
    return redirect("people_import_result", pk=batch.pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = PeopleUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            batch = services.people_import_upload(
                actor=request.user,
                filename=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
                encoding=form.cleaned_data["encoding"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("people_import_columns", pk=batch.pk)
    return render(
        request,
        "interests/people_import/upload.html",
        {"form": form, "batches": selectors.people_import_batches_recent()},
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def columns_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.people_import_batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    table = selectors.people_import_table(batch)
    initial = dict(batch.column_mapping or people_import_mapping_guess(table.headings))
    form = PeopleColumnsForm(
        request.POST if request.method == "POST" else None,
        headings=table.headings,
        initial={**initial, "full": selectors.people_import_is_full(batch)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.people_import_columns_set(
                batch=batch,
                mapping=form.mapping,
                full=form.cleaned_data["full"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("people_import_preview", pk=batch.pk)
    sample = [
        [cell.strftime("%d/%m/%Y") if not isinstance(cell, str) else cell for cell in row.cells]
        for row in table.rows[:SAMPLE_ROWS]
    ]
    return render(
        request,
        "interests/people_import/columns.html",
        {
            "form": form,
            "batch": batch,
            "table": table,
            "sample": sample,
            "encoding": encoding_label(batch.encoding),
        },
    )


def _preview_page(
    request: HttpRequest,
    batch: ImportBatch,
    error: list[str] | None = None,
    posted: PeopleCommitForm | None = None,
) -> HttpResponse:
    preview = services.people_import_dry_run(batch=batch, actor=request.user)
    form = PeopleCommitForm(
        {"fingerprint": preview.fingerprint, **({} if posted is None else _kept(posted))},
        leavers=preview.leavers,
    )
    form.is_valid()
    if error:
        form.add_error(None, error)
    page = Paginator(preview.rows_errors_first, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    mapped = [
        (person_field.label, batch.column_mapping[person_field.key])
        for person_field in PEOPLE_FIELDS
        if person_field.key in batch.column_mapping
    ]
    return render(
        request,
        "interests/people_import/preview.html",
        {"form": form, "batch": batch, "preview": preview, "page": page, "mapped": mapped},
    )


def _kept(posted: PeopleCommitForm) -> dict[str, object]:
    """What the secretary ticked and typed, shown again with the reason nothing was done."""
    return {
        "leavers": posted.data.getlist("leavers") if hasattr(posted.data, "getlist") else [],
        **{
            f"left_on_{part}": posted.data.get(f"left_on_{part}", "")
            for part in ("day", "month", "year")
        },
    }


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.people_import_batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    if not batch.column_mapping:
        return redirect("people_import_columns", pk=batch.pk)
    return _preview_page(request, batch)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.people_import_batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    if not batch.column_mapping:
        return redirect("people_import_columns", pk=batch.pk)
    offered = services.people_import_dry_run(batch=batch, actor=request.user).leavers
    posted = PeopleCommitForm(request.POST, leavers=offered)
    if not posted.is_valid():
        reasons = [str(message) for messages in posted.errors.values() for message in messages]
        return _refused(request, batch, reasons, posted)
    try:
        batch = services.people_import_commit(
            batch=batch,
            actor=request.user,
            fingerprint=posted.cleaned_data["fingerprint"],
            leaver_ids=set(posted.cleaned_data["leavers"]),
            left_on=posted.cleaned_data["left_on"],
            request=request,
        )
    except ValidationError as exc:
        return _refused(request, batch, exc.messages, posted)
    except services.PeopleImportFailed as exc:
        return _refused(request, batch, [str(exc)], posted)
    return redirect("people_import_result", pk=batch.pk)


def _refused(
    request: HttpRequest, batch: ImportBatch, reasons: list[str], posted: PeopleCommitForm
) -> HttpResponse:
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, batch)
    return _preview_page(request, batch, reasons, posted)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def result_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.people_import_batch_get(pk)
    if batch.status != ImportBatch.Status.COMMITTED:
        return redirect("people_import_preview", pk=batch.pk)
    return render(request, "interests/people_import/result.html", {"batch": batch})
