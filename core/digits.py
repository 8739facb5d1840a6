"""Whether typed text is a plain number: "²" and "٣" pass ``str.isdigit`` but not ``int``."""

from __future__ import annotations

from typing import Any

# Nine digits always fit a database integer; a longer "id" would fail in the query instead.
MAX_DIGITS = 9


def is_digits(value: Any, *, max_length: int = MAX_DIGITS) -> bool:
    """True for a run of 1 to ``max_length`` ASCII digits 0-9, and nothing else."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= max_length
