"""Uploading papers: type checked by content, size capped, readers set by the recusal sync."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.file_types import PaperType
from core.uploads import store_upload, validate_document_upload
from meetings.access import MANAGED_ELSEWHERE, item_withheld_from
from meetings.models import AgendaItem, Paper
from meetings.services.access import meeting_access_sync


def validate_paper_upload(upload: UploadedFile) -> PaperType:
    return validate_document_upload(upload)


@transaction.atomic
def paper_upload(*, actor: Any, item: AgendaItem, title: str, upload: UploadedFile) -> Paper:
    if item.meeting.status == item.meeting.Status.MINUTES_APPROVED:
        raise ValidationError(
            "The minutes of this meeting are approved: its papers can no longer change."
        )
    if getattr(actor, "is_authenticated", False) and item_withheld_from(actor, item):
        raise PermissionDenied(MANAGED_ELSEWHERE)
    paper_type = validate_document_upload(upload)
    paper = Paper(item=item, title=title.strip() or (upload.name or "Paper"), uploaded_by=actor)
    store_upload(paper, upload, paper_type)
    paper.full_clean()
    paper.save()
    audit_record(actor=actor, action="paper.uploaded", obj=paper, detail={"sha256": paper.sha256})
    meeting_access_sync(meeting=item.meeting)
    return paper


@transaction.atomic
def paper_withdraw(*, actor: Any, paper: Paper) -> Paper:
    """Withdraw a paper from the pack. The file and its record are kept."""
    paper.withdrawn_at = timezone.now()
    paper.save(update_fields=["withdrawn_at"])
    audit_record(actor=actor, action="paper.withdrawn", obj=paper)
    return paper
