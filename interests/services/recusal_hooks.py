"""The register tells meetings and procurements when something a verdict depends on changes.

Called inside the caller's transaction, so paper, minute and bid-document
permissions change together with the register: access never lags a declaration.
"""

from __future__ import annotations

from typing import Any


def after_register_change(*, interest: Any) -> None:
    """Every change to a declared interest (declared, corrected, ended, reviewed)."""
    from meetings import recusal_sync as meetings_sync
    from procurements import recusal_sync as procurements_sync

    meetings_sync.interest_changed(interest)
    procurements_sync.interest_changed(interest)


def after_network_change() -> None:
    """Every change to the organisation network (a relationship added or ended, an import)."""
    from meetings import recusal_sync as meetings_sync
    from procurements import recusal_sync as procurements_sync

    meetings_sync.network_changed()
    procurements_sync.network_changed()
