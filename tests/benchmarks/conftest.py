"""Benchmarks: run with `make bench`. They print figures; they do not assert on time."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def measure(label: str, action: Callable[[], Any], repeat: int = 5) -> dict[str, float]:
    """Run ``action`` ``repeat`` times; print and return the median and best time and the queries."""
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            action()
            timings.append(time.perf_counter() - start)
        queries = len(captured.captured_queries)
    result = {"median_s": statistics.median(timings), "best_s": min(timings), "queries": queries}
    print(
        f"\nBENCH {label}: median {result['median_s'] * 1000:.0f} ms, "
        f"best {result['best_s'] * 1000:.0f} ms, {queries} queries ({connection.vendor})"
    )
    return result
