"""Called (in the same transaction) when the register or the network changes."""

from __future__ import annotations

from typing import Any


def interest_changed(interest: Any) -> None:
    from procurements.services.panels import panels_recheck_for_member

    panels_recheck_for_member(interest.declarant)


def network_changed() -> None:
    from procurements.services.panels import panels_recheck_all

    panels_recheck_all()
