"""Uploaded papers and bid documents are recognised by their content, never by their name."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.file_types import DOCX, ODT, PDF, XLSX
from core.uploads import validate_document_upload


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", PDF),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), DOCX),
        (_xlsx(), XLSX),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            ODT,
        ),
    ],
)
def test_the_four_accepted_types_are_recognised_whatever_the_file_is_called(content, expected):
    assert validate_document_upload(_upload("no-extension", content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", b"This is plain text pretending to be a PDF"),
        ("bid.docx", _zip({"something.txt": b"not a word document"})),
        ("tool.pdf", b"MZ\x90\x00\x03 windows executable"),
        ("spreadsheet.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
        ("broken.docx", b"PK\x03\x04 truncated zip"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as error:
        validate_document_upload(_upload(name, content))
    assert error.value.message_dict["file"] == [
        "The selected file must be a PDF (.pdf), a Word document (.docx), an Excel spreadsheet "
        "(.xlsx) or an OpenDocument text (.odt)"
    ]


def test_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(ValidationError, match="The selected file is empty"):
        validate_document_upload(_upload("empty.pdf", b""))
    settings.PAPER_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match="must be smaller than"):
        validate_document_upload(_upload("big.pdf", b"%PDF-1.4\n" + b"x" * 2000))
