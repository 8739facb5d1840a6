"""The Guardian's annual attestation and the annual audit pack.

Reading either needs ``compliance.view_compliance_dashboard`` (the Guardian and auditors);
signing needs ``compliance.sign_attestation`` (the Guardian). Both PDFs go through
``core.documents`` (prepared on Celery with a progress page, downloads audited, verifiable);
the zip of CSVs is made from the same content on Celery too (``services.pack_zip``),
served only to its requester while their permissions are unchanged, and its download is
audited.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from compliance import annual_documents as documents
from compliance.annual_forms import AttestationForm, YearForm
from compliance.selectors.attestations import (
    attestation_for_user,
    attestations,
    current_attestation,
    is_current,
)
from compliance.selectors.dashboard import VIEW_DASHBOARD, compliance_figures, year_choices
from compliance.selectors.pack_zip import pack_zip_for_user
from compliance.services import attestations as services
from compliance.services import pack_zip
from core.audit import audit_record
from core.audit_views import logged_view
from core.documents.views import request_document
from meetings.forms.meetings import add_service_errors


def _valid_year(year: int) -> int:
    if year not in year_choices():
        raise Http404("No such year")
    return year


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
@logged_view("attestation_list.viewed")
def attestation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "compliance/attestations.html", {"attestations": list(attestations())})


@require_GET
@never_cache
@login_required
@logged_view("attestation.viewed")
def attestation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attestation = attestation_for_user(request.user, pk)
    return render(
        request,
        "compliance/attestation.html",
        {"a": attestation, "current": is_current(attestation)},
    )


@require_GET
@never_cache
@login_required
def attestation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    attestation = attestation_for_user(request.user, pk)
    return request_document(request, documents.ATTESTATION, {"attestation": str(attestation.pk)})


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@permission_required(services.SIGN, raise_exception=True)
def attestation_sign(request: HttpRequest, year: int) -> HttpResponse:
    year = _valid_year(year)
    figures = compliance_figures(year, trends=False)
    signed = current_attestation(year)
    initial = {
        "statement": signed.statement
        if signed
        else services.statement_prefill(figures, settings.ORGANISATION_NAME),
        "exceptions": signed.exceptions if signed else "",
    }
    form = AttestationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        superseding=signed is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            attestation = services.attestation_sign(
                actor=request.user,
                year=year,
                statement=form.cleaned_data["statement"],
                exceptions=form.cleaned_data["exceptions"],
                change_reason=form.cleaned_data.get("change_reason", ""),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"You signed the attestation for {year} ({attestation.reference})."
            )
            return redirect("attestation_detail", pk=attestation.pk)
    return render(
        request,
        "compliance/attestation_sign.html",
        {"form": form, "figures": figures, "year": year, "signed": signed},
    )


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
@logged_view("audit_pack.viewed")
def audit_pack(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = form.chosen_year()
    return render(
        request,
        "compliance/audit_pack.html",
        {"form": form, "year": year, "attestation": current_attestation(year)},
    )


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
def audit_pack_pdf(request: HttpRequest, year: int) -> HttpResponse:
    year = _valid_year(year)
    audit_record(
        actor=request.user, action="audit_pack.requested", detail={"year": year}, request=request
    )
    return request_document(request, documents.AUDIT_PACK, {"year": str(year)})


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
def audit_pack_zip(request: HttpRequest, year: int) -> HttpResponse:
    job = pack_zip.pack_zip_request(user=request.user, year=_valid_year(year), request=request)
    job.refresh_from_db()  # without a broker the job has already run
    return redirect("audit_pack_zip_status", token=job.token)


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
def audit_pack_zip_status(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    job = pack_zip_for_user(request.user, token)
    template = (
        "compliance/_pack_zip_status.html"
        if request.headers.get("HX-Request")
        else "compliance/pack_zip_status.html"
    )
    return render(request, template, {"job": job})


@require_GET
@never_cache
@login_required
@permission_required(VIEW_DASHBOARD, raise_exception=True)
def audit_pack_zip_download(request: HttpRequest, token: uuid.UUID) -> HttpResponseBase:
    job = pack_zip_for_user(request.user, token)
    if not job.is_ready:
        return redirect("audit_pack_zip_status", token=token)
    if job.permissions != pack_zip.permissions_fingerprint(request.user, job.year):
        # Built for what they could read then: never handed over once that has changed.
        messages.info(request, "Your access has changed since that zip was made: ask again.")
        return redirect(f"{reverse('audit_pack')}?year={job.year}")
    try:
        handle = pack_zip.media_path(job.file.name or "").open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing") from missing
    audit_record(
        actor=request.user,
        action="audit_pack.csv_downloaded",
        obj=job,
        detail={"year": job.year, "files": job.files_total, "sha256": job.sha256},
        request=request,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"audit-pack-{job.year}-csv.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
