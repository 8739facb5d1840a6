"""Median timings and query counts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Timing:
    median_ms: float
    best_ms: float
    queries: int


def timed(action: Callable[[], Any], repeat: int = 7, warm_up: int = 1) -> Timing:
    for _ in range(warm_up):
        action()
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            action()
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    return Timing(statistics.median(timings), min(timings), queries)
