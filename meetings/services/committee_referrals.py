"""Which committees a committee may refer an item to when conflicts leave it inquorate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from meetings.models import Committee
from meetings.recusal_sync import committee_changed


@transaction.atomic
def committee_referrals_set(
    *, actor: Any, committee: Committee, referral_committees: Iterable[Committee]
) -> None:
    """Replace the committees ``committee`` may refer items to.

    The recusal engine offers "refer to another committee" as a remedy only for
    these, so the meetings' access is recomputed in the same transaction.
    """
    chosen = {c.pk: c for c in referral_committees}
    if committee.pk in chosen:
        raise ValidationError(
            {"referral_committees": f"{committee.name} cannot refer items to itself"}
        )
    before = dict(committee.referral_committees.values_list("pk", "name"))
    committee.referral_committees.set(chosen.values())
    audit_record(
        actor=actor,
        action="committee.referrals_changed",
        obj=committee,
        detail={
            "referral_committees": sorted(c.name for c in chosen.values()),
            "added": sorted(chosen[pk].name for pk in set(chosen) - set(before)),
            "removed": sorted(name for pk, name in before.items() if pk not in chosen),
        },
    )
    committee_changed(committee)
