"""The plan an import would carry out, and the words for what can go wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError

from interests.models import ImportBatch, Organisation, OrganisationRelationship

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ERRORS_KEPT = 100
# The fields each layout sets on an organisation; anything else a person
# recorded (Companies House number, nature of business...) is left alone.
ODS_FIELDS = ("name", "kind", "address", "postcode", "is_active")
SIMPLE_FIELDS = ("name", "kind", "ods_code")


class Layout(StrEnum):
    ODS = "ods"
    SIMPLE = "simple"

    @property
    def label(self) -> str:
        return LAYOUT_LABELS[self]


LAYOUT_LABELS = {
    Layout.ODS: "NHS ODS practice file (epraccur.csv)",
    Layout.SIMPLE: "Simple list (name, kind, ods_code, member_of)",
}
LAYOUT_BATCH_KIND = {
    Layout.ODS: ImportBatch.Kind.ORGANISATIONS_ODS,
    Layout.SIMPLE: ImportBatch.Kind.ORGANISATIONS_SIMPLE,
}
BATCH_KIND_LAYOUT = {kind: layout for layout, kind in LAYOUT_BATCH_KIND.items()}


class OrgImportRefused(ValidationError):
    """The import cannot go ahead; nothing was written."""


class OrgImportPreviewOutdated(OrgImportRefused):
    """The register changed after the preview, so the plan shown is no longer the plan."""


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the file as a whole
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class OrgImportPlan:
    """What importing a file would do. Built by ``org_import_preview``."""

    layout: Layout
    rows: int = 0
    organisations_to_create: list[Organisation] = field(default_factory=list)
    organisations_to_update: list[Organisation] = field(default_factory=list)
    organisations_unchanged: int = 0
    relationships_to_create: list[OrganisationRelationship] = field(default_factory=list)
    relationships_to_update: list[OrganisationRelationship] = field(default_factory=list)
    relationships_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def organisation_fields(self) -> tuple[str, ...]:
        return ODS_FIELDS if self.layout == Layout.ODS else SIMPLE_FIELDS

    def counts(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "organisations": {
                "create": len(self.organisations_to_create),
                "update": len(self.organisations_to_update),
                "unchanged": self.organisations_unchanged,
            },
            "relationships": {
                "create": len(self.relationships_to_create),
                "update": len(self.relationships_to_update),
                "unchanged": self.relationships_unchanged,
            },
            "error_count": len(self.errors),
        }

    def summary(self) -> dict[str, Any]:
        """The counts and the first errors, as stored with an upload and shown in the preview."""
        return {
            "layout": str(self.layout),
            **self.counts(),
            "errors": [error.as_dict() for error in self.errors[:MAX_ERRORS_KEPT]],
        }

    def add_error(self, line: int | None, message: str) -> None:
        self.errors.append(RowError(line, message))


class FileProblem(Exception):
    """The file as a whole cannot be read in the chosen layout."""
