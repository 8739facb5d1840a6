"""Keeps paper and minute permissions in step with the register.

Filled in by the meetings issue: for each meeting not yet held that the
declarant attends, recompute verdicts and reassign object permissions.
"""

from __future__ import annotations

from typing import Any


def interest_changed(interest: Any) -> None:
    """No meetings exist yet, so there is nothing to recompute."""
    return None
