"""The results table and bench/results.json."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parents[3] / "bench" / "results.json"


@dataclass(frozen=True)
class Target:
    name: str
    target: float
    measured: float
    unit: str
    below: bool = True  # met when measured <= target; False: met when measured >= target

    @property
    def met(self) -> bool:
        return self.measured <= self.target if self.below else self.measured >= self.target


@dataclass
class Results:
    figures: dict[str, Any] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)

    def figure(self, section: str, name: str, value: Any) -> None:
        self.figures.setdefault(section, {})[name] = value
        print(f"  {section:<12} {name:<58} {value}")

    def aim(self, name: str, target: float, measured: float, unit: str, below: bool = True) -> None:
        entry = Target(name, target, round(measured, 2), unit, below)
        self.targets.append(entry)
        sign = "<=" if below else ">="
        verdict = "met" if entry.met else "MISSED"
        print(f"  TARGET {name:<60} {entry.measured} {unit} ({sign} {target}): {verdict}")

    def write(self, database: str) -> None:
        RESULTS.parent.mkdir(exist_ok=True)
        payload = {
            "machine": _machine(),
            "database": database,
            "figures": self.figures,
            "targets": [asdict(t) | {"met": t.met} for t in self.targets],
        }
        RESULTS.write_text(json.dumps(payload, indent=2, default=str) + "\n")
        print(f"\nWritten to {RESULTS}")

    def update(self, sections: list[str]) -> None:
        """Replace, in the committed results, only what these sections measured: their
        figures and targets, noted with the machine's load when they were measured again."""
        payload = json.loads(RESULTS.read_text())
        payload["figures"].update(self.figures)
        fresh = {t.name: asdict(t) | {"met": t.met} for t in self.targets}
        kept = [t for t in payload["targets"] if t["name"] not in fresh]
        payload["targets"] = kept + list(fresh.values())
        machine = _machine()
        payload.setdefault("measured_again", []).append(
            {"sections": sections, "load_average_1_5_15": machine["load_average_1_5_15"]}
        )
        RESULTS.write_text(json.dumps(payload, indent=2, default=str) + "\n")
        print(f"\nUpdated {', '.join(sections)} in {RESULTS}")


def _machine() -> dict[str, Any]:
    def run(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""

    postgres = run("psql", "--version").strip()
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "postgresql_client": postgres,
        # Other work on the machine while measuring: figures taken above about 1 per core
        # are not comparable with a quiet run.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }
