"""Uploading papers: type checked by content, size capped, readers set by the recusal sync."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ccg_governance.audit import audit_record
from meetings.file_types import ACCEPTED, sniff_paper_type
from meetings.models import AgendaItem, Paper
from meetings.services.access import meeting_access_sync


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def validate_paper_upload(upload: UploadedFile) -> Any:
    limit = settings.PAPER_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": "The selected file is empty"})
    if upload.size > limit:
        raise ValidationError(
            {"file": f"The selected file must be smaller than {_megabytes(limit)}"}
        )
    paper_type = sniff_paper_type(upload.file)  # type: ignore[arg-type]
    if paper_type is None:
        accepted = ", ".join(t.label for t in ACCEPTED)
        raise ValidationError({"file": f"The selected file must be a {accepted}"})
    return paper_type


@transaction.atomic
def paper_upload(*, actor: Any, item: AgendaItem, title: str, upload: UploadedFile) -> Paper:
    paper_type = validate_paper_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    paper = Paper(
        item=item,
        title=title.strip() or (upload.name or "Paper"),
        original_filename=(upload.name or "paper")[:255],
        content_type=paper_type.content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    paper.file.save(f"paper{paper_type.extension}", upload, save=False)
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
