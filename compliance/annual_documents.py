"""The annual attestation and the annual audit pack as PDFs (``core.documents`` renders them
on Celery, stores them with a reference and SHA-256, and verifies them like every PDF).

The pack is built for its requester from the same builders as each register's own PDF, so
every part holds exactly what that reader may read: someone without the full register gets
the published one, and a withheld entry's text never reaches them. The zip of CSVs is made
from the same content (``pack_csv_files``), so the two never disagree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.text import slugify

from compliance.models import Attestation
from compliance.selectors.attestations import attestation_for_user, current_attestation
from compliance.selectors.dashboard import VIEW_DASHBOARD, ComplianceFigures, compliance_figures
from compliance.selectors.pack_meetings import MEETING_COLUMNS, meeting_conflict_rows
from core.csv_export import safe_cell
from core.documents.content import DocumentContent, Section, Table
from core.documents.kinds import DocumentKind, document_kind, register_document_kind

ATTESTATION = "compliance.attestation"
AUDIT_PACK = "compliance.audit_pack"

# Each register's own document, and the published one for a reader without the full one.
_REGISTERS = (
    ("interests.full_register", "interests.published_register"),
    ("interests.gifts_register", "interests.gifts_published"),
    ("procurements.full_register", "procurements.published_register"),
)


def _check(user: Any) -> None:
    if not user.has_perm(VIEW_DASHBOARD):
        raise PermissionDenied("Only the Conflicts Guardian and auditors read this.")


def _year(params: Mapping[str, str]) -> int:
    try:
        year = int(params.get("year", ""))
    except ValueError:
        raise Http404("No such year") from None
    if not 2000 <= year <= 2100:
        raise Http404("No such year")
    return year


def _evidence_table(rows: list[dict[str, str]], caption: str) -> Table:
    return Table(
        caption=caption,
        columns=["Figure", "Value", "What it counts"],
        rows=[[r["label"], r["figure"], r["hint"]] for r in rows],
        widths=[6, 3, 8],
    )


def _attestation_sections(attestation: Attestation) -> list[Section]:
    return [
        Section(html=render_to_string("compliance/pdf/attestation.html", {"a": attestation})),
        Section(table=_evidence_table(attestation.evidence, "The evidence, as signed")),
    ]


def attestation(user: Any, params: Mapping[str, str]) -> DocumentContent:
    _check(user)
    try:
        pk = int(params.get("attestation", ""))
    except ValueError:
        raise Http404("No such attestation") from None
    signed = attestation_for_user(user, pk)
    return DocumentContent(
        title=f"Conflicts of Interest Guardian's attestation for {signed.year}",
        subtitle=f"{signed.reference}, signed by {signed.signed_name}",
        sections=_attestation_sections(signed),
        filename=f"attestation-{signed.year}-v{signed.version}",
    )


def _figure_sections(figures: ComplianceFigures) -> list[Section]:
    sections = [
        Section(
            table=Table(
                caption=f"Compliance figures, {figures.period.year}",
                columns=["Figure", "Value", "What it counts"],
                rows=[[f.label, f.summary, f.hint] for f in figures.figures],
                widths=[6, 3, 8],
            )
        )
    ]
    for figure in figures.figures:
        if figure.behind:
            sections.append(
                Section(
                    table=Table(
                        caption=f"{figure.label}: {figure.behind_heading.lower()}",
                        columns=["Name", "Group", "Detail"],
                        rows=[[b.name, b.group, b.detail] for b in figure.behind],
                        widths=[4, 4, 9],
                    )
                )
            )
    return sections


def _register_sections(user: Any, params: Mapping[str, str]) -> list[Section]:
    sections: list[Section] = []
    for full, published in _REGISTERS:
        try:
            content = document_kind(full).build(user, {})
        except PermissionDenied:
            content = document_kind(published).build(user, {})
        sections.append(Section(html=format_html("<h2>{}</h2>", content.title)))
        sections += content.sections
    breaches = document_kind("compliance.breaches_register").build(
        user, {"year": params.get("year", "")}
    )
    sections.append(
        Section(html=format_html("<h2>{}, {}</h2>", breaches.title, params.get("year")))
    )
    sections += breaches.sections
    return sections


def audit_pack(user: Any, params: Mapping[str, str]) -> DocumentContent:
    _check(user)
    year = _year(params)
    figures = compliance_figures(year, trends=False)
    signed = current_attestation(year)
    meetings = meeting_conflict_rows(user, figures.period)
    intro = render_to_string(
        "compliance/pdf/pack_intro.html",
        {"year": year, "organisation": settings.ORGANISATION_NAME, "attestation": signed},
    )
    sections = [Section(html=intro), *_figure_sections(figures)]
    sections.append(Section(html="<h2>The Guardian's attestation</h2>"))
    if signed is None:
        sections.append(Section(html=format_html("<p>No attestation is signed for {}.</p>", year)))
    else:
        sections += _attestation_sections(signed)
    sections.append(
        Section(
            table=Table(
                caption=f"Meetings with conflicts in {year}, and how each was managed",
                columns=MEETING_COLUMNS,
                rows=meetings,
                widths=[5, 5, 4, 8, 6, 2, 2, 2],
            )
        )
    )
    sections += _register_sections(user, {"year": str(year)})
    return DocumentContent(
        title=f"Annual audit pack: conflicts of interest, {year}",
        subtitle="The registers, the compliance figures, every meeting with conflicts and how "
        "each was managed, the procurement decisions, breaches, training and the "
        "Guardian's attestation. Restricted: for internal audit.",
        landscape=True,
        filters=[("Year", str(year))],
        sections=sections,
        filename=f"audit-pack-{year}",
    )


def pack_csv_files(content: DocumentContent) -> list[tuple[str, str]]:
    """(file name, CSV text) for every table in the pack, in order."""
    files = []
    for index, section in enumerate(s for s in content.sections if s.table is not None):
        table = section.table
        assert table is not None  # nosec B101: filtered above
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(table.columns)
        writer.writerows([safe_cell(cell) for cell in row] for row in table.rows)
        name = slugify(table.caption)[:70] or "table"
        files.append((f"{index + 1:02d}-{name}.csv", buffer.getvalue()))
    return files


def register_documents() -> None:
    register_document_kind(
        DocumentKind(ATTESTATION, "Guardian's annual attestation", attestation, ("attestation",))
    )
    register_document_kind(DocumentKind(AUDIT_PACK, "Annual audit pack", audit_pack, ("year",)))
