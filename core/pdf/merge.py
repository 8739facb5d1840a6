"""Merging rendered chunks (and appended PDF papers) into one tagged PDF, a part at a time.

Large documents are rendered in chunks (one WeasyPrint pass over 10,000 rows takes more
than a gigabyte); each chunk is a tagged PDF of its own. The merge keeps every chunk's
structure tree: each chunk's ``Document`` element becomes a ``Sect`` of one new
``Document``, parent-tree keys are offset so that every page's marked content still
points at its structure elements, and the table-header identifiers of all chunks are
listed in one ``IDTree``. Pages of appended papers are added untagged: they are other
people's documents, each named in the outline. Every page gets "Page x of y"
(``core.pdf.numbering``).

The merged file is written as it is read (``core.pdf.writer``): one chunk is open at a
time, its objects are copied with their references renumbered, and it is closed before
the next is opened, so the merge holds one chunk in memory however long the document is
(holding every chunk's tag tree at once took 1.1 GB for 10,000 rows; docs/adr/0024).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from core.pdf.numbering import PageNumberFont, page_number_font
from core.pdf.writer import ObjectCopier, PdfWriter, pdf_name, pdf_string, ref

_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_LEAF = 256  # entries per leaf of the parent tree and the ID tree
_STAMP_FONT = "/RecusePageNumber"


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    keywords: str = ""
    language: str = "en-GB"


@dataclass(frozen=True)
class Attachment:
    """A PDF appended after the rendered pages, e.g. a paper in an agenda pack."""

    title: str
    path: Path


@dataclass(frozen=True)
class MergeResult:
    data: bytes
    pages: int
    skipped_attachments: tuple[str, ...]


def _open(source: bytes | Path) -> Pdf:
    return Pdf.open(source if isinstance(source, Path) else io.BytesIO(source))


def _number_tree_pairs(node: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    """(key, value) of a number tree, flat /Nums or with /Kids."""
    if "/Nums" in node:
        nums = node.Nums
        for index in range(0, len(nums) - 1, 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from _number_tree_pairs(kid)


def _tree(writer: PdfWriter, entries: Sequence[tuple[bytes, bytes]], kind: bytes) -> int:
    """A number tree (``kind`` /Nums) or name tree (/Names) of sorted (key, value) texts,
    in leaves of ``_LEAF`` entries under one root when there are more."""

    def node(part: Sequence[tuple[bytes, bytes]], limits: bool) -> bytes:
        items = b" ".join(key + b" " + value for key, value in part)
        bounds = b"/Limits[%s %s]" % (part[0][0], part[-1][0]) if limits else b""
        return b"<<%s[%s]%s>>" % (kind, items, bounds)

    if len(entries) <= _LEAF:
        return writer.add(node(entries, limits=False))
    leaves = [
        writer.add(node(entries[start : start + _LEAF], limits=True))
        for start in range(0, len(entries), _LEAF)
    ]
    return writer.add(b"<</Kids[%s]>>" % b" ".join(ref(leaf) for leaf in leaves))


class _StreamingMerge:
    def __init__(self, out: BinaryIO, numbers: PageNumberFont | None) -> None:
        self.writer = PdfWriter(out)
        self.numbers = numbers
        # Each page's "Page x of y" is written last, once y is known: (its number, MediaBox).
        self.stamps: list[tuple[int, tuple[float, float, float, float]]] = []
        self.pages_root = self.writer.reserve()
        self.struct_root = self.writer.reserve()
        self.document = self.writer.reserve()
        self.page_nodes: list[int] = []
        self.page_objects: list[int] = []
        self.sections: list[int] = []
        self.parent_tree: list[tuple[int, int]] = []
        self.identifiers: list[tuple[bytes, int]] = []
        self.role_map: bytes | None = None
        self.next_key = 0
        self.xmp: int | None = None
        self.version = (1, 7)
        self.font = self.begin = 0
        self.stamp_names: list[bytes] = []
        if numbers is not None:
            copier = ObjectCopier(self.writer, numbers.sample)
            self.font = copier.number(numbers.font)
            copier.flush()
            # Put before each page's own content: the number's stamp begins with its Q.
            self.begin = self.writer.add_stream([], b"q\n")

    def add(self, source: Pdf, *, tagged: bool) -> int:
        """Copy every page of ``source`` (and, if ``tagged``, its structure); returns the
        index of its first page in the merged document."""
        first = len(self.page_objects)
        version = tuple(int(part) for part in source.pdf_version.split(".")[:2])
        self.version = max(self.version, (version[0], version[1] if len(version) > 1 else 0))
        copier = ObjectCopier(self.writer, source)
        node = self.writer.reserve()
        pages_root = source.Root.Pages
        copier.alias(pages_root, node)
        offset = self.next_key
        highest = -1
        font = begin = None
        if self.numbers is not None:
            font = copier.placeholder(self.font)
            begin = copier.placeholder(self.begin)
        kids = []
        for page in source.pages:
            obj = page.obj
            self._push_inherited(obj)
            if obj.Parent.objgen != pages_root.objgen:
                obj.Parent = pages_root  # one node per source in the merged page tree
            for target in [obj, *obj.get("/Annots", Array())]:
                if not isinstance(target, Dictionary):
                    continue
                for key in ("/StructParents", "/StructParent"):
                    if key not in target:
                        continue
                    if tagged:
                        highest = max(highest, int(target[key]))
                        target[key] = int(target[key]) + offset
                    else:
                        # Their structure is not carried over, so neither are keys into it.
                        del target[key]
            if font is not None and begin is not None:
                self._stamp(copier, page, font, begin)
            number = copier.number(obj)
            kids.append(number)
            self.page_objects.append(number)
        self.writer.add(
            b"<</Type/Pages/Parent %s/Kids[%s]/Count %d>>"
            % (ref(self.pages_root), b" ".join(ref(k) for k in kids), len(kids)),
            node,
        )
        self.page_nodes.append(node)
        if tagged:
            self.next_key = offset + highest + 1
            self._add_structure(source, copier, offset)
            if self.xmp is None and "/Metadata" in source.Root:
                self.xmp = copier.number(source.Root.Metadata)
        copier.flush()
        self.identifiers.extend(copier.identifiers)
        return first

    @staticmethod
    def _push_inherited(page: pikepdf.Object) -> None:
        for key in _INHERITED:
            if key in page:
                continue
            parent = page.get("/Parent")
            while isinstance(parent, Dictionary):
                if key in parent:
                    page[key] = parent[key]
                    break
                parent = parent.get("/Parent")

    def _stamp(
        self, copier: ObjectCopier, page: pikepdf.Page, font: pikepdf.Object, begin: pikepdf.Object
    ) -> None:
        obj = page.obj
        resources = Dictionary(dict(obj.Resources.items())) if "/Resources" in obj else Dictionary()
        fonts = Dictionary(dict(resources.Font.items())) if "/Font" in resources else Dictionary()
        name = _STAMP_FONT
        while name in fonts:
            name += "X"
        fonts[name] = font
        resources.Font = fonts
        obj.Resources = resources
        box = [float(v) for v in page.mediabox]
        stamp = self.writer.reserve()
        self.stamps.append((stamp, (box[0], box[1], box[2], box[3])))
        self.stamp_names.append(name[1:].encode())
        contents = obj.get("/Contents")
        existing = list(contents) if isinstance(contents, Array) else [contents] if contents else []
        obj.Contents = Array([begin, *existing, copier.placeholder(stamp)])

    def _add_structure(self, source: Pdf, copier: ObjectCopier, offset: int) -> None:
        if "/StructTreeRoot" not in source.Root:
            return
        tree = source.Root.StructTreeRoot
        # The chunk's elements name its tree root as their parent: that is now our Document.
        copier.alias(tree, self.document)
        kids = tree.get("/K", Array())
        for kid in kids if isinstance(kids, Array) else [kids]:
            if not kid.is_indirect:
                kid = source.make_indirect(kid)
            if kid.get("/S") == Name.Document:
                kid.S = Name.Sect
            self.sections.append(copier.number(kid))
        if "/ParentTree" in tree:
            for key, value in _number_tree_pairs(tree.ParentTree):
                target = value if value.is_indirect else source.make_indirect(value)
                self.parent_tree.append((key + offset, copier.number(target)))
        if self.role_map is None and "/RoleMap" in tree:
            self.role_map = copier.value(tree.RoleMap)

    def finish(self, metadata: PdfMetadata, outline: Sequence[tuple[str, int]]) -> int:
        writer = self.writer
        total = len(self.page_objects)
        if self.numbers is not None:
            for page, ((stamp, box), name) in enumerate(
                zip(self.stamps, self.stamp_names, strict=True), start=1
            ):
                text = self.numbers.text(page, total)
                writer.add_stream([], self.numbers.stamp(name, text, box), stamp)
        writer.add(
            b"<</Type/Pages/Kids[%s]/Count %d>>"
            % (b" ".join(ref(n) for n in self.page_nodes), len(self.page_objects)),
            self.pages_root,
        )
        writer.add(
            b"<</Type/StructElem/S/Document/P %s/K[%s]>>"
            % (ref(self.struct_root), b" ".join(ref(s) for s in self.sections)),
            self.document,
        )
        parent_tree = _tree(
            writer, [(b"%d" % key, ref(n)) for key, n in sorted(self.parent_tree)], b"/Nums"
        )
        root = [
            b"/Type/StructTreeRoot/K[%s]/ParentTree %s/ParentTreeNextKey %d"
            % (ref(self.document), ref(parent_tree), self.next_key)
        ]
        if self.identifiers:
            names = [(pdf_string(k), ref(n)) for k, n in sorted(dict(self.identifiers).items())]
            root.append(b"/IDTree " + ref(_tree(writer, names, b"/Names")))
        if self.role_map is not None:
            root.append(b"/RoleMap " + self.role_map)
        writer.add(b"<<" + b"".join(root) + b">>", self.struct_root)
        catalog = [
            b"/Type/Catalog/Pages %s/StructTreeRoot %s/MarkInfo<</Marked true>>"
            b"/ViewerPreferences<</DisplayDocTitle true>>/Lang %s"
            % (ref(self.pages_root), ref(self.struct_root), pdf_string(metadata.language))
        ]
        if self.version > (1, 7):
            catalog.append(b"/Version " + pdf_name("/{}.{}".format(*self.version)))
        if self.xmp is not None:
            catalog.append(b"/Metadata " + ref(self.xmp))
        if outline:
            catalog.append(b"/Outlines " + ref(self._outline(outline)))
        info = writer.add(
            b"<</Title %s/Author %s/Subject %s/Keywords %s/Creator %s/Producer %s>>"
            % (
                pdf_string(metadata.title),
                pdf_string(metadata.author),
                pdf_string(metadata.subject),
                pdf_string(metadata.keywords),
                pdf_string("Recuse"),
                pdf_string("Recuse (WeasyPrint, qpdf)"),
            )
        )
        catalog_number = writer.add(b"<<" + b"".join(catalog) + b">>")
        writer.close(root=catalog_number, info=info)
        return len(self.page_objects)

    def _outline(self, items: Sequence[tuple[str, int]]) -> int:
        writer = self.writer
        outlines = writer.reserve()
        numbers = [writer.reserve() for _ in items]
        for index, ((title, page), number) in enumerate(zip(items, numbers, strict=True)):
            links = b""
            if index > 0:
                links += b"/Prev " + ref(numbers[index - 1])
            if index < len(numbers) - 1:
                links += b"/Next " + ref(numbers[index + 1])
            writer.add(
                b"<</Title %s/Parent %s%s/Dest[%s/Fit]>>"
                % (pdf_string(title), ref(outlines), links, ref(self.page_objects[page])),
                number,
            )
        writer.add(
            b"<</Type/Outlines/First %s/Last %s/Count %d>>"
            % (ref(numbers[0]), ref(numbers[-1]), len(numbers)),
            outlines,
        )
        return outlines


def _readable(path: Path) -> Pdf | None:
    """The paper, opened, if every object its pages need can be read; else None.

    Objects are written as they are copied and cannot be taken back, so a paper is read
    through once (into a writer that is thrown away) before it is appended.
    """
    try:
        source = Pdf.open(path)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError):
        return None
    try:
        trial = ObjectCopier(PdfWriter(io.BytesIO()), source)
        for page in source.pages:
            trial.number(page.obj)
        trial.flush()
        if len(source.pages):
            return source
    except (pikepdf.PdfError, OSError, TypeError):
        pass
    source.close()
    return None


def merge_pdfs(
    chunks: Sequence[bytes | Path],
    metadata: PdfMetadata,
    *,
    attachments: Sequence[Attachment] = (),
    number_pages: bool = True,
) -> MergeResult:
    """One PDF in memory: the chunks in order, then the attachments (see merge_pdfs_into)."""
    out = io.BytesIO()
    pages, skipped = merge_pdfs_into(
        out, chunks, metadata, attachments=attachments, number_pages=number_pages
    )
    return MergeResult(out.getvalue(), pages, skipped)


def merge_pdfs_into(
    out: BinaryIO,
    chunks: Sequence[bytes | Path],
    metadata: PdfMetadata,
    *,
    attachments: Sequence[Attachment] = (),
    number_pages: bool = True,
) -> tuple[int, tuple[str, ...]]:
    """Write one PDF to ``out`` as it is made: the chunks (bytes, or files read one at a
    time) in order, then the attachments, numbered "Page x of y" throughout. Returns the
    pages and the titles of attachments that could not be appended."""
    numbers = page_number_font() if number_pages else None
    skipped: list[str] = []
    try:
        merge = _StreamingMerge(out, numbers)
        for chunk in chunks:
            with _open(chunk) as source:
                merge.add(source, tagged=True)
        outline = []
        for attachment in attachments:
            paper = _readable(attachment.path)
            if paper is None:
                # A damaged or password-protected paper cannot be appended; the pack says so.
                skipped.append(attachment.title)
                continue
            with paper:
                outline.append((attachment.title, merge.add(paper, tagged=False)))
        pages = merge.finish(metadata, outline)
    finally:
        if numbers is not None:
            numbers.close()
    return pages, tuple(skipped)


def can_append(path: Path) -> bool:
    """Whether a stored PDF can be appended (opens, not password-protected)."""
    try:
        with Pdf.open(path) as pdf:
            return len(pdf.pages) > 0
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError):
        return False
