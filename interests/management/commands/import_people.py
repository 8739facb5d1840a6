"""Preview, or with --commit make, an import of people from a staff list or ESR export."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from interests.management.tabular_import import import_file_checked
from interests.people_import_fields import FIELDS_BY_KEY, people_import_mapping_guess
from interests.selectors.people_import import Outcome, PeopleImportPreview
from interests.services.people_import import (
    PeopleImportFailed,
    people_import_check,
    people_import_commit,
    people_import_mapping_set,
    people_import_upload,
)
from interests.tabular import ENCODING_CHOICES, UTF8

ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import people from a CSV or XLSX staff list (such as ESR's staff export), as the "
        "secretary named by --user. Columns are guessed from their headings; --column "
        "field=Heading overrides a guess. Without --commit it only shows what would happen. "
        "With --full the file lists everyone: the people missing from it are listed, and "
        "recorded as leavers only with --record-leavers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV or XLSX file to import")
        parser.add_argument("--user", required=True, help="Username of the secretary importing")
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
            "--commit", action="store_true", help="Make the import (all or nothing)"
        )
        parser.add_argument(
            "--full", action="store_true", help="The file lists everyone: list who is missing"
        )
        parser.add_argument(
            "--record-leavers",
            action="store_true",
            help="With --commit --full: record everyone missing from the file as having left",
        )
        parser.add_argument(
            "--left-on",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date the leavers left (YYYY-MM-DD; default today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["record_leavers"] and not (options["commit"] and options["full"]):
            raise CommandError("--record-leavers needs --commit and --full.")
        batch, actor, mapping, preview = import_file_checked(
            options,
            may=("interests.import_people", "import people"),
            guess=people_import_mapping_guess,
            services=(people_import_upload, people_import_mapping_set, people_import_check),
            full=options["full"],
        )
        self._report(mapping, preview)
        if not options["commit"]:
            self.stdout.write("Preview only: nothing was imported. Add --commit to import.")
            return
        leavers = {leaver.member_id for leaver in preview.leavers}
        left_on = options["left_on"]
        if isinstance(left_on, str):  # given to call_command as text
            left_on = datetime.date.fromisoformat(left_on)
        try:
            batch = people_import_commit(
                batch=batch,
                actor=actor,
                fingerprint=preview.fingerprint,
                leaver_ids=leavers if options["record_leavers"] else set(),
                left_on=left_on,
            )
        except (ValidationError, PeopleImportFailed) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc
        summary = batch.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {summary.get('new', 0)} new, {summary.get('update', 0)} updated, "
                f"{summary.get('leaving', 0)} left (end date), "
                f"{summary.get('leavers_recorded', 0)} recorded as leavers."
            )
        )

    def _report(self, mapping: dict[str, str], preview: PeopleImportPreview) -> None:
        for key, heading in mapping.items():
            self.stdout.write(f"{FIELDS_BY_KEY[key].label}: column “{heading}”")
        counts = preview.counts
        self.stdout.write(
            f"New: {counts['new']}; updated: {counts['update']}; left (end date): "
            f"{counts['leaving']}; no change: {counts['unchanged']}; not added: "
            f"{counts['skipped']}; rows with errors: {counts['error']}"
        )
        errors = [row for row in preview.rows if row.outcome == Outcome.ERROR]
        for row in errors[:ERRORS_SHOWN]:
            self.stdout.write(f"Row {row.number}: {' '.join(row.errors)}")
        if len(errors) > ERRORS_SHOWN:
            self.stdout.write(f"...and {len(errors) - ERRORS_SHOWN} more rows with errors.")
        if preview.full:
            self.stdout.write(f"Not in the file ({len(preview.leavers)}), offered as leavers:")
            for leaver in preview.leavers:
                self.stdout.write(f"  {leaver.name}, {leaver.job_title} ({leaver.email})")
