"""The PDF kernel on real WeasyPrint output: chunks merged with their tags, page numbers
across chunks and appended papers, metadata, and PAdES signatures."""

from __future__ import annotations

import datetime
import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from core.pdf.merge import Attachment, PdfMetadata, merge_pdfs
from core.pdf.render import html_to_pdf
from core.pdf.signing import SigningIdentity, sign_pdf
from tests.pdf import page_texts, pdf_text, structure_problems

META = PdfMetadata(title="Test register", author="Northfield CCG", subject="Reference RC-0000")


def _table(first: int, rows: int) -> str:
    body = "".join(
        f"<tr><td>Row {n}</td><td>Member {n}</td></tr>" for n in range(first, first + rows)
    )
    return f"""<html lang="en-GB"><head><title>Test register</title><style>
    @page {{ size: A4; margin: 20mm }} thead {{ display: table-header-group }}
    tr {{ break-inside: avoid }} td {{ padding: 4mm }}</style></head>
    <body><table><thead><tr><th>Number</th><th>Name</th></tr></thead>
    <tbody>{body}</tbody></table></body></html>"""


@pytest.fixture(scope="module")
def chunks() -> list[bytes]:
    return [
        html_to_pdf(_table(first, 40), id_prefix=f"c{index}-")
        for index, first in enumerate((0, 40, 80))
    ]


def test_chunks_merge_into_one_document_numbered_x_of_y_throughout(chunks):
    result = merge_pdfs(chunks, META)
    texts = page_texts(result.data)
    total = len(texts)
    assert total == result.pages >= 6
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
    assert "Row 0 " in pdf_text(result.data) and "Row 119" in pdf_text(result.data)


def test_table_headers_repeat_on_every_page_and_no_row_is_split(chunks):
    texts = page_texts(merge_pdfs(chunks, META).data)
    for text in texts:
        assert text.lstrip().startswith("Number")
    rows = [line for text in texts for line in text.splitlines() if line.startswith("Row ")]
    assert len(rows) == 120  # each row on exactly one page


def test_the_merged_document_keeps_every_chunks_tag_tree(chunks):
    reader = PdfReader(io.BytesIO(merge_pdfs(chunks, META).data))
    root: Any = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    assert document["/S"] == "/Document"
    sections = [kid.get_object() for kid in document["/K"]]
    assert [s["/S"] for s in sections] == ["/Sect"] * 3
    for section in sections:  # WeasyPrint tags a table once per page it spans
        assert "/Table" in [k.get_object()["/S"] for k in section["/K"]]
    # every page's marked content is reachable: one parent-tree entry per page
    nums: Any = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    keys = nums[::2]
    pages: Any = list(reader.pages)
    assert sorted(int(p["/StructParents"]) for p in pages) == sorted(keys)
    page_ids = {p.indirect_reference.idnum for p in reader.pages}
    for entry in nums[1::2]:
        for element in entry:
            assert element.get_object()["/Pg"].indirect_reference.idnum in page_ids


def test_the_merged_structure_tree_is_complete_and_valid(chunks):
    data = merge_pdfs(chunks, META).data
    assert structure_problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.StructTreeRoot
        # every table-header identifier of every chunk, once, in one IDTree
        names: Any = tree.IDTree.Names if "/Names" in tree.IDTree else []
        identifiers = [bytes(names[i]) for i in range(0, len(names), 2)]
        assert len(identifiers) == len(set(identifiers)) >= 2 * 3
        assert {i.split(b"-")[0] for i in identifiers} == {b"c0", b"c1", b"c2"}
        assert int(tree.ParentTreeNextKey) == len(pdf.pages)
    assert pikepdf.open(io.BytesIO(data)).check_pdf_syntax() == []


def test_the_structure_check_finds_content_no_element_reaches(chunks):
    """The check above can fail: detach one cell's text from its element."""
    with pikepdf.open(io.BytesIO(merge_pdfs(chunks, META).data)) as pdf:
        cell = next(
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary)
            and o.get("/S") == "/TD"
            and isinstance(o.get("/K"), pikepdf.Array)
            and len(o.K) > 0
        )
        cell.K = pikepdf.Array()
        out = io.BytesIO()
        pdf.save(out)
    assert any("belongs to no element" in p for p in structure_problems(out.getvalue()))


def test_chunks_hang_cell_text_on_the_cell_and_prefix_header_ids():
    data = html_to_pdf(_table(0, 5), id_prefix="c7-")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        elements = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
        ]
        cells = [e for e in elements if e.get("/S") == "/TD"]
        assert len(cells) == 10
        for cell in cells:  # the text's MCID directly, no Span element in between
            assert [type(kid) for kid in cell.K] == [int]
            assert cell.A.Headers and all(bytes(h).startswith(b"c7-") for h in cell.A.Headers)
        assert not [e for e in elements if e.get("/S") == "/Span"]
        headers = [e for e in elements if e.get("/S") == "/TH"]
        assert headers and all(bytes(h.ID).startswith(b"c7-") for h in headers)


def test_running_headers_are_artifacts_and_every_mcid_is_reached():
    html = """<html lang="en-GB"><head><title>Minutes</title><style>
    @page { margin: 25mm 15mm; @top-left { content: element(header) } }
    .header { position: running(header) }</style></head><body>
    <div class="header">RUNNINGHEADER</div><h1>Minutes</h1>
    <p>Present: <a href="https://example.org/">the board</a>.</p>
    <ul><li>First</li><li>Second</li></ul></body></html>"""
    data = merge_pdfs([html_to_pdf(html, id_prefix="c0-")], META).data
    assert structure_problems(data) == []
    assert "RUNNINGHEADER" in pdf_text(data)  # still printed, just not read as content
    with pikepdf.open(io.BytesIO(data)) as pdf:
        operators = pikepdf.parse_content_stream(pdf.pages[0])
        artifacts = [
            operands
            for operands, operator in operators
            if str(operator) == "BDC" and operands[0] == "/Artifact"
        ]
        assert len(artifacts) >= 2  # the running header and the page number


def test_page_numbers_are_pagination_artifacts_in_an_embedded_font(chunks):
    data = merge_pdfs(chunks, META).data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            stamp = page.obj.Contents[-1].read_bytes()
            assert b"/Artifact<</Type/Pagination/Subtype/Footer>>BDC" in stamp
            font = page.obj.Resources.Font.RecusePageNumber
            assert "/FontFile2" in font.DescendantFonts[0].FontDescriptor
            assert "/ToUnicode" in font


def test_the_merged_document_says_it_is_pdf_ua_in_its_xmp_metadata(chunks):
    with pikepdf.open(io.BytesIO(merge_pdfs(chunks, META).data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"pdfuaid" in xmp and b"Test register" in xmp


def test_pages_that_inherit_their_size_and_fonts_are_appended_intact(tmp_path, chunks):
    paper = pikepdf.new()
    font = paper.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    pages = paper.Root.Pages
    # A nested page tree: the size and fonts live on an intermediate node.
    middle = paper.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Pages,
            Parent=pages,
            Kids=pikepdf.Array(),
            Count=0,
            MediaBox=pikepdf.Array([0, 0, 420, 595]),
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        )
    )
    for n in range(2):
        page = paper.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                Parent=middle,
                Contents=paper.make_stream(f"BT /F1 12 Tf 50 500 Td (INHERITED{n}) Tj ET".encode()),
            )
        )
        middle.Kids.append(page)
    middle.Count = 2
    pages.Kids = pikepdf.Array([middle])
    pages.Count = 2
    path = tmp_path / "nested.pdf"
    paper.save(path)
    result = merge_pdfs(chunks[:1], META, attachments=[Attachment("Nested paper", path)])
    texts = page_texts(result.data)
    assert "INHERITED0" in texts[-2] and "INHERITED1" in texts[-1]
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert [float(v) for v in pdf.pages[-1].mediabox] == [0, 0, 420, 595]
    assert structure_problems(result.data) == []


def test_metadata_says_title_author_language_and_reference(chunks):
    reader = PdfReader(io.BytesIO(merge_pdfs(chunks, META).data))
    assert reader.metadata.title == "Test register"
    assert reader.metadata.author == "Northfield CCG"
    assert reader.metadata.subject == "Reference RC-0000"


def test_appended_papers_are_numbered_and_named_in_the_outline(tmp_path, chunks):
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(html_to_pdf("<html lang='en'><body><p>APPENDEDPAPER</p></body></html>"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    result = merge_pdfs(
        chunks[:1],
        META,
        attachments=[Attachment("Item 2: Budget", paper), Attachment("Broken", broken)],
    )
    texts = page_texts(result.data)
    assert "APPENDEDPAPER" in texts[-1]
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]
    assert result.skipped_attachments == ("Broken",)
    outline = PdfReader(io.BytesIO(result.data)).outline
    assert [item.title for item in outline] == ["Item 2: Budget"]


def _certificate(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Northfield CCG documents")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def _validate(signature, trust):
    """pyHanko validates through asyncio.run(): in a fresh thread, since the browser tests
    leave an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, signature, trust).result()


def test_a_signed_pdf_validates_and_one_changed_byte_breaks_it(tmp_path, chunks):
    key_file, cert_file = _certificate(tmp_path)
    signed = sign_pdf(
        merge_pdfs(chunks[:1], META).data,
        SigningIdentity(key_file=key_file, cert_file=cert_file),
        reason="Issued by Northfield CCG",
        location="Northfield",
    )
    trust = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_file))])
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    status = _validate(signature, trust)
    assert status.intact and status.valid and status.trusted
    assert "Page 1 of" in pdf_text(signed)  # still the same document

    position = signed.index(b"Row 1") if b"Row 1" in signed else len(signed) // 3
    tampered = bytearray(signed)
    tampered[position] ^= 0x01
    broken = PdfFileReader(io.BytesIO(bytes(tampered))).embedded_signatures[0]
    assert not _validate(broken, trust).intact


def test_a_paper_with_only_an_owner_password_is_appended_readable(tmp_path, chunks):
    """Papers are often encrypted against editing (no password to open): the merge writes
    their objects out decrypted, in a file that is not encrypted itself."""
    source = html_to_pdf("<html lang='en'><body><p>LOCKEDPAPER (final)</p></body></html>")
    path = tmp_path / "locked.pdf"
    with pikepdf.open(io.BytesIO(source)) as paper:
        paper.save(path, encryption=pikepdf.Encryption(owner="owner", user="", R=6))
    result = merge_pdfs(chunks[:1], META, attachments=[Attachment("Locked", path)])
    assert result.skipped_attachments == ()
    assert "LOCKEDPAPER (final)" in page_texts(result.data)[-1]
    with pikepdf.open(io.BytesIO(result.data)) as merged:
        assert not merged.is_encrypted
        assert merged.check_pdf_syntax() == []
