"""The procurement decisions register as a PDF: published (anyone) and full (internal),
built from the same selector as the register's pages and CSV downloads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.documents.content import DocumentContent, Section, Table
from core.documents.kinds import DocumentKind, register_document_kind
from procurements.selectors.register import COLUMNS, procurement_register

PUBLISHED_REGISTER = "procurements.published_register"
FULL_REGISTER = "procurements.full_register"

_WIDTHS = [6, 9, 9, 6, 6, 6, 6, 10, 11, 11, 8, 5, 7]


def _register(*, public: bool, reader: Any = None) -> DocumentContent:
    register = procurement_register(public=public, reader=reader)
    updated = register.last_updated
    return DocumentContent(
        title="Procurement decisions register" + ("" if public else " (full)"),
        subtitle=(
            "Every award decision: how it was decided, the conflicts of interest noted and "
            "how they were managed."
            + (f" Last updated {updated:%-d %B %Y}." if updated else "")
            + ("" if public else " Restricted: includes what the published register leaves out.")
        ),
        landscape=True,
        public=public,
        sections=[
            Section(
                table=Table(
                    caption="Procurement decisions",
                    columns=list(COLUMNS),
                    rows=[row.cells() for row in register.rows],
                    widths=_WIDTHS,
                )
            )
        ],
        filename=f"procurement-decisions-register-{timezone.localdate().isoformat()}",
    )


def published_register(user: Any, params: Mapping[str, str]) -> DocumentContent:
    return _register(public=True)


def full_register(user: Any, params: Mapping[str, str]) -> DocumentContent:
    if not user.has_perm("procurements.view_awarddecision"):
        raise PermissionDenied("Only the governance team, the Guardian and auditors see this.")
    return _register(public=False, reader=user)


def register_documents() -> None:
    register_document_kind(
        DocumentKind(PUBLISHED_REGISTER, "Procurement decisions register", published_register)
    )
    register_document_kind(
        DocumentKind(FULL_REGISTER, "Procurement decisions register (full)", full_register)
    )
