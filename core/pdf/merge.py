"""Merging rendered chunks (and appended PDF papers) into one tagged PDF.

Large documents are rendered in chunks (one WeasyPrint pass over 10,000 rows takes more
than a gigabyte); each chunk is a tagged PDF of its own. Merging keeps every chunk's
structure tree: each chunk's ``Document`` element becomes a ``Sect`` of one new
``Document``, and the parent-tree keys are offset so that every page's marked content
still points at its structure elements. Pages of appended papers are added untagged:
they are other people's documents, each named in the outline.

The merge uses pikepdf (qpdf): copying a structure tree object by object with pypdf
took 9 s for 600 table rows, qpdf does it in under a second (docs/adr/0020).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from core.pdf.numbering import stamp_page_numbers


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


def _number_tree_pairs(node: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    """(key, value) of a number tree, flat /Nums or with /Kids."""
    if "/Nums" in node:
        nums = node.Nums
        for index in range(0, len(nums) - 1, 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from _number_tree_pairs(kid)


class _TaggedMerger:
    def __init__(self) -> None:
        self.pdf = pikepdf.new()
        self.sources: list[Pdf] = []  # kept open: qpdf copies stream data when saving
        self.document = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array())
        )
        self.nums = Array()
        self.tree = self.pdf.make_indirect(
            Dictionary(
                Type=Name.StructTreeRoot,
                K=Array([self.document]),
                ParentTree=self.pdf.make_indirect(Dictionary(Nums=self.nums)),
            )
        )
        self.document.P = self.tree
        self.next_key = 0
        self.xmp: object | None = None

    def _copy(self, value: object) -> object:
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            return self.pdf.copy_foreign(value)
        if isinstance(value, Array):
            return Array([self._copy(item) for item in value])
        return value

    def add_tagged(self, data: bytes | Path) -> None:
        source = Pdf.open(data if isinstance(data, Path) else io.BytesIO(data))
        self.sources.append(source)
        offset = self.next_key
        highest = -1
        first = len(self.pdf.pages)
        self.pdf.pages.extend(source.pages)
        for page in self.pdf.pages[first:]:
            targets = [page.obj, *page.obj.get("/Annots", Array())]
            for target in targets:
                for key in ("/StructParents", "/StructParent"):
                    if key in target:
                        highest = max(highest, int(target[key]))
                        target[key] = int(target[key]) + offset
        self.next_key = offset + highest + 1
        root = source.Root
        if self.xmp is None and "/Metadata" in root:
            self.xmp = self.pdf.copy_foreign(root.Metadata)
        if "/StructTreeRoot" not in root:
            return
        tree = root.StructTreeRoot
        kids = tree.get("/K", Array())
        for kid in kids if isinstance(kids, Array) else [kids]:
            # Children point at this element through /P, so the copy maps them onto its
            # copy; /Pg points at pages already copied, so those copies are reused.
            del kid.P
            element = self.pdf.copy_foreign(kid)
            element.P = self.document
            if element.get("/S") == Name.Document:
                element.S = Name.Sect
            self.document.K.append(element)
        if "/ParentTree" in tree:
            for number, value in _number_tree_pairs(tree.ParentTree):
                self.nums.append(number + offset)
                self.nums.append(self._copy(value))

    def add_untagged(self, path: Path) -> int:
        source = Pdf.open(path)
        self.sources.append(source)
        first = len(self.pdf.pages)
        self.pdf.pages.extend(source.pages)
        for page in self.pdf.pages[first:]:
            # Their structure is not carried over, so neither are keys into it.
            for key in ("/StructParents",):
                if key in page.obj:
                    del page.obj[key]
        return first

    def finish(self, metadata: PdfMetadata) -> None:
        root = self.pdf.Root
        root.StructTreeRoot = self.tree
        root.MarkInfo = Dictionary(Marked=True)
        root.Lang = pikepdf.String(metadata.language)
        root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        if self.xmp is not None:
            root.Metadata = self.xmp
        info = self.pdf.docinfo
        info.Title = metadata.title
        info.Author = metadata.author
        info.Subject = metadata.subject
        info.Keywords = metadata.keywords
        info.Creator = "Recuse"
        info.Producer = "Recuse (WeasyPrint, qpdf)"

    def close(self) -> None:
        for source in self.sources:
            source.close()
        self.pdf.close()


def merge_pdfs(
    chunks: Sequence[bytes | Path],
    metadata: PdfMetadata,
    *,
    attachments: Sequence[Attachment] = (),
    number_pages: bool = True,
) -> MergeResult:
    """One PDF: the chunks (bytes, or files read as needed) in order, then the attachments,
    numbered "Page x of y" throughout."""
    merger = _TaggedMerger()
    try:
        for chunk in chunks:
            merger.add_tagged(chunk)
        skipped = []
        outline: list[tuple[str, int]] = []
        for attachment in attachments:
            try:
                first = merger.add_untagged(attachment.path)
            except (pikepdf.PdfError, pikepdf.PasswordError, OSError):
                # A damaged or password-protected paper cannot be appended; the pack says so.
                skipped.append(attachment.title)
                continue
            outline.append((attachment.title, first))
        if outline:
            with merger.pdf.open_outline() as tree:
                tree.root.extend(pikepdf.OutlineItem(title, page) for title, page in outline)
        if number_pages:
            overlay = stamp_page_numbers(merger.pdf)
            if overlay is not None:
                merger.sources.append(overlay)
        merger.finish(metadata)
        out = io.BytesIO()
        merger.pdf.save(out)
        return MergeResult(out.getvalue(), len(merger.pdf.pages), tuple(skipped))
    finally:
        merger.close()


def can_append(path: Path) -> bool:
    """Whether a stored PDF can be appended (opens, not password-protected)."""
    try:
        with Pdf.open(path) as pdf:
            return len(pdf.pages) > 0
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError):
        return False
