"""Small server-rendered SVG pictures of chains: boxes joined by labelled arrows, top to
bottom (so they fit a phone), one column per chain.

Accessible by construction: ``role="img"`` named by its ``<title>`` and described by its
``<desc>`` (the same chain in words); the text chain is always printed beside the picture
too, so nothing is only in the picture. No script, no external fonts, colours from the NHS
palette with text contrast above 4.5:1. Everything is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT_SIZE = 13
CHAR_WIDTH = 7.2  # an average glyph at FONT_SIZE in the page's sans-serif
BOX_HEIGHT = 28
GAP = 30  # between two boxes, where the arrow and its label go
COLUMN_GAP = 24
PADDING = 10
# NHS palette: dark text on pale fills; the person dark blue on white.
FILLS = {
    "person": ("#005eb8", "#ffffff"),
    "interest": ("#e8edee", "#212b32"),
    "organisation": ("#ffffff", "#212b32"),
    "lot": ("#fff9c4", "#212b32"),
    "item": ("#d5281b", "#ffffff"),
}
_ids = itertools.count(1)


@dataclass(frozen=True)
class Node:
    label: str
    kind: str = "organisation"  # person, interest, organisation, lot, item


@dataclass(frozen=True)
class Link:
    """The arrow from one node to the next, e.g. "member of"."""

    label: str


Step = Node | Link


def _width(text: str) -> float:
    return len(text) * CHAR_WIDTH + 2 * PADDING


def _column(steps: Sequence[Step], x: float, width: float) -> tuple[list[str], float]:
    parts: list[str] = []
    y = 0.0
    for step in steps:
        if isinstance(step, Node):
            fill, ink = FILLS.get(step.kind, FILLS["organisation"])
            parts.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{width:.0f}" height="{BOX_HEIGHT}" '
                f'rx="4" fill="{fill}" stroke="#425563"/>'
                f'<text x="{x + PADDING:.0f}" y="{y + 19:.0f}" fill="{ink}">'
                f"{escape(step.label)}</text>"
            )
            y += BOX_HEIGHT
        else:
            middle = x + 16
            parts.append(
                f'<line x1="{middle:.0f}" y1="{y:.0f}" x2="{middle:.0f}" y2="{y + GAP - 4:.0f}" '
                f'stroke="#425563" stroke-width="1.5" marker-end="url(#{{arrow}})"/>'
                f'<text x="{middle + 10:.0f}" y="{y + GAP / 2 + 4:.0f}" fill="#4c6272" '
                f'font-style="italic">{escape(step.label)}</text>'
            )
            y += GAP
    return parts, y


def chain_svg(columns: Sequence[Sequence[Step]], *, title: str, description: str) -> SafeString:
    """One column per chain, each alternating Node, Link, Node, ..."""
    uid = next(_ids)
    arrow = f"chain-arrow-{uid}"
    body: list[str] = []
    x = 0.0
    height = 0.0
    for steps in columns:
        labels = [s.label for s in steps if isinstance(s, Node)]
        links = [s.label for s in steps if isinstance(s, Link)]
        width = max([_width(t) for t in labels] + [40 + _width(t) for t in links] + [60])
        parts, column_height = _column(steps, x, width)
        body += [p.replace("{arrow}", arrow) for p in parts]
        x += width + COLUMN_GAP
        height = max(height, column_height)
    total_width = max(x - COLUMN_GAP, 1)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="recuse-chain-svg" role="img" '
        f'aria-labelledby="chain-title-{uid} chain-desc-{uid}" '
        f'width="{total_width:.0f}" height="{height + 2:.0f}" '
        f'viewBox="-1 -1 {total_width + 2:.0f} {height + 4:.0f}" '
        f'font-family="Frutiger W01, Arial, sans-serif" font-size="{FONT_SIZE}">'
        f'<title id="chain-title-{uid}">{escape(title)}</title>'
        f'<desc id="chain-desc-{uid}">{escape(description)}</desc>'
        f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#425563"/>'
        f"</marker></defs>" + "".join(body) + "</svg>"
    )
    # Every text in it is escaped above.
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703
