"""A year of planted records (2025) for the compliance dashboard, the attestation and the
audit pack: each figure has people behind it and a near miss beside them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from guardian.shortcuts import assign_perm

from compliance.models import Breach
from core.audit import audit_record
from interests.models import Declaration, DeclarationCampaign, GiftOrHospitality, Interest, Member
from interests.models.training import TrainingRecord
from meetings.models import ConflictDecision, Meeting, MeetingDeclaration, Paper
from procurements.models import Lot, PanelMember, Procurement
from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

YEAR = 2025
WITHHELD_TEXT = "Planted-withheld-description-xq7"


def at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


@dataclass
class Planted:
    ayo: Member  # answered, declared late, passed training, hospitality over the threshold
    bell: Member  # nil return, declared in time, failed training, downloaded a paper (allowed)
    cole: Member  # no answer, withheld entry, kept from papers yet downloaded one, a breach
    dunn: Member  # lay, nil return, withholding requested, training expired, panel unsigned
    paper: Paper
    meeting: Meeting


def plant(secretary: Any) -> Planted:
    long_ago = at(2024, 1, 2)
    people = []
    for first, last, role in (
        ("Ada", "Ayo", Member.ProfessionalRole.GP),
        ("Bo", "Bell", Member.ProfessionalRole.GP),
        ("Cy", "Cole", Member.ProfessionalRole.GP),
        ("Di", "Dunn", Member.ProfessionalRole.LAY),
    ):
        member = MemberFactory(
            first_name=first,
            last_name=last,
            title="",
            professional_role=role,
            user__username=f"planted.{last.lower()}",
        )
        Member.objects.filter(pk=member.pk).update(created_at=long_ago)
        member.refresh_from_db()
        people.append(member)
    ayo, bell, cole, dunn = people

    campaign = DeclarationCampaign.objects.create(
        title="Annual declaration 2025",
        opened_by=secretary.user,
        deadline=datetime.date(2025, 4, 30),
    )
    DeclarationCampaign.objects.filter(pk=campaign.pk).update(opened_at=at(2025, 3, 1))
    for member, kind in ((ayo, "confirmed"), (bell, "nil_return"), (dunn, "nil_return")):
        declaration = Declaration.objects.create(member=member, kind=kind, campaign=campaign)
        Declaration.objects.filter(pk=declaration.pk).update(made_at=at(2025, 4, 1))

    # Declared late (73 days) and awaiting review; a near miss declared in time, reviewed.
    InterestFactory(
        declarant=ayo, start_date=datetime.date(2025, 1, 1), submitted_at=at(2025, 3, 15)
    )
    InterestFactory(
        declarant=bell,
        start_date=datetime.date(2025, 5, 1),
        submitted_at=at(2025, 5, 20),
        status="reviewed",
    )
    InterestFactory(
        declarant=cole,
        start_date=datetime.date(2019, 1, 1),
        submitted_at=at(2019, 1, 10),
        status="reviewed",
        description=WITHHELD_TEXT,
        withholding=Interest.Withholding.APPROVED,
        withholding_reason="Risk of harm",
        withholding_decided_at=at(2025, 7, 1),
    )
    InterestFactory(
        declarant=dunn,
        start_date=datetime.date(2019, 1, 1),
        submitted_at=at(2019, 1, 10),
        status="reviewed",
        withholding=Interest.Withholding.REQUESTED,
    )

    GiftOrHospitality.objects.create(
        recipient=ayo,
        kind="hospitality",
        description="Dinner",
        offered_by_name="Acme Ltd",
        estimated_value=Decimal("120"),
        offered_on=datetime.date(2025, 2, 2),
        outcome="accepted",
        senior_approval_by="Chief Executive",
    )
    GiftOrHospitality.objects.create(
        recipient=dunn,
        kind="gift",
        description="Pen set",
        offered_by_name="Beta plc",
        estimated_value=Decimal("60"),
        offered_on=datetime.date(2025, 8, 8),
        outcome="declined",
    )
    GiftOrHospitality.objects.create(  # under every threshold: a near miss
        recipient=bell,
        kind="gift",
        description="Book",
        offered_by_name="A patient",
        estimated_value=Decimal("20"),
        offered_on=datetime.date(2025, 3, 3),
        outcome="accepted",
    )

    Breach.objects.create(
        rule="other",
        member=cole,
        occurred_on=datetime.date(2025, 9, 9),
        what_happened="Planted open",
        how_found="review",
    )
    Breach.objects.create(
        rule="other",
        member=ayo,
        occurred_on=datetime.date(2025, 2, 9),
        what_happened="Planted closed",
        how_found="review",
        status="breach",
        action_taken="Reminded of the policy",
    )

    for member, day, score in (
        (ayo, datetime.date(2025, 6, 1), 90),
        (bell, datetime.date(2025, 6, 1), 70),
        (dunn, datetime.date(2024, 1, 1), 95),
    ):
        TrainingRecord.objects.create(
            member=member,
            module="module_1",
            completed_on=day,
            score=score,
            recorded_by=secretary.user,
        )

    meeting = MeetingFactory(
        starts_at=at(2025, 10, 10), status=Meeting.Status.HELD, title="Primary care committee"
    )
    item = AgendaItemFactory(meeting=meeting, position=1, title="Out-of-hours contract")
    paper = Paper.objects.create(
        item=item,
        title="Options appraisal",
        file="papers/planted.pdf",
        original_filename="planted.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=secretary.user,
    )
    ConflictDecision.objects.create(
        item=item, member=cole, action=2, decided_by=secretary.user, words="Cy Cole is a partner."
    )
    MeetingDeclaration.objects.create(  # no chair's decision recorded for it
        meeting=meeting,
        item=item,
        member=ayo,
        description="Ada Ayo's practice bids",
        recorded_by=secretary.user,
    )
    audit_record(actor=cole.user, action="paper.downloaded", obj=paper)
    audit_record(actor=bell.user, action="paper.downloaded", obj=paper)  # allowed: near miss
    assign_perm("meetings.view_paper", cole.user, paper)

    procurement = Procurement.objects.create(reference="PR-25-01", title="Out of hours")
    lot = Lot.objects.create(procurement=procurement, number=1, title="Urgent care")
    PanelMember.objects.create(lot=lot, member=dunn, added_by=secretary.user)
    PanelMember.objects.create(
        lot=lot, member=bell, added_by=secretary.user, status="clear", signed_at=at(2025, 5, 5)
    )
    PanelMember.objects.filter(lot=lot).update(added_at=at(2025, 5, 1))
    OrganisationFactory()
    return Planted(ayo, bell, cole, dunn, paper, meeting)
