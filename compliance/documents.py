"""The breaches register as a PDF: published (anyone, anonymised) and full (the governance
team, the Guardian and auditors, each with the evidence named as they may read it), built
from the same selectors and filters as the pages and CSV downloads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from compliance.forms import BreachFilterForm
from compliance.selectors.breaches import VIEW, breaches_matching, published_breaches
from compliance.selectors.register import (
    FULL_COLUMNS,
    PUBLISHED_COLUMNS,
    full_rows,
    published_rows,
)
from core.documents.content import DocumentContent, Section, Table
from core.documents.kinds import DocumentKind, register_document_kind

PUBLISHED = "compliance.published_breaches"
FULL = "compliance.breaches_register"
FILTERS = ("status", "rule", "year")


def published(user: Any, params: Mapping[str, str]) -> DocumentContent:
    rows = published_rows(list(published_breaches()))
    return DocumentContent(
        title="Breaches of the conflicts of interest policy",
        subtitle="Breaches the Conflicts of Interest Guardian has confirmed, anonymised.",
        public=True,
        landscape=True,
        sections=[
            Section(
                table=Table(
                    caption="Breaches",
                    columns=list(PUBLISHED_COLUMNS),
                    rows=[row.cells() for row in rows],
                    widths=[3, 3, 3, 9, 4, 8, 3],
                )
            )
        ],
        filename=f"breaches-{timezone.localdate().isoformat()}",
    )


def full(user: Any, params: Mapping[str, str]) -> DocumentContent:
    if not user.has_perm(VIEW):
        raise PermissionDenied("Only the governance team, the Guardian and auditors see this.")
    form = BreachFilterForm({k: params.get(k, "") for k in FILTERS})
    filters = form.filters()
    rows = full_rows(user, list(breaches_matching(**filters)))
    applied = []
    for name, value in filters.items():
        if value:
            field = form.fields[name]
            choices = dict(getattr(field, "choices", []))
            applied.append((str(field.label), str(choices.get(value, value))))
    return DocumentContent(
        title="Breaches register (full)",
        subtitle="Every breach and likely breach, with its evidence and the Guardian's review. "
        "Restricted: the published register is anonymised.",
        landscape=True,
        filters=applied,
        sections=[
            Section(
                table=Table(
                    caption="Breaches and likely breaches",
                    columns=list(FULL_COLUMNS),
                    rows=rows,
                    widths=[3, 3, 4, 4, 3, 8, 4, 9, 6, 2, 3, 3, 3, 5, 5, 5],
                )
            )
        ],
        filename=f"breaches-register-{timezone.localdate().isoformat()}",
    )


def register_documents() -> None:
    register_document_kind(DocumentKind(PUBLISHED, "Breaches register", published))
    register_document_kind(DocumentKind(FULL, "Breaches register (full)", full, params=FILTERS))
