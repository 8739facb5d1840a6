"""Helpers for tests that ask for PDFs: follow the request to the stored file, read its text."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The text of every page, with runs of white space (line breaks in cells) as one space."""
    return " ".join(" ".join(page_texts(data)).split())


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def fetch_pdf(client: Any, url: str, capture: Any, **params: Any) -> bytes:
    """Ask for a document as the client's user and return the PDF they download.

    ``capture`` is pytest-django's ``django_capture_on_commit_callbacks``: without a
    broker the job runs when the request's transaction commits.
    """
    with capture(execute=True):
        response = client.get(url, params)
    assert response.status_code == 302, response
    location = response["Location"]
    if "/download/" not in location:
        status = client.get(location)
        assert status.status_code == 200
        assert "Download the PDF" in status.content.decode(), status.content.decode()[:2000]
        location = location.rstrip("/") + "/download/"
    download = client.get(location)
    assert download.status_code == 200, download
    assert download["Content-Type"] == "application/pdf"
    return b"".join(download.streaming_content)
