"""Rendering one chunk in a short-lived child process, so that a worker never grows.

A worker renders chunk after chunk. WeasyPrint's caches and the allocator's fragments stay
behind in the process: rendering the 48 chunks of the full register at ``seed_scale`` size,
one worker crept from 183 to 211 MB even with ``release_memory`` after each chunk, and
peaked at 264-287 MB against the 250 MB target. Here each chunk is rendered by a child
forked from the worker: it starts with the worker's pages (shared, copied only if written),
lays the chunk out, writes the file and exits, and everything it allocated goes back to the
system with it. The worker stays as it started, however many chunks it renders.

The child only turns HTML into PDF bytes and writes one file: it never touches the
database, the broker or a logger, and it leaves by ``os._exit`` so that nothing inherited
(database and broker connections, atexit handlers) is closed or flushed on its way out.
Where ``os.fork`` does not exist, or ``PDF_RENDER_IN_CHILD`` is off, the chunk is rendered
in the process itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings

from core.pdf.files import atomic_write
from core.pdf.memory import process_memory_mb, release_memory
from core.pdf.render import html_to_pdf, page_count


class ChunkRenderFailed(RuntimeError):
    """The child could not render the chunk; the message says why."""


@dataclass(frozen=True)
class RenderedChunk:
    pages: int
    # The peak resident memory of the process that rendered it, in MB. For a child this
    # counts the pages it shares with the worker, so it is the most the pair could use.
    peak_mb: float


def _render(html: str, target: Path, base_url: str, id_prefix: str) -> dict[str, Any]:
    data = html_to_pdf(html, base_url=base_url, id_prefix=id_prefix)
    atomic_write(target, data)
    return {"pages": page_count(data), "peak_mb": process_memory_mb("VmHWM")}


def _child(report_to: int, html: str, target: Path, base_url: str, id_prefix: str) -> NoReturn:
    code = 1
    try:
        try:
            report = _render(html, target, base_url, id_prefix)
            code = 0
        except BaseException as error:  # noqa: BLE001 - reported to the worker, which raises
            report = {"error": f"{type(error).__name__}: {error}"[:500]}
        with os.fdopen(report_to, "wb") as pipe:
            pipe.write(json.dumps(report).encode())
    finally:
        os._exit(code)


def _in_child(html: str, target: Path, base_url: str, id_prefix: str) -> RenderedChunk:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(write_end, html, target, base_url, id_prefix)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        report = json.loads(answer) if answer else {}
    except ValueError:
        report = {}
    if os.waitstatus_to_exitcode(status) != 0 or "pages" not in report:
        reason = report.get("error") or f"the rendering process ended with status {status}"
        raise ChunkRenderFailed(f"Could not render {target.name}: {reason}")
    return RenderedChunk(pages=int(report["pages"]), peak_mb=float(report["peak_mb"]))


def render_chunk_to_file(
    html: str, target: Path, *, base_url: str, id_prefix: str
) -> RenderedChunk:
    """Render ``html`` to the PDF file ``target`` (written whole or not at all)."""
    if settings.PDF_RENDER_IN_CHILD and hasattr(os, "fork"):
        return _in_child(html, target, base_url, id_prefix)
    report = _render(html, target, base_url, id_prefix)
    release_memory()
    return RenderedChunk(pages=report["pages"], peak_mb=report["peak_mb"])
