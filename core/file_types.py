"""Recognising uploaded papers by their content, never by their name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class PaperType:
    label: str
    content_type: str
    extension: str


PDF = PaperType("PDF", "application/pdf", ".pdf")
DOCX = PaperType(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = PaperType(
    "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
)
ODT = PaperType("OpenDocument text", "application/vnd.oasis.opendocument.text", ".odt")
ACCEPTED = (PDF, DOCX, XLSX, ODT)


def _zip_type(head: bytes, data: io.BufferedIOBase) -> PaperType | None:
    try:
        with zipfile.ZipFile(data) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
            if "mimetype" in names:
                # Read at most a few bytes: never decompress anything large.
                with archive.open("mimetype") as handle:
                    if handle.read(64).strip() == ODT.content_type.encode():
                        return ODT
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def sniff_paper_type(upload: io.BufferedIOBase) -> PaperType | None:
    """The accepted type the file's bytes show it to be, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    result: PaperType | None = None
    if head.startswith(b"%PDF-"):
        result = PDF
    elif head.startswith(b"PK\x03\x04"):
        result = _zip_type(head, upload)
    upload.seek(0)
    return result
