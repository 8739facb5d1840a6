"""seed_scale: an ICB's data in the right shape, the same for the same seed, never over real data."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from ccg_governance.scale.build import seed_scale
from ccg_governance.scale.sizes import Sizes
from core.models import AuditEvent
from interests.models import Interest, Member, Organisation, OrganisationRelationship
from meetings.models import AgendaItem, Committee, Meeting
from procurements.models import AgendaItemLot, Bid, Lot, Procurement
from tests.interests.factories import MemberFactory

SMALL = Sizes(
    people=80,
    interests=320,
    organisations=120,
    committees=3,
    meetings=12,
    procurements=4,
    gifts=40,
    audit_rows=500,
)


def _quiet(label: str, seconds: float) -> None:
    return None


def _fingerprint() -> str:
    organisations = Organisation.objects.order_by("name", "ods_code").values_list(
        "name", "ods_code"
    )
    interests = Interest.objects.order_by(
        "declarant__email", "start_date", "category", "description"
    ).values_list("declarant__email", "organisation__name", "category", "start_date", "end_date")
    items = AgendaItem.objects.order_by("meeting__starts_at", "position").values_list(
        "meeting__committee__name", "position", "title", "part"
    )
    text = repr([list(organisations), list(interests), list(items)])
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.django_db
def test_the_data_has_the_shape_and_size_asked_for() -> None:
    seed_scale(sizes=SMALL, seed=7, report=_quiet)

    assert Member.objects.count() == SMALL.people
    assert Interest.objects.count() == SMALL.interests
    assert Committee.objects.count() == SMALL.committees
    assert Meeting.objects.count() == SMALL.meetings
    assert Procurement.objects.count() == SMALL.procurements
    assert AuditEvent.objects.count() == SMALL.audit_rows
    assert abs(Organisation.objects.count() - SMALL.organisations) <= 2
    # Every category, and about 30% of entries ended.
    assert set(Interest.objects.values_list("category", flat=True)) == set(Interest.Category.values)
    ended = Interest.objects.filter(end_date__isnull=False).count() / SMALL.interests
    assert 0.2 < ended < 0.4
    # A three-level network: practice -> PCN -> federation.
    edge = OrganisationRelationship.objects.filter(
        source__kind="gp_practice", target__kind="pcn"
    ).first()
    assert edge is not None
    assert OrganisationRelationship.objects.filter(
        source=edge.target, target__kind="gp_federation"
    ).exists()
    # 20-40 items a meeting; 2-6 bidders a lot; items deciding lots.
    per_meeting = [m.items.count() for m in Meeting.objects.all()]
    assert min(per_meeting) >= 20 and max(per_meeting) <= 40
    bidders = [Bid.objects.filter(lot=lot).count() for lot in Lot.objects.all()]
    assert min(bidders) >= 2 and max(bidders) <= 6
    assert AgendaItemLot.objects.exists()
    # Past meetings are minuted, future ones are not.
    assert not Meeting.objects.filter(
        starts_at__gt=timezone.now(), status=Meeting.Status.MINUTES_APPROVED
    ).exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data() -> None:
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            seed_scale(sizes=SMALL, seed=11, report=_quiet)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    with transaction.atomic():
        seed_scale(sizes=SMALL, seed=12, report=_quiet)
        assert _fingerprint() != fingerprints[0]
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_it_refuses_a_database_that_holds_a_register(capsys: Any) -> None:
    MemberFactory(first_name="Real", last_name="Person")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("seed_scale", "--scale", "0.01")
    assert Member.objects.count() == 1
    assert not Meeting.objects.exists()
