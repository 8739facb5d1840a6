"""Preview, or with --commit make, an import of an existing register of interests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.csv_export import safe_cell
from interests.management.tabular_import import import_file_checked
from interests.models import ImportBatch
from interests.register_import_fields import FIELDS_BY_KEY, register_import_mapping_guess
from interests.selectors.register_import import ImportMode, Outcome, RegisterImportPreview
from interests.selectors.register_import_refused import (
    refused_row_count,
    refused_rows,
    refused_rows_header,
)
from interests.services.register_import import (
    RegisterImportFailed,
    register_import_check,
    register_import_commit,
    register_import_mapping_set,
    register_import_refused_rows_downloaded,
    register_import_upload,
)
from interests.tabular import ENCODING_CHOICES, UTF8

ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import a register of interests from a CSV or XLSX file, as the secretary named by "
        "--user. Columns are guessed from their headings; --column field=Heading overrides a "
        "guess. Without --commit it only shows what would happen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV or XLSX file to import")
        parser.add_argument(
            "--user", required=True, help="Username of the secretary making the import"
        )
        parser.add_argument(
            "--encoding",
            choices=[value for value, _label in ENCODING_CHOICES],
            default=UTF8,
            help="How a CSV file was saved (default utf-8)",
        )
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADING",
            help=f"Which column holds a field; fields: {', '.join(FIELDS_BY_KEY)}",
        )
        parser.add_argument(
            "--commit",
            action="store_true",
            help="Make the import (all or nothing); without it, nothing is imported",
        )
        parser.add_argument(
            "--valid-rows",
            action="store_true",
            help="With --commit: import the rows without errors and leave the others out",
        )
        parser.add_argument(
            "--refused-rows",
            type=Path,
            metavar="PATH",
            help="With --valid-rows: write the rows left out, with the reason, to this CSV file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch, actor, mapping, preview = import_file_checked(
            options,
            may=("interests.import_register", "import the register"),
            guess=register_import_mapping_guess,
            services=(register_import_upload, register_import_mapping_set, register_import_check),
        )
        self._report(mapping, preview)
        if not options["commit"]:
            self.stdout.write("Preview only: nothing was imported. Add --commit to import.")
            return
        mode = ImportMode.VALID_ROWS if options["valid_rows"] else ImportMode.ALL_OR_NOTHING
        try:
            batch = register_import_commit(
                batch=batch, actor=actor, fingerprint=preview.fingerprint, mode=mode
            )
        except (ValidationError, RegisterImportFailed) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {batch.summary['imported']} entries."))
        refused = refused_row_count(batch)
        if refused:
            self.stdout.write(f"Not imported: {refused} rows with errors.")
        if refused and options["refused_rows"]:
            self._write_refused(batch, actor, options["refused_rows"])

    def _write_refused(self, batch: ImportBatch, actor: Any, path: Path) -> None:
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(refused_rows_header(batch))
                writer.writerows([safe_cell(cell) for cell in row] for row in refused_rows(batch))
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from exc
        register_import_refused_rows_downloaded(batch=batch, actor=actor)
        self.stdout.write(f"The rows not imported, with the reason, are in {path}.")

    def _report(self, mapping: dict[str, str], preview: RegisterImportPreview) -> None:
        for key, heading in mapping.items():
            self.stdout.write(f"{FIELDS_BY_KEY[key].label}: column “{heading}”")
        self.stdout.write(
            f"To import: {preview.to_import_count}; already on the register: "
            f"{preview.duplicate_count}; rows with errors: {preview.error_count}"
        )
        errors = [row for row in preview.rows if row.outcome == Outcome.ERROR]
        for row in errors[:ERRORS_SHOWN]:
            self.stdout.write(f"Row {row.number}: {' '.join(row.errors)}")
        if len(errors) > ERRORS_SHOWN:
            self.stdout.write(f"...and {len(errors) - ERRORS_SHOWN} more rows with errors.")
