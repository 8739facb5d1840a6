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
    cpu_ms: float = 0.0  # median process time: what the machine's load moves least


def timed(action: Callable[[], Any], repeat: int = 7, warm_up: int = 1) -> Timing:
    for _ in range(warm_up):
        action()
    timings = []
    cpu = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            start_cpu = time.process_time()
            action()
            cpu.append((time.process_time() - start_cpu) * 1000)
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    return Timing(statistics.median(timings), min(timings), queries, statistics.median(cpu))
