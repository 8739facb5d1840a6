"""Giving memory back between the pieces of a long job.

A worker renders chunk after chunk in one process. After each, WeasyPrint's layout is
garbage, but some of it is in reference cycles (boxes point at their parents) that wait
for the collector, and what is freed stays in the C allocator's heap. Over the 40 chunks
of a 10,000-row register that raised a worker's resident memory from about 220 MB to
245 MB; collecting and handing free heap pages back to the system after each chunk keeps
every chunk starting from the same place (docs/adr/0024).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def release_memory() -> None:
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def process_memory_mb(field: str = "VmHWM") -> float:
    """This process's memory from /proc/self/status, in MB: ``VmHWM``, its peak resident
    size (which starts afresh at exec, unlike getrusage's ru_maxrss), or ``VmRSS``, its
    resident size now. 0.0 where there is no /proc."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return 0.0
    return 0.0
