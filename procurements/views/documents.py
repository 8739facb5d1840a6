"""A lot's confidential documents: uploaded by the governance team, opened only by the
lot's signed, clear panel and the procurement lead."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.audit import audit_record
from core.media import media_access
from meetings.forms.meetings import add_service_errors
from procurements.access import lot_document_for_user
from procurements.forms.documents import LotDocumentForm
from procurements.models import LotDocument
from procurements.selectors.screens import lot_for_procurement
from procurements.services.documents import lot_document_upload as upload_service
from procurements.views.procurements import detail_url, managed_procurement


@require_http_methods(["GET", "POST"])
@login_required
def lot_document_upload(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    procurement = managed_procurement(request, pk)
    lot = lot_for_procurement(procurement, lot_pk)
    form = LotDocumentForm(request.POST or None, request.FILES or None, lot=lot)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = upload_service(
                actor=request.user,
                lot=lot,
                kind=data["kind"],
                title=data["title"],
                upload=data["file"],
                bid=data["bid"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{document.title}” has been added to {lot.label}. Only the lot's signed, "
                "clear evaluation panel and the procurement lead can open it.",
            )
            return redirect(detail_url(procurement, f"lot-{lot.pk}"))
    return render(
        request,
        "procurements/document_form.html",
        {"procurement": procurement, "lot": lot, "form": form},
    )


def _download_name(document: LotDocument) -> str:
    """The uploader's name for the file, with the extension of the type its content shows."""
    stem = PurePath(document.original_filename).stem or "document"
    return f"{stem}{PurePath(document.file.name or '').suffix}"


@require_GET
@never_cache
@login_required
def lot_document_download(request: HttpRequest, pk: int) -> FileResponse:
    # 404 for people who may not know the procurement, 403 for everyone else who is not
    # the procurement lead or a signed, clear panel member: the secretary included.
    # Both refusals are logged by the access helper.
    document = lot_document_for_user(request.user, pk, request)
    try:
        with media_access():
            handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing") from missing
    audit_record(
        actor=request.user, action="lot_document.downloaded", obj=document, request=request
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_download_name(document),
        content_type=document.content_type,
    )
    # The stored type was sniffed from the content; the browser must not guess another.
    response["X-Content-Type-Options"] = "nosniff"
    return response
