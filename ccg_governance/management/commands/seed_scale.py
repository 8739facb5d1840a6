"""Fill an empty database with an integrated care board's worth of data, for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccg_governance.scale.build import seed_scale
from ccg_governance.scale.guard import refuse_unless_empty
from ccg_governance.scale.sizes import Sizes


class Command(BaseCommand):
    help = (
        "Create benchmark data at the size of a large ICB (3,000 people, 12,000 interests, "
        "1,200 meetings, 2 million audit rows) in an empty database. Deterministic for a seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="A fraction of the full size, for quick runs (for example 0.02)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unless_empty()
        sizes = Sizes().scaled(options["scale"]) if options["scale"] != 1.0 else Sizes()
        self.stdout.write(f"Seeding with seed {options['seed']}: {sizes}")

        def report(label: str, seconds: float) -> None:
            self.stdout.write(f"  {label:<36} {seconds:7.1f} s")

        seed_scale(sizes=sizes, seed=options["seed"], report=report)
        self.stdout.write(self.style.SUCCESS("Scale data is loaded."))
