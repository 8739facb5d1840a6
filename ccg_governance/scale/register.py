"""Register entries of every category (30% ended), and gifts and hospitality."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from ccg_governance.scale.organisations import Network
from interests.models import GiftOrHospitality, Interest, Member, Organisation

Category = Interest.Category
Nature = Interest.Nature
NATURES = {
    Category.FINANCIAL: [Nature.PARTNER, Nature.DIRECTOR, Nature.SHAREHOLDER, Nature.EMPLOYEE],
    Category.NON_FINANCIAL_PROFESSIONAL: [Nature.CLINICAL_LEAD, Nature.MEMBER, Nature.CONSULTANT],
    Category.NON_FINANCIAL_PERSONAL: [Nature.TRUSTEE, Nature.VOLUNTEER, Nature.PATIENT_OR_USER],
    Category.INDIRECT: [Nature.DIRECTOR, Nature.EMPLOYEE, Nature.PARTNER],
}
CATEGORIES = [Category.FINANCIAL] * 5 + [Category.NON_FINANCIAL_PROFESSIONAL] * 2
CATEGORIES += [Category.NON_FINANCIAL_PERSONAL, Category.INDIRECT]


def _organisation(rng: random.Random, network: Network) -> Organisation:
    pool = rng.choice(
        [network.practices] * 5 + [network.federations, network.pcns, network.providers]
    )
    return rng.choice(pool or network.practices)


def build_interests(
    rng: random.Random, members: list[Member], network: Network, count: int
) -> None:
    today = timezone.localdate()
    now = timezone.now()
    rows = []
    for n in range(count):
        member = members[n % len(members)] if n < len(members) else rng.choice(members)
        category = rng.choice(CATEGORIES)
        organisation = _organisation(rng, network)
        typed = rng.random() < 0.05
        start = today - datetime.timedelta(days=rng.randrange(30, 8 * 365))
        end = None
        if rng.random() < 0.3:
            end = min(today, start + datetime.timedelta(days=rng.randrange(30, 4 * 365)))
        indirect = category == Category.INDIRECT
        rows.append(
            Interest(
                declarant=member,
                category=category,
                indirect_type=Interest.Type.FINANCIAL if indirect else "",
                related_person_relationship=(
                    Interest.Relationship.SPOUSE_OR_PARTNER if indirect else ""
                ),
                related_person_name=f"{rng.choice('ABCDEFGH')}. {member.last_name}"
                if indirect
                else "",
                organisation=None if typed else organisation,
                organisation_name=organisation.name if typed else "",
                nature=rng.choice(NATURES[category]),
                description=f"{NATURES[category][0].label} of {organisation.name}",
                start_date=start,
                end_date=end,
                status=Interest.Status.REVIEWED
                if rng.random() < 0.9
                else Interest.Status.SUBMITTED,
                submitted_at=now - datetime.timedelta(days=rng.randrange(1, 2000)),
                withholding=Interest.Withholding.APPROVED
                if rng.random() < 0.01
                else Interest.Withholding.NONE,
            )
        )
    Interest.objects.bulk_create(rows, batch_size=2000)


def build_gifts(rng: random.Random, members: list[Member], network: Network, count: int) -> None:
    today = timezone.localdate()
    kinds = GiftOrHospitality.Kind
    outcomes = GiftOrHospitality.Outcome
    rows = [
        GiftOrHospitality(
            recipient=rng.choice(members),
            kind=rng.choice([kinds.GIFT, kinds.HOSPITALITY]),
            description=rng.choice(
                ["Conference dinner", "Box of chocolates", "Training day lunch", "Pen set"]
            ),
            offered_by_organisation=rng.choice(network.providers or network.practices),
            estimated_value=Decimal(rng.randrange(500, 30000)) / 100,
            offered_on=today - datetime.timedelta(days=rng.randrange(0, 5 * 365)),
            outcome=rng.choice([outcomes.ACCEPTED, outcomes.DECLINED]),
            reason="Within the guidance",
            offerer_is_supplier=rng.random() < 0.3,
        )
        for _ in range(count)
    ]
    GiftOrHospitality.objects.bulk_create(rows, batch_size=2000)
