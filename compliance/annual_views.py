"""The Guardian's annual attestation and the annual audit pack.

Reading either needs ``compliance.view_compliance_dashboard`` (the Guardian and auditors);
signing needs ``compliance.sign_attestation`` (the Guardian). Both PDFs go through
``core.documents`` (prepared on Celery with a progress page, downloads audited, verifiable);
the zip of CSVs is made from the same content, and its download is audited too.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from compliance.services import attestations as services
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
    year = _valid_year(year)
    content = documents.audit_pack(request.user, {"year": str(year)})
    data = documents.pack_zip(content)
    audit_record(
        actor=request.user,
        action="audit_pack.csv_downloaded",
        detail={"year": year, "files": len(documents.pack_csv_files(content))},
        request=request,
    )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="audit-pack-{year}-csv.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
