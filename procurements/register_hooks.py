"""What procurements plug into the register's hooks (interests.hooks), registered in apps.py.

Inside the register's own transaction: evaluation panels are re-checked when an
interest, the network or a person changes, and a leaver comes off every panel.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from typing import Any

from interests.hooks import Page, PersonSection, PlaceEnded
from interests.models import Interest, Member
from procurements.models import PanelMember
from procurements.services.panels import (
    evaluator_remove,
    panels_recheck_all,
    panels_recheck_for_member,
)


class ProcurementsListener:
    """interests.hooks.RegisterListener for procurements."""

    def interest_changed(self, interest: Interest) -> None:
        panels_recheck_for_member(interest.declarant)

    def network_changed(self, organisation_ids: Collection[int] | None) -> None:
        panels_recheck_all(organisation_ids)

    def member_changed(self, member: Member) -> None:
        panels_recheck_for_member(member)

    def member_leaving(
        self, *, actor: Any, member: Member, left_on: datetime.date
    ) -> Sequence[PlaceEnded]:
        places = PanelMember.objects.filter(member=member).exclude(
            status=PanelMember.Status.REMOVED
        )
        ended = []
        for place in places.select_related("lot__procurement"):
            evaluator_remove(
                actor=actor, place=place, reason=f"Left the organisation on {left_on:%-d %B %Y}"
            )
            ended.append(
                PlaceEnded("evaluation panel", f"{place.lot.procurement.reference} {place.lot}")
            )
        return ended


def person_section(member: Member, page: Page) -> PersonSection | None:
    """interests.hooks.PersonSectionProvider: the panels a person sits or sat on."""
    if page != "detail":
        return None
    panels = list(
        PanelMember.objects.filter(member=member)
        .select_related("lot__procurement")
        .order_by("-added_at")
    )
    return PersonSection(
        "procurements/people/_panel_places.html", {"member": member, "panel_places": panels}
    )
