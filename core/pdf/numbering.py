""" "Page x of y" across a merged document.

Chunks are rendered separately, so none knows its place in the whole. Once merged, one
small WeasyPrint document with a page of the same size for every page says "Page x of
y" in its bottom-right margin box; each of its pages becomes a form XObject drawn on the
matching page, marked as an artifact (page furniture, not content, for screen readers).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf
from pikepdf import Dictionary, Name, Pdf

from core.pdf.render import html_to_pdf

STAMP = Name("/RecusePageNumber")


def _overlay_html(sizes: Sequence[tuple[float, float]]) -> str:
    kinds = {size: index for index, size in enumerate(dict.fromkeys(sizes))}
    rules = "\n".join(
        f"@page s{index} {{ size: {width:.3f}pt {height:.3f}pt; }}\n.s{index} {{ page: s{index}; }}"
        for (width, height), index in kinds.items()
    )
    pages = "".join(f'<div class="s{kinds[size]}"></div>' for size in sizes)
    return f"""<!doctype html><html lang="en"><head><style>
@page {{ margin: 0 12mm 7mm 12mm;
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages);
    font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 8.5pt;
    color: #212b32; vertical-align: middle; }} }}
{rules}
div {{ break-after: page; height: 1px; }}
div:last-child {{ break-after: auto; }}
</style></head><body>{pages}</body></html>"""


def _stamp(pdf: Pdf, page: pikepdf.Page, form: pikepdf.Object) -> None:
    # Pages may share one resources dictionary: give this page its own shallow copy.
    resources = (
        Dictionary(dict(page.obj.Resources.items())) if "/Resources" in page.obj else Dictionary()
    )
    xobjects = (
        Dictionary(dict(resources.XObject.items())) if "/XObject" in resources else Dictionary()
    )
    xobjects[STAMP] = form
    resources.XObject = xobjects
    page.obj.Resources = resources
    box = page.mediabox
    left, bottom = float(box[0]), float(box[1])
    # The page's own content may leave the graphics state changed: wrap it in q ... Q.
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    draw = f"\nQ\n/Artifact BMC q 1 0 0 1 {left:.3f} {bottom:.3f} cm {STAMP} Do Q EMC\n"
    page.contents_add(pikepdf.Stream(pdf, draw.encode()), prepend=False)


def stamp_page_numbers(pdf: Pdf) -> Pdf | None:
    """Stamp every page; returns the overlay, which must stay open until ``pdf`` is saved
    (qpdf copies stream data from it when saving)."""
    pages = list(pdf.pages)
    if not pages:
        return None
    sizes = [
        (float(p.mediabox[2]) - float(p.mediabox[0]), float(p.mediabox[3]) - float(p.mediabox[1]))
        for p in pages
    ]
    overlay = Pdf.open(io.BytesIO(html_to_pdf(_overlay_html(sizes), tagged=False)))
    for page, overlay_page in zip(pages, overlay.pages, strict=True):
        form = overlay.make_indirect(overlay_page.as_form_xobject())
        _stamp(pdf, page, pdf.copy_foreign(form))
    return overlay
