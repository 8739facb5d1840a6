"""Peak memory of a CSV download, measured in a process of its own.

Run as ``python -m tests.benchmarks.scale.memory URL_NAME [public|secretary]``: it
prints the process's resident memory before the download and at its peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.pdf.memory import process_memory_mb
from tests.benchmarks.scale.results import Results

ROOT = Path(__file__).resolve().parents[3]
TARGET_MB = 200


def _measure(url_name: str, who: str) -> None:
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from tests.benchmarks.scale.pages import secretary_client

    client = secretary_client() if who == "secretary" else Client()
    before = process_memory_mb("VmRSS")
    response = client.get(reverse(url_name))
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    peak = process_memory_mb("VmHWM")
    print(json.dumps({"before_mb": before, "peak_mb": peak, "bytes": size}))


def bench_csv_memory(results: Results) -> None:
    for url_name, who in (("register_full_csv", "secretary"), ("published_register_csv", "public")):
        output = (
            subprocess.run(
                [sys.executable, "-m", "tests.benchmarks.scale.memory", url_name, who],
                cwd=ROOT,
                env=os.environ.copy(),
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        figures = json.loads(output)
        results.figure(
            "memory",
            f"{url_name} ({figures['bytes'] / 1e6:.1f} MB)",
            f"peak {figures['peak_mb']:.0f} MB (process at {figures['before_mb']:.0f} MB before)",
        )
        results.aim(f"CSV peak memory: {url_name}", TARGET_MB, figures["peak_mb"], "MB")


if __name__ == "__main__":
    _measure(sys.argv[1], sys.argv[2])
