"""Importing an existing register at full scale: 2,500 and 10,000 rows (5 a person) into
the seeded register, through the import service the secretary's screens use (upload,
columns and preview, commit), each in a transaction rolled back afterwards."""

from __future__ import annotations

import csv
import io
import time

from django.contrib.auth.models import User

from interests.models import Member, Organisation
from interests.register_import_fields import register_import_mapping_guess
from interests.services.register_import import (
    register_import_check,
    register_import_commit,
    register_import_mapping_set,
    register_import_upload,
)
from tests.benchmarks.scale.recusal import rolled_back
from tests.benchmarks.scale.results import Results
from tests.benchmarks.scale.timing import timed

HEADINGS = ["Name", "Email", "Type of interest", "Description", "Organisation", "Date from",
            "Nature"]  # fmt: skip
EACH = 5


def _file(rows: int) -> bytes:
    people = list(
        Member.objects.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("first_name", "last_name", "email")[: rows // EACH]
    )
    organisations = list(
        Organisation.objects.exclude(kind="gp_practice")
        .order_by("pk")
        .values_list("name", flat=True)
    )
    assert len(people) * EACH >= rows, "seed_scale first"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    for n in range(rows):
        first, last, email = people[n // EACH]
        writer.writerow(
            [
                f"{first} {last}",
                email,
                "Financial",
                f"Imported entry {n + 1}",
                organisations[n % len(organisations)],
                "01/04/2019",
                "Shareholder",
            ]
        )
    return buffer.getvalue().encode()


def bench_imports(results: Results) -> None:
    secretary = User.objects.get(username="scale.secretary")
    for rows in (2_500, 10_000):
        content = _file(rows)
        figures: dict[str, float] = {}

        def run(content: bytes = content, figures: dict[str, float] = figures) -> None:
            with rolled_back():
                start = time.perf_counter()
                batch = register_import_upload(
                    actor=secretary, filename="register.csv", content=content, encoding="utf-8"
                )
                mapping = register_import_mapping_guess(HEADINGS)
                register_import_mapping_set(batch=batch, mapping=mapping, actor=secretary)
                preview = register_import_check(batch=batch, actor=secretary)
                figures["preview_s"] = time.perf_counter() - start
                figures["errors"] = preview.error_count
                committed = register_import_commit(
                    batch=batch, actor=secretary, fingerprint=preview.fingerprint
                )
                figures["imported"] = committed.summary.get("imported", 0)
                figures["total_s"] = time.perf_counter() - start

        timing = timed(run, repeat=1, warm_up=0)
        results.figure(
            "import",
            f"register import, {rows:,} rows ({rows // EACH:,} people)",
            f"{figures['total_s']:.1f} s in all ({timing.cpu_ms / 1000:.1f} s CPU), preview "
            f"{figures['preview_s']:.1f} s, {timing.queries} queries, "
            f"{figures['imported']:.0f} imported, {figures['errors']:.0f} rows with errors",
        )
        results.aim(
            f"register import of {rows:,} rows: rows with errors", 0, figures["errors"], "rows"
        )
