"""Writing files so that a reader never sees half of one.

A worker killed mid-write leaves at most a temporary file (named ``.*.part``), never a
file under the final name: the bytes go to a temporary file in the same folder, are
flushed to disk, and the temporary file is renamed, which is atomic on one filesystem.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PART_SUFFIX = ".part"


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through: it appears under its name, whole, only when the
    block ends without an error (a large document is written as it is made, never held
    in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=PART_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    with atomic_file(path) as out:
        out.write(data)


def remove_partial_files(folder: Path) -> int:
    """Temporary files left by a worker that was killed; a retry calls this first."""
    if not folder.is_dir():
        return 0
    removed = 0
    for leftover in folder.glob(f".*{PART_SUFFIX}"):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
