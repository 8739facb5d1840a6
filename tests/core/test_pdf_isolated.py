"""A chunk is rendered in a child process: the worker's memory does not grow with the
chunks it renders, and a child that fails says why and leaves no file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.pdf.isolated import ChunkRenderFailed, render_chunk_to_file
from core.pdf.memory import process_memory_mb
from tests.pdf import page_texts


def _register_html(rows: int, tag: str) -> str:
    body = "".join(
        f"<tr><td>{tag} member {n}</td><td>Partner, Practice {n}</td><td>1 April 2019</td></tr>"
        for n in range(rows)
    )
    return (
        "<html lang='en'><head><title>Register</title></head><body><table><thead><tr>"
        "<th>Name</th><th>Interest</th><th>From</th></tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )


def test_chunks_rendered_in_a_child_leave_the_workers_memory_as_it_was(tmp_path: Path) -> None:
    render_chunk_to_file(
        _register_html(5, "warm"), tmp_path / "warm.pdf", base_url=".", id_prefix="w-"
    )
    before = process_memory_mb("VmRSS")
    rendered = [
        render_chunk_to_file(
            _register_html(400, f"chunk{index}"),
            tmp_path / f"chunk-{index}.pdf",
            base_url=".",
            id_prefix=f"c{index}-",
        )
        for index in range(3)
    ]
    # Rendered here instead, the first 400-row chunk alone adds about 25 MB.
    assert process_memory_mb("VmRSS") - before < 5
    for index, chunk in enumerate(rendered):
        texts = page_texts((tmp_path / f"chunk-{index}.pdf").read_bytes())
        assert chunk.pages == len(texts) > 1
        assert f"chunk{index} member 0" in texts[0] and f"chunk{index} member 399" in texts[-1]
        assert chunk.peak_mb > 0


def test_a_child_that_cannot_render_says_why_and_writes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the chunk's folder should be")
    target = blocked / "chunk-0.pdf"
    with pytest.raises(ChunkRenderFailed, match="chunk-0.pdf"):
        render_chunk_to_file(_register_html(3, "x"), target, base_url=".", id_prefix="c0-")
    assert not target.exists()


def test_without_fork_the_chunk_is_rendered_in_the_process(tmp_path: Path, settings: Any) -> None:
    settings.PDF_RENDER_IN_CHILD = False
    target = tmp_path / "chunk.pdf"
    rendered = render_chunk_to_file(_register_html(3, "here"), target, base_url=".", id_prefix="c-")
    assert rendered.pages == 1 and "here member 2" in page_texts(target.read_bytes())[0]
