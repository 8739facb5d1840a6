"""Importing the national GP practice file (about 14,000 rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interests.services.org_import import OrgImportPlan, org_import_commit, org_import_preview
from tests.benchmarks.conftest import measure

EPRACCUR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ods" / "epraccur.csv"


@pytest.mark.django_db
def test_bench_ods_import_of_the_national_file(django_user_model) -> None:
    if not EPRACCUR.exists():
        pytest.fail(f"The national file is missing: {EPRACCUR}")
    content = EPRACCUR.read_bytes()
    actor = django_user_model.objects.create(username="bench-secretary")
    plans = []
    measure(
        "ODS file preview (14k rows, empty database)",
        lambda: plans.append(_preview(content)),
        repeat=1,
    )
    measure(
        "ODS file commit (first import)",
        lambda: org_import_commit(plan=plans[-1], actor=actor, source="epraccur.csv"),
        repeat=1,
    )
    measure(
        "ODS file preview (second run, nothing to change)",
        lambda: plans.append(_preview(content)),
        repeat=1,
    )
    print(f"\nsecond run counts: {plans[-1].counts()}")


def _preview(content: bytes) -> OrgImportPlan:
    return org_import_preview(content=content, layout="ods")
