"""The demo gifts and hospitality register: accepted, declined, and over the thresholds."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from ccg_governance.demo.organisations import COMMUNITY_TRUST
from interests.models import GiftOrHospitality, Member, Organisation


def seed_gifts(members: dict[str, Member], organisations: dict[str, Organisation]) -> None:
    today = timezone.localdate()
    gifts = [
        (
            "gp.okafor",
            GiftOrHospitality.Kind.GIFT,
            "Box of chocolates from a patient's family",
            None,
            "A patient's family",
            "15.00",
            30,
            GiftOrHospitality.Outcome.ACCEPTED,
            False,
        ),
        (
            "lay.kaye",
            GiftOrHospitality.Kind.HOSPITALITY,
            "Dinner at the trust's annual conference",
            COMMUNITY_TRUST,
            "",
            "45.00",
            50,
            GiftOrHospitality.Outcome.ACCEPTED,
            True,
        ),
        (
            "gp.singh",
            GiftOrHospitality.Kind.GIFT,
            "Tablet computer offered after a product demonstration",
            None,
            "MedEquip Supplies Ltd",
            "180.00",
            75,
            GiftOrHospitality.Outcome.DECLINED,
            True,
        ),
        (
            "cfo.morgan",
            GiftOrHospitality.Kind.HOSPITALITY,
            "Tickets to a football match with hospitality",
            None,
            "Apex Health Consulting LLP",
            "240.00",
            20,
            GiftOrHospitality.Outcome.DECLINED,
            True,
        ),
    ]
    for (
        username,
        kind,
        description,
        org_name,
        offered_by,
        value,
        days_ago,
        outcome,
        supplier,
    ) in gifts:
        GiftOrHospitality.objects.get_or_create(
            recipient=members[username],
            description=description,
            defaults={
                "kind": kind,
                "offered_by_organisation": organisations.get(org_name) if org_name else None,
                "offered_by_name": offered_by,
                "estimated_value": Decimal(value),
                "offered_on": today - datetime.timedelta(days=days_ago),
                "outcome": outcome,
                "reason": "Declined: offered by a supplier."
                if outcome == "declined"
                else "Accepted within policy.",
                "offerer_is_supplier": supplier,
            },
        )
