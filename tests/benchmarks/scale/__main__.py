"""``python -m tests.benchmarks.scale``: seed if needed, measure, print, write bench/results.json."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccg_governance.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
SECTIONS = ("engine", "declaration", "pages", "memory", "throughput", "import", "pdf")


def main(sections: list[str], update: bool = False) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from tests.benchmarks.scale.documents import bench_pdf
    from tests.benchmarks.scale.imports import bench_imports
    from tests.benchmarks.scale.memory import bench_csv_memory
    from tests.benchmarks.scale.pages import bench_pages
    from tests.benchmarks.scale.recusal import bench_declaration, bench_engine
    from tests.benchmarks.scale.results import Results
    from tests.benchmarks.scale.throughput import bench_throughput

    if connection.vendor != "postgresql":
        print("The scale benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
        return 1
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="scale.secretary").exists():
        print("Seeding the benchmark database (seed_scale, a few minutes)...")
        call_command("seed_scale")
    results = Results()
    print(f"\nScale benchmark on {settings.DATABASES['default']['NAME']}")
    benches = {
        "engine": bench_engine,
        "declaration": bench_declaration,
        "pages": bench_pages,
        "memory": bench_csv_memory,
        "throughput": bench_throughput,
        "import": bench_imports,
        "pdf": bench_pdf,
    }
    for name in sections or SECTIONS:
        benches[name](results)
    missed = [t.name for t in results.targets if not t.met]
    print(f"\n{len(results.targets) - len(missed)} of {len(results.targets)} targets met")
    for name in missed:
        print(f"  missed: {name}")
    if not sections:  # only a full run replaces the committed results
        results.write(str(settings.DATABASES["default"]["NAME"]))
    elif update:  # sections measured again replace only their own figures and targets
        results.update(sections)
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    update = "--update" in arguments
    chosen = [a for a in arguments if a != "--update"]
    unknown = set(chosen) - set(SECTIONS)
    if unknown or (update and not chosen):
        sys.exit(
            f"Usage: python -m tests.benchmarks.scale [--update] [section ...], sections: "
            f"{', '.join(SECTIONS)} (--update writes the named sections into bench/results.json)"
        )
    sys.exit(main(chosen, update))
