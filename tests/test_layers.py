"""The one-way layers (docs/adr/0010-one-way-layers.md) are enforced, and the check bites.

`make lint` runs import-linter with the contracts in pyproject.toml. These tests
run it on the real tree (it must pass) and on a copy with one upward import
hidden inside a function, or Django imported by the engine (it must fail).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "core",
    "interests",
    "recusal",
    "meetings",
    "procurements",
    "compliance",
    "opendata",
    "ccg_governance",
)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_every_layer_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_upward_import_inside_a_function_breaks_the_build(tree_copy: Path) -> None:
    module = tree_copy / "interests" / "selectors" / "people.py"
    module.write_text(
        module.read_text()
        + "\n\ndef _upward() -> None:\n    from meetings.models import Meeting  # noqa: F401\n"
    )
    result = _lint(tree_copy)
    assert result.returncode == 1
    assert "interests is not allowed to import meetings" in result.stdout
    assert "interests.selectors.people -> meetings.models" in result.stdout


def test_the_engine_importing_django_breaks_the_build(tree_copy: Path) -> None:
    module = tree_copy / "recusal" / "network.py"
    module.write_text(module.read_text() + "\nfrom django.db import models  # noqa: E402,F401\n")
    result = _lint(tree_copy)
    assert result.returncode == 1
    assert "recusal is not allowed to import django" in result.stdout


def test_meetings_importing_procurements_breaks_the_build(tree_copy: Path) -> None:
    module = tree_copy / "meetings" / "services" / "agenda.py"
    module.write_text(module.read_text() + "\nfrom procurements.models import Lot  # noqa: E402\n")
    result = _lint(tree_copy)
    assert result.returncode == 1
    assert "meetings is not allowed to import procurements" in result.stdout


def test_procurements_importing_compliance_breaks_the_build(tree_copy: Path) -> None:
    module = tree_copy / "procurements" / "services" / "panels.py"
    module.write_text(
        module.read_text() + "\nfrom compliance.models import Breach  # noqa: E402,F401\n"
    )
    result = _lint(tree_copy)
    assert result.returncode == 1
    assert "procurements is not allowed to import compliance" in result.stdout
