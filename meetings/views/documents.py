"""Agenda packs, paper downloads and minutes.

Everything here is built from ``meetings.selectors.documents``, which leaves
out whatever the reader is excluded from. Restricted pages are never cached
and every view of one is written to the audit trail.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.audit import audit_record
from core.documents.views import request_document
from core.media import media_access
from meetings import documents
from meetings.access import meeting_for_user, paper_for_user
from meetings.models import Meeting, Paper
from meetings.selectors.documents import WITHHELD_NOTICE, part_one_minutes, readable_minutes
from meetings.selectors.screens import (
    approved_meeting,
    approved_meetings,
    public_items,
    reader_entries,
)


@require_GET
@never_cache
@login_required
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    entries = reader_entries(meeting, request.user)
    audit_record(actor=request.user, action="meeting.pack_viewed", obj=meeting, request=request)
    return render(
        request,
        "meetings/pack.html",
        {"meeting": meeting, "entries": entries, "withheld_notice": WITHHELD_NOTICE},
    )


def _download_name(paper: Paper) -> str:
    """The uploader's name for the file, with the extension of the type its content shows."""
    stem = PurePath(paper.original_filename).stem or "paper"
    return f"{stem}{PurePath(paper.file.name or '').suffix}"


@require_GET
@never_cache
@login_required
def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    paper = paper_for_user(request.user, pk, request)  # 404 or 403, and logs refusals
    if paper.withdrawn_at is not None:
        raise Http404("This paper has been withdrawn")
    try:
        with media_access():
            handle = paper.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing") from missing
    audit_record(actor=request.user, action="paper.downloaded", obj=paper, request=request)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_download_name(paper),
        content_type=paper.content_type,
    )
    # The stored type was sniffed from the content; the browser must not guess another.
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _minutes_page(
    request: HttpRequest, meeting: Meeting, *, part: str | None, action: str
) -> HttpResponse:
    document = readable_minutes(meeting, request.user, part=part)
    audit_record(actor=request.user, action=action, obj=meeting, request=request)
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "document": document,
            "part_two": part == "II",
            "approved": meeting.status == Meeting.Status.MINUTES_APPROVED,
            "withheld_notice": WITHHELD_NOTICE,
        },
    )


@require_GET
@never_cache
@login_required
def minutes_part_two(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    return _minutes_page(request, meeting, part="II", action="minutes.part2_viewed")


@require_GET
@never_cache
@login_required
def minutes_mine(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    return _minutes_page(request, meeting, part=None, action="minutes.copy_viewed")


@require_GET
def public_minutes_index(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/public_minutes_index.html", {"meetings": approved_meetings()})


@require_GET
def public_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Open to everyone, once the minutes are approved: Part I only."""
    meeting = approved_meeting(pk)
    document = part_one_minutes(meeting)
    return render(
        request,
        "meetings/public_minutes.html",
        {"meeting": meeting, "document": document, "items": public_items(document)},
    )


# --- PDFs: each checks access as its page does; the kind builds it for this reader ---


@require_GET
@never_cache
@login_required
def meeting_agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_for_user(request.user, pk)
    return request_document(request, documents.AGENDA, {"meeting": str(pk)})


@require_GET
@never_cache
@login_required
def meeting_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_for_user(request.user, pk)
    return request_document(request, documents.PACK, {"meeting": str(pk)})


@require_GET
@never_cache
@login_required
def minutes_part_two_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_for_user(request.user, pk)
    return request_document(request, documents.MINUTES_PART_TWO, {"meeting": str(pk)})


@require_GET
@never_cache
@login_required
def minutes_mine_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_for_user(request.user, pk)
    return request_document(request, documents.MINUTES_MINE, {"meeting": str(pk)})


@require_GET
@never_cache
@login_required
def meeting_declarations_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_for_user(request.user, pk)
    return request_document(request, documents.DECLARATIONS, {"meeting": str(pk)})


@require_GET
def public_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    approved_meeting(pk)
    return request_document(request, documents.MINUTES_PART_ONE, {"meeting": str(pk)})
