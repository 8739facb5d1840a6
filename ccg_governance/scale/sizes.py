"""How much data a scale run makes: the defaults are a large integrated care board."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Sizes:
    people: int = 3_000
    interests: int = 12_000
    organisations: int = 2_500
    committees: int = 40
    meetings: int = 1_200
    procurements: int = 200
    gifts: int = 5_000
    audit_rows: int = 2_000_000

    def scaled(self, factor: float) -> Sizes:
        """The same shape at a fraction of the size (for tests), never below a handful."""
        floors = {"committees": 2, "meetings": 4, "procurements": 2, "organisations": 60}
        return replace(
            self,
            **{
                f.name: max(floors.get(f.name, 10), round(getattr(self, f.name) * factor))
                for f in fields(self)
            },
        )
