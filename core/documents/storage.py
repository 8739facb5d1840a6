"""Where documents and their work in progress live on disk (MEDIA_ROOT, shared by the web
process and the workers)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from core.documents.models import IssuedDocument


def _media() -> Path:
    return Path(settings.MEDIA_ROOT)


def work_dir(document: IssuedDocument) -> Path:
    return _media() / "documents" / "work" / document.reference


def chunk_json(document: IssuedDocument, index: int) -> Path:
    return work_dir(document) / f"chunk-{index:04d}.json"


def chunk_pdf(document: IssuedDocument, index: int) -> Path:
    return work_dir(document) / f"chunk-{index:04d}.pdf"


def manifest(document: IssuedDocument) -> Path:
    return work_dir(document) / "manifest.json"


def final_name(document: IssuedDocument) -> str:
    """The stored file's name relative to MEDIA_ROOT."""
    return f"documents/{document.requested_at:%Y}/{document.reference}.pdf"


def media_path(name: str) -> Path:
    return _media() / name


def remove_work(document: IssuedDocument) -> None:
    shutil.rmtree(work_dir(document), ignore_errors=True)
