"""Small server-rendered SVG charts: a bar per period, drawn without JavaScript.

A chart is an image with a text alternative (``role="img"``, a ``<title>`` and a
``<desc>`` naming every value), and the page shows the same figures as a table, so nothing
is known only by looking at the bars. Every text is escaped here; the result is safe to
place in a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
HEIGHT = 220
_LEFT = 36  # room for the scale
_BOTTOM = 28  # room for the labels
_TOP = 12
# NHS.UK blue and dark grey: 4.5:1 against white, so the bars pass non-text contrast.
BAR_COLOUR = "#005eb8"
TEXT_COLOUR = "#212b32"


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "Jan"
    value: int
    long_label: str = ""  # e.g. "January 2026", for the description

    @property
    def spoken(self) -> str:
        return self.long_label or self.label


def _scale_top(values: Sequence[int]) -> int:
    top = max([*values, 1])
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top <= step * 4:
            return -(-top // step) * step
    return top


def bar_chart(*, chart_id: str, title: str, bars: Sequence[Bar], unit: str = "") -> SafeString:
    """An accessible bar chart: ``chart_id`` must be unique on the page."""
    top = _scale_top([b.value for b in bars])
    plot_height = HEIGHT - _TOP - _BOTTOM
    slot = (WIDTH - _LEFT) / max(len(bars), 1)
    bar_width = max(slot * 0.6, 2)
    described = "; ".join(f"{b.spoken}: {b.value}{' ' + unit if unit else ''}" for b in bars)
    shapes = []
    for index, bar in enumerate(bars):
        height = plot_height * bar.value / top
        x = _LEFT + index * slot + (slot - bar_width) / 2
        y = _TOP + plot_height - height
        shapes.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                f"{x + bar_width / 2:.1f}",
                f"{HEIGHT - _BOTTOM + 16}",
                bar.label,
                f"{max(y - 3, 10):.1f}",
                str(bar.value) if bar.value else "",
            )
        )
    bars_svg = format_html_join(
        "",
        '<rect x="{0}" y="{1}" width="{2}" height="{3}" fill="' + BAR_COLOUR + '"></rect>'
        '<text x="{4}" y="{5}" text-anchor="middle">{6}</text>'
        '<text x="{4}" y="{7}" text-anchor="middle">{8}</text>',
        shapes,
    )
    axis_y = _TOP + plot_height
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        'viewBox="0 0 {width} {height}" width="100%" '
        'aria-labelledby="{id}-title {id}-desc" focusable="false" '
        'font-family="Frutiger W01, Arial, sans-serif" font-size="12" fill="{text}">'
        '<title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>'
        '<line x1="{left}" y1="{axis_y}" x2="{width}" y2="{axis_y}" stroke="{text}"></line>'
        '<text x="{label_x}" y="{top_y}" text-anchor="end">{top}</text>'
        '<text x="{label_x}" y="{axis_y}" text-anchor="end">0</text>'
        "{bars}</svg>",
        width=WIDTH,
        height=HEIGHT,
        id=chart_id,
        text=TEXT_COLOUR,
        title=title,
        desc=described or "No figures",
        left=_LEFT,
        axis_y=axis_y,
        label_x=_LEFT - 4,
        top_y=_TOP + 4,
        top=top,
        bars=bars_svg,
    )
