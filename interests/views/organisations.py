"""The secretary's organisation screens: the list, details, relationships, links and imports.

Organisations are not sensitive (their names are on the published register),
so anyone allowed to read them may know any of them exists: a missing one is
a 404, a person without the permission gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.concurrency import StaleEdit
from core.digits import is_digits
from core.idempotency import AlreadySubmitted, spent_once
from interests.forms.organisations import (
    CreateFromNameForm,
    ImportUploadForm,
    LinkNameForm,
    OrganisationForm,
    OrganisationSearchForm,
    RelationshipEndForm,
    RelationshipForm,
)
from interests.models import ImportBatch, Organisation, OrganisationRelationship
from interests.selectors import organisations as selectors
from interests.services import import_jobs, org_import
from interests.services import organisations as services
from interests.views.import_jobs import import_job_over, import_job_page


def _form_error(form: object, error: ValidationError) -> None:
    """Put a service's validation error on the form, next to the right field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None  # type: ignore[attr-defined]
            for field_error in errors:
                form.add_error(target, field_error)  # type: ignore[attr-defined]
    else:
        for message in error.messages:
            form.add_error(None, message)  # type: ignore[attr-defined]


def _query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- Organisations ------------------------------------------------------------------


@require_GET
@login_required
@permission_required("interests.view_organisation", raise_exception=True)
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET or None)
    page = selectors.organisation_list_page(**form.filters(), page=request.GET.get("page"))
    return render(
        request,
        "interests/organisations/list.html",
        {
            "search_form": form,
            "page": page,
            "query_string": _query_string_without_page(request),
            "filtered": any(value not in ("", None) for value in form.filters().values()),
        },
    )


@require_GET
@login_required
@permission_required("interests.view_organisation", raise_exception=True)
def organisation_suggestions(request: HttpRequest) -> HttpResponse:
    """Options for an organisation field's datalist, as the secretary types (htmx)."""
    text = (
        request.GET.get("source")
        or request.GET.get("target")
        or request.GET.get("organisation", "")
    )
    return render(
        request,
        "interests/organisations/_suggestions.html",
        {"matches": selectors.organisation_suggestions(text)},
    )


@require_GET
@login_required
@permission_required("interests.view_organisation", raise_exception=True)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "interests/organisations/detail.html",
        {"detail": selectors.organisation_detail(organisation, request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.add_organisation", raise_exception=True)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = (
        OrganisationForm(request.POST)
        if request.method == "POST"
        else OrganisationForm(initial={"is_active": True})
    )
    if request.method == "POST" and form.is_valid():
        try:
            with spent_once(form.once(), user=request.user):
                organisation = services.organisation_create(
                    actor=request.user, data=form.data_for_service(), request=request
                )
        except AlreadySubmitted:
            messages.info(
                request, "That form had already been sent, so the organisation was added once."
            )
            return redirect("organisation_list")
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{organisation.name} added.")
            return redirect("organisation_detail", pk=organisation.pk)
    return render(request, "interests/organisations/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.change_organisation", raise_exception=True)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                services.organisation_update(
                    actor=request.user,
                    organisation=organisation,
                    data=form.data_for_service(),
                    request=request,
                    version=form.version(),
                )
            except StaleEdit as error:
                form.show_conflict(error)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Changes saved.")
                return redirect("organisation_detail", pk=organisation.pk)
    else:
        form = OrganisationForm.for_organisation(organisation)
    return render(
        request, "interests/organisations/form.html", {"form": form, "organisation": organisation}
    )


# --- Relationships --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.add_organisationrelationship", raise_exception=True)
def organisation_relationship_add(request: HttpRequest) -> HttpResponse:
    source = None
    source_id = request.GET.get("source", "")
    if is_digits(source_id):
        source = get_object_or_404(Organisation, pk=int(source_id))
    form = RelationshipForm(request.POST if request.method == "POST" else None, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            relationship = services.organisation_relationship_add(
                actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Recorded: {relationship}.")
            back = source if source is not None else relationship.source
            return redirect("organisation_detail", pk=back.pk)
    return render(
        request,
        "interests/organisations/relationship_form.html",
        {"form": form, "source": source},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.change_organisationrelationship", raise_exception=True)
def organisation_relationship_end(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_object_or_404(
        OrganisationRelationship.objects.select_related("source", "target"), pk=pk
    )
    back = request.GET.get("from", "")
    back_pk = int(back) if is_digits(back) else relationship.source_id
    form = RelationshipEndForm(
        request.POST if request.method == "POST" else None, relationship=relationship
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_relationship_end(
                actor=request.user,
                relationship=relationship,
                end_date=form.cleaned_data["end_date"],
                request=request,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Ended: {relationship}.")
            return redirect("organisation_detail", pk=back_pk)
    return render(
        request,
        "interests/organisations/relationship_end.html",
        {"form": form, "relationship": relationship, "back_pk": back_pk},
    )


# --- Typed names waiting for an organisation ---------------------------------------------


@require_GET
@login_required
@permission_required("interests.view_organisation", raise_exception=True)
def organisation_unlinked_names(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interests/organisations/unlinked.html",
        {"names": selectors.unlinked_organisation_names()},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.change_organisation", raise_exception=True)
def organisation_name_link(request: HttpRequest) -> HttpResponse:
    typed_name = (request.POST.get("name") or request.GET.get("name") or "").strip()
    unlinked = {entry.key: entry for entry in selectors.unlinked_organisation_names()}
    entry = unlinked.get(selectors.normalise_organisation_name(typed_name))
    if entry is None:
        messages.info(request, "Those entries have already been linked to an organisation.")
        return redirect("organisation_unlinked_names")

    action = request.POST.get("action", "")
    link_form = LinkNameForm(
        request.POST if action == "link" else None, suggestion=entry.suggestion
    )
    create_form = CreateFromNameForm(request.POST if action == "create" else None)
    if action == "create" and not request.user.has_perm("interests.add_organisation"):
        raise PermissionDenied
    form = create_form if action == "create" else link_form
    if request.method == "POST" and form.is_valid():
        try:
            if action == "create":
                organisation, count = services.organisation_create_from_name(
                    actor=request.user,
                    typed_name=entry.name,
                    kind=create_form.cleaned_data["kind"],
                    request=request,
                )
            else:
                organisation = link_form.cleaned_data["organisation"]
                count = services.organisation_name_link(
                    actor=request.user,
                    typed_name=entry.name,
                    organisation=organisation,
                    request=request,
                )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                f"{count} register entr{'y' if count == 1 else 'ies'} linked to "
                f"{organisation.name}.",
            )
            return redirect("organisation_unlinked_names")
    return render(
        request,
        "interests/organisations/link_name.html",
        {
            "entry": entry,
            "link_form": link_form,
            "create_form": create_form,
            "form": form if request.method == "POST" else None,
        },
    )


# --- Imports --------------------------------------------------------------------------


def _batch_or_404(pk: int) -> ImportBatch:
    batch = selectors.organisation_import_batch(pk)
    if batch is None:
        raise Http404
    return batch


_IMPORT_CAPTION = "Import organisations"


def _import_checked(request: HttpRequest, batch: ImportBatch) -> ImportBatch:
    """Queue the file's check unless it is checked or being checked (run at once for a small
    file, or with no broker)."""
    if batch.status != ImportBatch.Status.UPLOADED:
        return batch
    return import_jobs.import_job_queue(batch=batch, slot=import_jobs.CHECK, actor=request.user)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.import_organisations", raise_exception=True)
def organisation_import_upload(request: HttpRequest) -> HttpResponse:
    form = (
        ImportUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else ImportUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = org_import.org_import_upload(
                actor=request.user,
                filename=upload.name or "upload.csv",
                content=upload.read(),
                layout=form.cleaned_data["layout"],
                request=request,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            _import_checked(request, batch)
            return redirect("organisation_import_preview", pk=batch.pk)
    return render(
        request,
        "interests/organisations/import_upload.html",
        {"form": form, "batches": selectors.organisation_import_batches_recent()},
    )


@require_GET
@login_required
@permission_required("interests.import_organisations", raise_exception=True)
def organisation_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(pk)
    if batch.status == ImportBatch.Status.COMMITTED or import_jobs.import_job(batch).unfinished:
        return redirect("organisation_import_result", pk=batch.pk)
    batch = _import_checked(request, batch)
    waiting = import_job_page(request, batch, import_jobs.CHECK, caption=_IMPORT_CAPTION)
    if waiting is not None:
        return waiting
    if batch.status != ImportBatch.Status.PREVIEWED:  # the check itself failed
        check = import_jobs.import_job(batch, import_jobs.CHECK)
        messages.error(request, " ".join(check.messages) or "The file could not be checked.")
        return redirect("organisation_import_upload")
    job = import_jobs.import_job(batch)
    return render(
        request,
        "interests/organisations/import_preview.html",
        {
            "batch": batch,
            "summary": batch.summary,
            "layout": org_import.batch_layout(batch),
            "refused": job.messages if job.stopped else [],
        },
    )


@require_POST
@login_required
@permission_required("interests.import_organisations", raise_exception=True)
def organisation_import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the import the preview showed (or, with no broker, make it)."""
    batch = _batch_or_404(pk)
    try:
        batch = import_jobs.import_job_queue(
            batch=batch,
            slot=import_jobs.COMMIT,
            actor=request.user,
            ready=org_import.org_import_ready,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        batch = _batch_or_404(pk)
        if batch.status == ImportBatch.Status.COMMITTED:
            return redirect("organisation_import_result", pk=batch.pk)
        return redirect("organisation_import_preview", pk=batch.pk)
    if import_jobs.import_job(batch).stopped:  # run in the request (no broker)
        return redirect("organisation_import_preview", pk=batch.pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        messages.success(request, f"{batch.filename} imported.")
    return redirect("organisation_import_result", pk=batch.pk)


@require_GET
@login_required
@permission_required("interests.import_organisations", raise_exception=True)
def organisation_import_result(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(pk)
    if batch.status != ImportBatch.Status.COMMITTED:
        waiting = import_job_page(request, batch, import_jobs.COMMIT, caption=_IMPORT_CAPTION)
        return waiting or redirect("organisation_import_preview", pk=batch.pk)
    return import_job_over(request) or render(
        request,
        "interests/organisations/import_result.html",
        {
            "batch": batch,
            "summary": batch.summary.get("committed", batch.summary),
            "layout": org_import.batch_layout(batch),
        },
    )
