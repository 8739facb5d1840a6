"""Helpers for tests that ask for PDFs: follow the request to the stored file, read its text."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The text of every page, with runs of white space (line breaks in cells) as one space,
    and a hyphenated word that a narrow cell broke after its hyphen ("out-of-" / "hours")
    joined again."""
    text = " ".join(page_texts(data))
    return " ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", text).split())


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


def structure_problems(data: bytes) -> list[str]:
    """What is wrong with a tagged PDF's structure tree; empty when it is complete and valid.

    Checks, as a PDF/UA reader relies on: every structure element is reached from the root
    once and names its parent; every piece of marked content on a page is reached through
    the parent tree, and its element lists that MCID on that page (and no MCID that is
    not there); the parent-tree keys are the pages' own; every identifier is in the IDTree
    and every table cell's header reference resolves there.
    """
    import pikepdf

    problems: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root: Any = pdf.Root
        if "/MarkInfo" not in root or root.MarkInfo.get("/Marked") is not True:
            problems.append("not marked as tagged")
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return [*problems, "no structure tree"]
        page_numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        # MCIDs each page's content really has.
        on_page: dict[int, set[int]] = {}
        for index, page in enumerate(pdf.pages):
            found = on_page[index] = set()
            for operands, operator in pikepdf.parse_content_stream(page):
                properties = operands[1] if str(operator) == "BDC" else None
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    found.add(int(properties.MCID))
        # Walk the tree: each element once, with its parent; collect its MCIDs.
        claimed: dict[tuple[int, int], tuple[int, int]] = {}  # (page, mcid) -> element
        identifiers: dict[bytes, tuple[int, int]] = {}
        headers: list[bytes] = []
        seen: set[tuple[int, int]] = set()
        stack = [(kid, tree) for kid in tree.K]
        while stack:
            element, parent = stack.pop()
            key = element.objgen
            if key in seen:
                problems.append(f"element {key} is reached twice")
                continue
            seen.add(key)
            if element.get("/P") is None or element.P.objgen != parent.objgen:
                problems.append(f"element {key} ({element.get('/S')}) does not name its parent")
            if "/ID" in element:
                identifiers[bytes(element.ID)] = key
            attributes = element.get("/A")
            if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
                headers.extend(bytes(h) for h in attributes.Headers)
            kids = element.get("/K", pikepdf.Array())
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    on = page_numbers.get(element.Pg.objgen) if "/Pg" in element else None
                    if on is None:
                        problems.append(f"element {key} has MCID {kid} but no page")
                    else:
                        claimed[(on, kid)] = key
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    holder = kid.Pg if "/Pg" in kid else element.Pg
                    claimed[(page_numbers[holder.objgen], int(kid.MCID))] = key
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    continue
                elif isinstance(kid, pikepdf.Dictionary):
                    stack.append((kid, element))
        # The parent tree: page keys, and each (page, MCID) pointing at its element.
        parents: dict[int, Any] = {}
        nodes = [tree.ParentTree]
        while nodes:
            node = nodes.pop()
            nums = node.get("/Nums", pikepdf.Array())
            for index in range(0, len(nums) - 1, 2):
                parents[int(nums[index])] = nums[index + 1]
            nodes.extend(node.get("/Kids", pikepdf.Array()))
        for index, page in enumerate(pdf.pages):
            if "/StructParents" not in page.obj:
                if on_page[index]:
                    problems.append(f"page {index + 1} has marked content but no StructParents")
                continue
            entry = parents.get(int(page.obj.StructParents))
            if entry is None:
                problems.append(f"page {index + 1} has no parent-tree entry")
                continue
            for mcid in on_page[index]:
                if (index, mcid) not in claimed:
                    problems.append(f"page {index + 1} MCID {mcid} belongs to no element")
                elif mcid >= len(entry) or entry[mcid].objgen != claimed[(index, mcid)]:
                    problems.append(f"page {index + 1} MCID {mcid}: parent tree disagrees")
        for page_index, mcid in claimed:
            if mcid not in on_page[page_index]:
                problems.append(f"an element claims MCID {mcid} absent from page {page_index + 1}")
        listed: dict[bytes, tuple[int, int]] = {}
        nodes = [tree.IDTree] if "/IDTree" in tree else []
        while nodes:
            node = nodes.pop()
            names = node.get("/Names", pikepdf.Array())
            for index in range(0, len(names) - 1, 2):
                listed[bytes(names[index])] = names[index + 1].objgen
            nodes.extend(node.get("/Kids", pikepdf.Array()))
        if listed != identifiers:
            problems.append("the IDTree does not list exactly the elements' identifiers")
        for header in headers:
            if header not in listed:
                problems.append(f"a cell names header {header!r}, which is not in the IDTree")
    return problems
