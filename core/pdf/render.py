"""Rendering one piece of HTML to a tagged PDF with WeasyPrint."""

from __future__ import annotations

import io

from pypdf import PdfReader
from weasyprint import HTML

# PDF/UA-1 makes WeasyPrint write the structure tree (headings, tables, rows, cells),
# /MarkInfo, the document language and the title as the window title.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, *, base_url: str | None = None, tagged: bool = True) -> bytes:
    document = HTML(string=html, base_url=base_url)
    if tagged:
        return document.write_pdf(pdf_variant=PDF_VARIANT)
    return document.write_pdf()


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
