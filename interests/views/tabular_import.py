"""The pages of a spreadsheet import: upload -> columns -> preview -> commit -> result.

The register import and the people import take the same steps; each describes itself in a
``TabularImport`` (its names, forms and services) and its views call these functions. The
check (the preview) and the import are jobs (``interests.services.import_jobs``): a page
whose job is unfinished shows its progress instead.

URL names are ``<name>_upload``, ``<name>_columns``... and templates
``interests/<name>/preview.html``...; the upload and columns pages are the register
import's, shared (``interests/register_import/upload.html``, ``columns.html``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from interests.forms.tabular_import import ImportColumnsForm
from interests.models import ImportBatch
from interests.selectors.import_batches import import_batches_recent
from interests.selectors.import_previews import import_preview_kept, import_preview_key
from interests.selectors.import_tables import import_table
from interests.services import import_jobs as jobs
from interests.services.import_common import tabular_import_upload
from interests.tabular import encoding_label
from interests.views.import_jobs import import_job_over, import_job_page

PREVIEW_PAGE_SIZE = 200
SAMPLE_ROWS = 3


class TabularImport(ABC):
    """One spreadsheet import: class attributes, then the small hooks that differ."""

    caption: str  # "Import a register of interests"
    kind: ImportBatch.Kind
    forms: tuple[type[Form], type[ImportColumnsForm]]  # the upload's, the columns'

    @property
    def name(self) -> str:
        """The prefix of its URL names and its templates' folder: ``register_import``."""
        return f"{self.kind}_import"

    @property
    def fields(self) -> tuple[Any, ...]:
        return self.forms[1].import_fields

    def url(self, step: str) -> str:
        return f"{self.name}_{step}"

    def template(self, page: str) -> str:
        return f"interests/{self.name}/{page}.html"

    @property
    def upload_intro(self) -> str:
        return self.template("_upload_intro")

    @property
    def columns_intro(self) -> str:
        return self.template("_columns_intro")

    def batch_get(self, pk: int) -> ImportBatch:
        return get_object_or_404(ImportBatch, pk=pk, kind=self.kind)

    @abstractmethod
    def mapping_set(self, *, batch: ImportBatch, form: Any, actor: Any, request: Any) -> None:
        """Record the columns chosen (the import's service)."""
        ...

    @abstractmethod
    def ready(self, batch: ImportBatch) -> None:
        """Refuse (``ValidationError``) to queue an import that cannot run."""
        ...

    @abstractmethod
    def commit_form(self, data: Any, preview: Any) -> Form: ...

    @abstractmethod
    def commit_params(self, form: Any) -> dict[str, Any]:
        """A valid commit form, as the import job's parameters."""
        ...

    def kept(self, posted: Any) -> dict[str, Any]:
        """What was posted, to show again with the reason an import was refused."""
        return {}

    def shown_again(self, params: dict[str, Any]) -> dict[str, Any]:
        """A refused job's parameters, as the commit form's data."""
        return {}

    def columns_initial(self, batch: ImportBatch, initial: dict[str, Any]) -> dict[str, Any]:
        return initial

    def result_context(self, batch: ImportBatch) -> dict[str, Any]:
        return {}


def _already_imported(request: HttpRequest, flow: TabularImport, batch: ImportBatch) -> Any:
    messages.info(request, f"{batch.filename} has already been imported.")
    return redirect(flow.url("result"), pk=batch.pk)


def upload_page(request: HttpRequest, flow: TabularImport) -> HttpResponse:
    posted = request.method == "POST"
    form = flow.forms[0](request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            batch = tabular_import_upload(
                kind=flow.kind,
                actor=request.user,
                filename=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
                encoding=form.cleaned_data["encoding"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(flow.url("columns"), pk=batch.pk)
    return render(
        request,
        "interests/register_import/upload.html",
        {"form": form, "batches": import_batches_recent(flow.kind), "flow": flow},
    )


def columns_page(
    request: HttpRequest, flow: TabularImport, pk: int, guess: Callable[..., dict[str, str]]
) -> HttpResponse:
    batch = flow.batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, flow, batch)
    table = import_table(batch)
    form = flow.forms[1](
        request.POST if request.method == "POST" else None,
        headings=table.headings,
        initial=flow.columns_initial(batch, dict(batch.column_mapping or guess(table.headings))),
    )
    if request.method == "POST" and form.is_valid():
        try:
            flow.mapping_set(batch=batch, form=form, actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _check_queue(request, batch)
            return redirect(flow.url("preview"), pk=batch.pk)
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
            "flow": flow,
        },
    )


def _check_queue(request: HttpRequest, batch: ImportBatch) -> ImportBatch:
    """Check the file with the columns chosen (a job; at once for a small file); a check of
    these columns already queued or running is not queued again."""
    key = {"key": import_preview_key(batch)}
    return jobs.import_job_queue(batch=batch, slot=jobs.CHECK, actor=request.user, params=key)


def _checked(
    request: HttpRequest, flow: TabularImport, batch: ImportBatch, reasons: list[str]
) -> tuple[Any, HttpResponse | None]:
    """The kept preview of the batch's columns; else the check is queued (or run, for a
    small file) and, while it runs, its page is the answer."""
    preview = import_preview_kept(batch)
    if preview is not None:
        return preview, None
    batch = _check_queue(request, batch)
    preview = import_preview_kept(batch)
    if preview is not None:
        return preview, None
    check = jobs.import_job(batch, jobs.CHECK)
    if check.stopped:  # the file cannot be read any more: say why, and go back
        messages.error(request, " ".join(check.messages))
        return None, redirect(flow.url("upload"))
    waiting = import_job_page(request, batch, jobs.CHECK, caption=flow.caption, reasons=reasons)
    return None, waiting or redirect(flow.url("preview"), pk=batch.pk)


def preview_page(
    request: HttpRequest,
    flow: TabularImport,
    batch: ImportBatch,
    reasons: list[str] | None = None,
    shown: dict[str, Any] | None = None,
) -> HttpResponse:
    """The preview from its kept check, with why an import was refused (``reasons``) and
    what the secretary chose then (``shown``) where it was."""
    preview, waiting = _checked(request, flow, batch, reasons or [])
    if waiting is not None:
        return waiting
    over = import_job_over(request)  # the "Checking the file…" page's refresh: load it all
    if over is not None:
        return over
    form = flow.commit_form({"fingerprint": preview.fingerprint, **(shown or {})}, preview)
    form.is_valid()
    if reasons:
        form.add_error(None, reasons)
    page = Paginator(preview.rows_errors_first, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    mapped = [
        (field.label, batch.column_mapping[field.key])
        for field in flow.fields
        if field.key in batch.column_mapping
    ]
    return render(
        request,
        flow.template("preview"),
        {"form": form, "batch": batch, "preview": preview, "page": page, "mapped": mapped},
    )


def _mapped(request: HttpRequest, flow: TabularImport, pk: int) -> tuple[ImportBatch, Any]:
    """The batch, and where to go instead when it is imported or its columns not chosen."""
    batch = flow.batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return batch, _already_imported(request, flow, batch)
    if not batch.column_mapping:
        return batch, redirect(flow.url("columns"), pk=batch.pk)
    return batch, None


def preview_view_for(request: HttpRequest, flow: TabularImport, pk: int) -> HttpResponse:
    batch, elsewhere = _mapped(request, flow, pk)
    if elsewhere is not None:
        return elsewhere
    if jobs.import_job(batch).unfinished:
        return redirect(flow.url("result"), pk=batch.pk)
    return preview_page(request, flow, batch)


def commit_view_for(request: HttpRequest, flow: TabularImport, pk: int) -> HttpResponse:
    """Queue the import of what the preview showed (or, with no broker, make it)."""
    batch, elsewhere = _mapped(request, flow, pk)
    if elsewhere is not None:
        return elsewhere
    preview = import_preview_kept(batch)
    if preview is None:  # not checked yet, or too long ago: check it (again) first
        return redirect(flow.url("preview"), pk=batch.pk)
    posted = flow.commit_form(request.POST, preview)
    if not posted.is_valid():
        reasons = [str(message) for errors in posted.errors.values() for message in errors]
        return _refused(request, flow, batch, reasons, flow.kept(request.POST))
    try:
        batch = jobs.import_job_queue(
            batch=batch,
            slot=jobs.COMMIT,
            actor=request.user,
            params=flow.commit_params(posted),
            ready=flow.ready,
            request=request,
        )
    except ValidationError as exc:
        return _refused(request, flow, batch, exc.messages, flow.kept(request.POST))
    job = jobs.import_job(batch)
    if job.stopped:  # run in the request (no broker)
        return _refused(request, flow, batch, job.messages, flow.shown_again(job.params))
    return redirect(flow.url("result"), pk=batch.pk)


def _refused(
    request: HttpRequest,
    flow: TabularImport,
    batch: ImportBatch,
    reasons: list[str],
    shown: dict[str, Any],
) -> HttpResponse:
    """The preview as it stands now, with the reason nothing was imported at the top."""
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.COMMITTED:
        return _already_imported(request, flow, batch)
    return preview_page(request, flow, batch, reasons, shown)


def result_view_for(request: HttpRequest, flow: TabularImport, pk: int) -> HttpResponse:
    batch = flow.batch_get(pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return import_job_over(request) or render(
            request, flow.template("result"), {"batch": batch, **flow.result_context(batch)}
        )
    waiting = import_job_page(request, batch, jobs.COMMIT, caption=flow.caption)
    if waiting is not None:
        return waiting
    job = jobs.import_job(batch)
    if job.stopped:
        return _refused(request, flow, batch, job.messages, flow.shown_again(job.params))
    return redirect(flow.url("preview"), pk=batch.pk)
