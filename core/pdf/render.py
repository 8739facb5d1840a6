"""Rendering one piece of HTML to a tagged PDF with WeasyPrint."""

from __future__ import annotations

import io
import secrets
from functools import partial
from typing import Any

import pikepdf
from weasyprint import HTML

from core.pdf.tags import slim_structure

# PDF/UA-1 makes WeasyPrint write the structure tree (headings, tables, rows, cells),
# /MarkInfo, the document language and the title as the window title.
PDF_VARIANT = "pdf/ua-1"


def _finish(document: Any, pdf: Any, *, id_prefix: str) -> None:
    slim_structure(pdf, id_prefix=id_prefix)


def html_to_pdf(
    html: str, *, base_url: str | None = None, tagged: bool = True, id_prefix: str | None = None
) -> bytes:
    """The PDF of ``html``; tagged, its structure slimmed (``core.pdf.tags``) and its
    table-header identifiers prefixed with ``id_prefix`` (by default a random one), so
    that chunks merged into one document never share an identifier."""
    document = HTML(string=html, base_url=base_url)
    if tagged:
        prefix = f"{secrets.token_hex(4)}-" if id_prefix is None else id_prefix
        return document.write_pdf(
            pdf_variant=PDF_VARIANT, finisher=partial(_finish, id_prefix=prefix)
        )
    return document.write_pdf()


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)
