"""Asking for a document, waiting for it, downloading it, and checking one.

App views check access exactly as their screens do, then call ``request_document``; the
kernel's views serve the stored file only after checking, again, that it is one this
requester may receive as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.audit import audit_record
from core.documents import selectors, services, storage
from core.documents.forms import CheckDocumentForm
from core.documents.models import IssuedDocument
from core.media import media_access


def _after_request(document: IssuedDocument) -> HttpResponse:
    document.refresh_from_db()  # without a broker the job has already run
    if document.is_ready:
        return redirect("document_download", reference=document.reference)
    return redirect("document_status", reference=document.reference)


def request_document(
    request: HttpRequest, kind: str, params: Mapping[str, str] | None = None
) -> HttpResponse:
    """Ask for a document of ``kind`` for this user; the caller has checked access."""
    document = services.document_request(
        kind=kind,
        params=request.GET if params is None else params,
        user=request.user,
        check_url=request.build_absolute_uri(reverse("document_check")),
        source_url=request.get_full_path(),
        request=request,
    )
    return _after_request(document)


@require_GET
@never_cache
def document_status(request: HttpRequest, reference: str) -> HttpResponse:
    document = selectors.document_for_user(request.user, reference)
    template = (
        "core/documents/_status.html"
        if request.headers.get("HX-Request")
        else "core/documents/status.html"
    )
    return render(request, template, {"document": document})


@require_GET
@never_cache
def document_download(request: HttpRequest, reference: str) -> HttpResponseBase:
    document = selectors.document_for_user(request.user, reference)
    if not document.is_ready:
        return redirect("document_status", reference=reference)
    # The stored copy is handed over only if it still shows exactly what this person may
    # see now (raises 404/403 as the screen would if they lost access altogether).
    if not services.document_is_current(document, request.user):
        messages.info(
            request,
            "The information has changed since that copy was made, so a new copy is "
            "being prepared.",
        )
        fresh = services.document_request(
            kind=document.kind,
            params=document.params,
            user=request.user,
            check_url=request.build_absolute_uri(reverse("document_check")),
            source_url=document.source_url,
            request=request,
        )
        return _after_request(fresh)
    try:
        with media_access():
            handle = storage.media_path(document.file.name or "").open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing") from missing
    audit_record(actor=request.user, action="document.downloaded", obj=document, request=request)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(document.title)[:80] or 'document'}-{document.reference}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def document_check(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = CheckDocumentForm(request.POST, request.FILES) if posted else CheckDocumentForm()
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        data = b"".join(upload.chunks())
        result = selectors.document_check(data, request.user)
        audit_record(
            actor=request.user,
            action="document.checked",
            obj=result.document if result.outcome == "genuine" else None,
            detail={"sha256": result.sha256, "outcome": result.outcome},
            request=request,
        )
    return render(request, "core/documents/check.html", {"form": form, "result": result})
