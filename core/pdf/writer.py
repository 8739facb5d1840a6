"""Writing a PDF object by object, so that a document of any length is written in the
memory of one of its parts.

``PdfWriter`` appends numbered objects to a binary file: dictionaries and arrays are
packed into compressed object streams, streams are written as they come, and a
compressed cross-reference stream closes the file (PDF 1.5 and later). ``ObjectCopier``
copies what is reachable from chosen objects of one source PDF (opened with pikepdf) into
the writer, renumbering every reference; once its source is closed nothing of it stays in
memory. qpdf serialises each object (``unparse``); only the references in that text are
rewritten here, which is safe because qpdf writes every string either in hexadecimal or
with its parentheses escaped, so ``n g R`` outside a string is always a reference.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections.abc import Iterable
from decimal import Decimal
from typing import BinaryIO

import pikepdf

# A literal string (parentheses inside are escaped by qpdf), a hexadecimal string, or a
# reference: only the last is rewritten.
_TOKEN = re.compile(rb"\((?:[^\\)]|\\.)*\)|<[0-9A-Fa-f]*>|(\d+) (\d+) R", re.DOTALL)
_ID_KEY = re.compile(rb"/ID[ (<]")
_OBJECTS_PER_STREAM = 200
_COMPRESSED = 1  # type 2 entries: in an object stream
_DIRECT = 0  # type 1 entries: at a byte offset


class PdfWriter:
    """Appends objects to ``out`` and finishes it with a cross-reference stream."""

    def __init__(self, out: BinaryIO, version: str = "1.7") -> None:
        self._out = out
        self._position = 0
        self._digest = hashlib.md5(usedforsecurity=False)
        # Per object number: where it is. Kind, then offset or (object stream, index).
        self._kinds = array("b", [-1])
        self._first = array("q", [0])
        self._second = array("l", [0])
        self._pending: list[tuple[int, bytes]] = []
        self._emit(f"%PDF-{version}\n".encode() + b"%\xe2\xe3\xcf\xd3\n")

    @property
    def size(self) -> int:
        return len(self._kinds)

    def _emit(self, data: bytes) -> None:
        self._out.write(data)
        self._digest.update(data)
        self._position += len(data)

    def reserve(self) -> int:
        """A number for an object written later (references to it may be written first)."""
        self._kinds.append(-1)
        self._first.append(0)
        self._second.append(0)
        return len(self._kinds) - 1

    def add(self, body: bytes, number: int | None = None) -> int:
        """A dictionary, array or other non-stream object (``body`` is its PDF text)."""
        if number is None:
            number = self.reserve()
        self._pending.append((number, body))
        if len(self._pending) >= _OBJECTS_PER_STREAM:
            self._flush()
        return number

    def add_stream(
        self, dictionary: Iterable[tuple[bytes, bytes]], data: bytes, number: int | None = None
    ) -> int:
        """A stream: ``dictionary`` is its (key, value) pairs without ``/Length``."""
        if number is None:
            number = self.reserve()
        entries = b"".join(key + b" " + value for key, value in dictionary)
        self._direct(
            number,
            b"<<" + entries + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream",
        )
        return number

    def _direct(self, number: int, body: bytes) -> None:
        self._kinds[number] = _DIRECT
        self._first[number] = self._position
        self._emit(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def _flush(self) -> None:
        if not self._pending:
            return
        stream = self.reserve()
        offsets = []
        bodies = []
        position = 0
        for index, (number, body) in enumerate(self._pending):
            self._kinds[number] = _COMPRESSED
            self._first[number] = stream
            self._second[number] = index
            offsets.append(b"%d %d" % (number, position))
            bodies.append(body)
            position += len(body) + 1
        header = b" ".join(offsets) + b"\n"
        data = zlib.compress(header + b"\n".join(bodies) + b"\n", 6)
        self._direct(
            stream,
            b"<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
            % (len(self._pending), len(header), len(data))
            + data
            + b"\nendstream",
        )
        self._pending = []

    def close(self, *, root: int, info: int) -> None:
        """Write what is pending and the cross-reference stream (which is also the trailer)."""
        self._flush()
        missing = [n for n in range(1, self.size) if self._kinds[n] == -1]
        for number in missing:  # reserved and never written: say so in the file, not silently
            self._direct(number, b"null")
        identifier = self._digest.hexdigest().encode()
        xref = self.reserve()
        self._kinds[xref] = _DIRECT
        self._first[xref] = self._position
        width = 4 if self._position < 2**32 else 8
        rows = bytearray()
        for number in range(self.size):
            kind = self._kinds[number]
            if number == 0:
                rows += b"\x00" + (0).to_bytes(width, "big") + b"\xff\xff"
            elif kind == _COMPRESSED:
                rows += (
                    b"\x02"
                    + self._first[number].to_bytes(width, "big")
                    + self._second[number].to_bytes(2, "big")
                )
            else:
                rows += b"\x01" + self._first[number].to_bytes(width, "big") + b"\x00\x00"
        data = zlib.compress(bytes(rows), 6)
        self._emit(
            b"%d 0 obj\n<</Type/XRef/Size %d/W[1 %d 2]/Root %d 0 R/Info %d 0 R"
            b"/ID[<%s><%s>]/Filter/FlateDecode/Length %d>>\nstream\n"
            % (xref, self.size, width, root, info, identifier, identifier, len(data))
            + data
            + b"\nendstream\nendobj\n"
        )
        self._emit(b"startxref\n%d\n%%%%EOF\n" % self._first[xref])


def ref(number: int) -> bytes:
    return b"%d 0 R" % number


def pdf_string(text: str | bytes) -> bytes:
    return pikepdf.String(text).unparse()


def pdf_name(name: str) -> bytes:
    return pikepdf.Name(name).unparse()


class ObjectCopier:
    """Copies objects of one source PDF into a ``PdfWriter``, renumbering references.

    ``alias`` makes references to a source object point at an object of the output
    instead (the source's page-tree root becomes a node of the merged page tree; a
    placeholder created in the source stands for an object already written). Objects are
    written when ``flush`` is called, each once, with everything they refer to.
    """

    def __init__(self, writer: PdfWriter, source: pikepdf.Pdf) -> None:
        self.writer = writer
        self.source = source
        self._numbers: dict[tuple[int, int], int] = {}
        self._rewritten: dict[bytes, bytes] = {}  # "12 0 R" -> "345 0 R", once known
        self._queue: list[tuple[int, int]] = []
        # Structure elements with an identifier (for the IDTree): (identifier, number).
        self.identifiers: list[tuple[bytes, int]] = []

    def alias(self, obj: pikepdf.Object, number: int) -> None:
        self._numbers[obj.objgen] = number

    def placeholder(self, number: int) -> pikepdf.Object:
        """A source object that stands for output object ``number``."""
        stand_in = self.source.make_indirect(pikepdf.Dictionary())
        self.alias(stand_in, number)
        return stand_in

    def number(self, obj: pikepdf.Object) -> int:
        """The output number of an indirect source object (queued to be written)."""
        return self._number_of(obj.objgen)

    def _number_of(self, objgen: tuple[int, int]) -> int:
        number = self._numbers.get(objgen)
        if number is None:
            number = self._numbers[objgen] = self.writer.reserve()
            self._queue.append(objgen)
        return number

    def _rewrite(self, match: re.Match[bytes]) -> bytes:
        text = match.group(0)
        done = self._rewritten.get(text)
        if done is None:
            if match.group(1) is None:
                return text  # a string
            number = self._number_of((int(match.group(1)), int(match.group(2))))
            done = self._rewritten[text] = b"%d 0 R" % number
        return done

    def value(self, value: object) -> bytes:
        """PDF text of a value (a direct or indirect pikepdf object, or a Python scalar)."""
        if isinstance(value, pikepdf.Object):
            if value.is_indirect:
                return b"%d 0 R" % self.number(value)
            return _TOKEN.sub(self._rewrite, value.unparse(resolved=True))
        if isinstance(value, bool):
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, Decimal | float):
            return format(value, "f").encode()
        if value is None:
            return b"null"
        raise TypeError(f"cannot write {type(value).__name__} in a PDF")

    def flush(self) -> None:
        while self._queue:
            objgen = self._queue.pop()
            number = self._numbers[objgen]
            obj = self.source.get_object(objgen)
            if obj._type_code == pikepdf.ObjectType.stream:
                pairs = [
                    (pdf_name(key), self.value(item))
                    for key, item in obj.stream_dict.items()
                    if key != "/Length"
                ]
                self.writer.add_stream(pairs, obj.read_raw_bytes(), number)
                continue
            body = _TOKEN.sub(self._rewrite, obj.unparse(resolved=True))
            if _ID_KEY.search(body) and isinstance(obj, pikepdf.Dictionary):
                identifier = obj.get("/ID")
                if isinstance(identifier, pikepdf.String) and obj.get("/Type") == "/StructElem":
                    self.identifiers.append((bytes(identifier), number))
            self.writer.add(body, number)
