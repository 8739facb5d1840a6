"""The register tells the recusal engine when something changes.

Meetings recompute recusals and paper permissions in the same transaction as
a register change, so access never lags a declaration. Until the meetings app
provides its recomputation, this is a no-op; see ``meetings.services``.
"""

from __future__ import annotations

from typing import Any


def after_register_change(*, interest: Any) -> None:
    """Called inside the transaction of every change to a declared interest."""
    from django.apps import apps

    if not apps.is_installed("meetings"):
        return
    from meetings import recusal_sync

    recusal_sync.interest_changed(interest)
