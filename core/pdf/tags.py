"""Slimming WeasyPrint's structure tree before a chunk is written.

WeasyPrint (PDF/UA-1) gives every run of text its own ``Span`` structure element, so a
table cell on two lines is a ``TD`` holding two ``Span`` elements, each holding one piece
of marked content. A 500-row register chunk has about 12,000 structure elements, more
than half of them such Spans; they carry nothing a reader of the tree needs (no language,
no alternative text, no attributes), and every one of them is an object the merge must
copy. ``slim_structure`` (a WeasyPrint ``finisher``, run as the chunk is written, so in
parallel on the workers) hangs each such piece of marked content directly on its cell,
paragraph or heading, and points the page's parent-tree entry at that element instead:
the same content in the same reading order, under the same element types, with half the
objects (docs/adr/0024).

It also makes the table-header identifiers unique across chunks by prefixing them, so
that the merged document can list them all in one ``IDTree``.
"""

from __future__ import annotations

from typing import Any

import pydyf

# Elements whose children are defined by the standard structure types (a table row holds
# cells, a list holds items ...): marked content is never hung on them directly.
_CONTAINERS = frozenset(
    {
        "/Document",
        "/Part",
        "/Art",
        "/Sect",
        "/Table",
        "/THead",
        "/TBody",
        "/TFoot",
        "/TR",
        "/L",
        "/LI",
        "/TOC",
        "/TOCI",
    }
)
_PLAIN_SPAN_KEYS = frozenset({"Type", "S", "K", "Pg", "P"})


def _number(reference: bytes) -> int:
    return int(reference.split(b" ", 1)[0])


def slim_structure(pdf: pydyf.PDF, *, id_prefix: str = "") -> int:
    """Fold plain one-piece ``Span`` elements into their parents; returns how many went."""
    objects: list[Any] = pdf.objects
    catalog = pdf.catalog
    if "StructTreeRoot" not in catalog:
        return 0
    root = objects[_number(catalog["StructTreeRoot"])]
    nums = objects[_number(root["ParentTree"])]["Nums"]
    # Page reference -> that page's parent-tree array (index = MCID).
    keys = {nums[i]: nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    page_arrays: dict[bytes, Any] = {}
    for number in pdf.pages["Kids"][::3]:
        page = objects[number]
        key = page.get("StructParents")
        if key is not None and isinstance(keys.get(key), pydyf.Array):
            page_arrays[page.reference] = keys[key]
    folded = 0
    renamed: dict[str, pydyf.String] = {}
    for element in objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        if id_prefix and isinstance(element.get("ID"), pydyf.String):
            old = str(element["ID"].string)
            renamed[old] = element["ID"] = pydyf.String(f"{id_prefix}{old}")
        if element.get("S") in _CONTAINERS or not isinstance(element.get("K"), pydyf.Array):
            continue
        kids: list[Any] = []
        changed = False
        for kid in element["K"]:
            if isinstance(kid, bytes):
                child = objects[_number(kid)]
                mcids = child.get("K")
                if (
                    isinstance(child, pydyf.Dictionary)
                    and child.get("S") == "/Span"
                    and set(child) == _PLAIN_SPAN_KEYS
                    and child["P"] == element.reference
                    and child["Pg"] == element.get("Pg")
                    and len(mcids) == 1
                    and isinstance(mcids[0], int)
                    and child["Pg"] in page_arrays
                ):
                    mcid = mcids[0]
                    page_arrays[child["Pg"]][mcid] = element.reference
                    kids.append(mcid)
                    # Nothing points at it any more: write it as an empty dictionary.
                    child.clear()
                    folded += 1
                    changed = True
                    continue
            kids.append(kid)
        if changed:
            element["K"] = pydyf.Array(kids)
    if renamed:
        _rename_headers(objects, renamed)
    _unreached_content_to_artifacts(objects, root, page_arrays)
    return folded


def _unreached_content_to_artifacts(
    objects: list[Any], root: Any, page_arrays: dict[bytes, Any]
) -> None:
    """WeasyPrint tags the running header and footer (margin boxes) with elements it never
    links into the tree, so their text is marked content that no reader reaches. It is
    page furniture: mark it as a pagination artifact, and drop the unreachable elements."""
    claimed: set[tuple[bytes, int]] = set()
    reached: set[int] = set()
    stack = [kid for kid in root.get("K", []) if isinstance(kid, bytes)]
    while stack:
        number = _number(stack.pop())
        if number in reached:
            continue
        reached.add(number)
        element = objects[number]
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        for kid in element.get("K", []):
            if isinstance(kid, bytes):
                stack.append(kid)
            elif isinstance(kid, int):
                claimed.add((element.get("Pg"), kid))
    for page_reference, entries in page_arrays.items():
        unreached = {
            mcid
            for mcid, entry in enumerate(entries)
            if isinstance(entry, bytes) and (page_reference, mcid) not in claimed
        }
        if not unreached:
            continue
        contents = objects[_number(page_reference)].get("Contents")
        if not isinstance(contents, bytes):
            continue
        stream = objects[_number(contents)].stream
        for index, item in enumerate(stream):
            if isinstance(item, pydyf.Dictionary) and item.get("MCID") in unreached:
                orphan = objects[_number(entries[item["MCID"]])]
                entries[item["MCID"]] = "null"
                stream[index - 1] = "/Artifact"
                stream[index] = pydyf.Dictionary({"Type": "/Pagination"})
                if _number(orphan.reference) not in reached:
                    orphan.clear()


def _rename_headers(objects: list[Any], renamed: dict[str, pydyf.String]) -> None:
    for element in objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        attributes = element.get("A")
        if isinstance(attributes, pydyf.Dictionary) and "Headers" in attributes:
            attributes["Headers"] = pydyf.Array(
                renamed.get(str(header.string), header) for header in attributes["Headers"]
            )
