"""The demo's likely breaches: the register's own checks run over the demo year, as the
nightly job would, so the Guardian has something to review. Idempotent (each finding is
raised once)."""

from __future__ import annotations

from compliance.services.detection import breaches_detect


def seed_breaches() -> int:
    return len(breaches_detect().created)
