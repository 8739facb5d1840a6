"""Accepting uploaded documents: checked by content and size, hashed, stored under a random name."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from core.file_types import ACCEPTED, PaperType, sniff_paper_type
from core.media import media_access
from core.models import StoredDocument


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _accepted_in_words() -> str:
    """E.g. "a PDF, a Word document (.docx), ... or an OpenDocument text (.odt)"."""
    names = [
        f"{'an' if t.label[0] in 'AEIOU' else 'a'} {t.label} ({t.extension})" for t in ACCEPTED
    ]
    return ", ".join(names[:-1]) + " or " + names[-1]


def validate_document_upload(upload: UploadedFile) -> PaperType:
    """The accepted type the file really is, or a ValidationError on the ``file`` field."""
    limit = settings.PAPER_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": "The selected file is empty"})
    if upload.size > limit:
        raise ValidationError(
            {"file": f"The selected file must be smaller than {_megabytes(limit)}"}
        )
    paper_type = sniff_paper_type(upload.file)  # type: ignore[arg-type]
    if paper_type is None:
        raise ValidationError({"file": f"The selected file must be {_accepted_in_words()}"})
    return paper_type


def store_upload(document: StoredDocument, upload: UploadedFile, paper_type: PaperType) -> None:
    """Fill in the document's file and its facts; the caller saves the document."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document.original_filename = (upload.name or "document")[:255]
    document.content_type = paper_type.content_type
    document.size = upload.size or 0
    document.sha256 = digest.hexdigest()
    with media_access(missing_is_unavailable=True):
        document.file.save(f"document{paper_type.extension}", upload, save=False)
