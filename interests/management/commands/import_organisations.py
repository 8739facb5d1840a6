"""Preview, or with --commit make, an import of organisations from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interests.services.org_import import (
    MAX_ERRORS_KEPT,
    Layout,
    OrgImportPlan,
    OrgImportRefused,
    org_import_commit,
    org_import_preview,
)

ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import organisations from an NHS ODS practice file (epraccur.csv, --layout ods) or a "
        "CSV with the columns name,kind,ods_code,member_of (--layout simple). Without --commit "
        "it only shows what would change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV file to import")
        parser.add_argument("--layout", choices=[layout.value for layout in Layout], required=True)
        parser.add_argument(
            "--commit",
            action="store_true",
            help="Make the import (all or nothing); without it, nothing is written",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        plan = org_import_preview(content=content, layout=options["layout"])
        self._report(plan)
        if not options["commit"]:
            self.stdout.write("Preview only: nothing was written. Add --commit to import.")
            return
        try:
            org_import_commit(plan=plan, actor=None, source=path.name)
        except OrgImportRefused as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS("Imported."))

    def _report(self, plan: OrgImportPlan) -> None:
        counts = plan.counts()
        organisations, relationships = counts["organisations"], counts["relationships"]
        self.stdout.write(f"Rows read: {counts['rows']}")
        self.stdout.write(
            "Organisations: {create} to create, {update} to update, {unchanged} unchanged".format(
                **organisations
            )
        )
        self.stdout.write(
            "Relationships: {create} to create, {update} to update, {unchanged} unchanged".format(
                **relationships
            )
        )
        if not plan.errors:
            self.stdout.write("Errors: none")
            return
        self.stdout.write(self.style.ERROR(f"Errors: {len(plan.errors)}"))
        for error in plan.errors[: min(ERRORS_SHOWN, MAX_ERRORS_KEPT)]:
            self.stdout.write(f"  {error.message}")
        if len(plan.errors) > ERRORS_SHOWN:
            self.stdout.write(f"  ... and {len(plan.errors) - ERRORS_SHOWN} more")
