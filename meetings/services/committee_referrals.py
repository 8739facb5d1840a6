"""Which committees a committee may refer an item to when conflicts leave it inquorate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from core.concurrency import version_check, version_token
from meetings.models import Committee
from meetings.recusal_sync import committee_changed


def referrals_version(committee: Committee) -> str:
    """The token the referrals form carries (core.concurrency)."""
    return version_token(_referrals_state(committee))


def _referrals_state(committee: Committee) -> dict[str, Any]:
    return {"referral_committees": set(committee.referral_committees.values_list("pk", flat=True))}


@transaction.atomic
def committee_referrals_set(
    *,
    actor: Any,
    committee: Committee,
    referral_committees: Iterable[Committee],
    version: str | None = None,
) -> None:
    """Replace the committees ``committee`` may refer items to.

    The recusal engine offers "refer to another committee" as a remedy only for
    these, so the meetings' access is recomputed in the same transaction.
    """
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    version_check(
        expected=version,
        state=_referrals_state(committee),
        noun="list of referral committees",
        shown=[
            (
                "Committees items may be referred to",
                ", ".join(sorted(committee.referral_committees.values_list("name", flat=True)))
                or "None",
            )
        ],
    )
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
