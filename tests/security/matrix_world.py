"""The world the permission matrix runs in: the seed story with a secret marker planted in
every restricted object, and one identity per role (plus a conflicted and a clear member)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from compliance.models import Breach
from compliance.services.attestations import attestation_sign
from core.outbox.models import OutboxMessage
from interests.models import (
    DeclarationCampaign,
    GiftOrHospitality,
    ImportBatch,
    Interest,
    OrganisationRelationship,
)
from interests.services.declarations import (
    Publication,
    interest_declare,
    interest_draft_save,
    withholding_decide,
    withholding_request,
)
from interests.services.training import training_record
from meetings.models import AgendaItem, Attendance, CommitteeMembership
from meetings.services.conduct import (
    conflict_decision_record,
    item_minutes_save,
    meeting_declaration_record,
)
from meetings.services.papers import paper_upload
from procurements.models import Bid
from procurements.services.documents import lot_document_upload
from procurements.services.panels import evaluator_add, evaluator_declare
from tests.interests.factories import PASSWORD

# Secret markers: each is planted in one restricted object and must never reach the
# identities listed against it in FORBIDDEN.
ITEM_TITLE = "MARKER-ITEM-TITLE-4K9"
PAPER_BYTES = "MARKER-PAPER-BYTES-7QZ"
MINUTES = "MARKER-MINUTES-TEXT-2WX"
DRAFT = "MARKER-DRAFT-ORG-5TR"
WITHHELD = "MARKER-WITHHELD-ENTRY-8PL"
BID_TITLE = "MARKER-BID-TITLE-3MN"
BID_BYTES = "MARKER-BID-BYTES-6HJ"
DECLARATION = "MARKER-DECLARATION-1VB"
BREACH = "MARKER-BREACH-WHAT-9DK"
MESSAGE = "MARKER-MESSAGE-BODY-9DF"

IDENTITIES = (
    "anonymous",
    "outsider",
    "clear_member",
    "conflicted_member",
    "chair",
    "secretary",
    "guardian",
    "auditor",
    "evaluator",
    "administrator",
)

_OUTSIDERS = {"anonymous", "outsider"}
_MEMBERS = {"clear_member", "conflicted_member"}
FORBIDDEN: dict[str, set[str]] = {
    # The conflicted member, the conflicted chair and the conflicted Guardian (a voting lay
    # member of the governing body, ADR 0007) are withheld from the Part II item.
    ITEM_TITLE: _OUTSIDERS | {"conflicted_member", "chair", "guardian", "evaluator"},
    PAPER_BYTES: _OUTSIDERS | {"conflicted_member", "chair", "guardian", "evaluator"},
    MINUTES: _OUTSIDERS | {"conflicted_member", "chair", "guardian", "evaluator"},
    # A draft is its declarant's own (the conflicted member's), even from administrators.
    DRAFT: set(IDENTITIES) - {"conflicted_member"},
    # A withheld entry is in the full register only.
    WITHHELD: _OUTSIDERS | _MEMBERS | {"evaluator"},
    # Bid documents: procurement readers know of them; only the clear panel opens them.
    BID_TITLE: _OUTSIDERS | _MEMBERS | {"chair"},
    BID_BYTES: set(IDENTITIES) - {"evaluator", "administrator"},
    # A declaration made at the meeting about no item is minuted in Part I (issue 12): the
    # meeting's readers see it in their copy of the minutes; outsiders do not until the
    # minutes are approved and published.
    DECLARATION: _OUTSIDERS | {"evaluator"},
    # A breach's own account and evidence are for the governance team, the Guardian and
    # auditors; the published register has only the Guardian's anonymised words.
    BREACH: _OUTSIDERS | _MEMBERS | {"chair", "evaluator"},
    # An email is its recipient's (the conflicted member's): the secretary sees its status.
    MESSAGE: set(IDENTITIES) - {"conflicted_member"},
}


def pdf_with(marker: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {marker}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile("document.pdf", body, content_type="application/pdf")


@dataclass
class World:
    story: Any
    users: dict[str, User | None]
    ids: dict[str, int] = field(default_factory=dict)


def build_world(story: Any) -> World:
    secretary = story.secretary.user
    AgendaItem.objects.filter(pk=story.award_item.pk).update(title=f"Award {ITEM_TITLE}")
    paper = paper_upload(
        actor=secretary, item=story.award_item, title="Part II paper", upload=pdf_with(PAPER_BYTES)
    )
    minutes = item_minutes_save(actor=secretary, item=story.award_item, text=MINUTES)
    # The chair's conflict on it decided: the audit pack's meetings table names the item.
    conflict_decision_record(
        actor=secretary,
        item=story.award_item,
        member=story.chair,
        action=2,
        reason="Partner in a practice of the bidding federation",
    )

    draft = interest_draft_save(
        member=story.fed_gp,
        actor=story.fed_gp.user,
        fields={
            "category": "financial",
            "organisation_name": DRAFT,
            "nature": "director",
            "description": f"Director of {DRAFT}",
            "start_date": datetime.date(2024, 1, 1),
        },
    )
    withheld = interest_declare(
        member=story.nurse,
        actor=story.nurse.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "non_financial_personal",
            "organisation": story.trust,
            "organisation_name": "",
            "nature": "volunteer",
            "description": WITHHELD,
            "start_date": datetime.date(2021, 1, 1),
        },
    )
    withholding_request(
        interest=withheld, member=story.nurse, reason="Risk of harm", actor=story.nurse.user
    )
    withholding_decide(interest=withheld, guardian=story.lay.user, approve=True, note="Agreed")
    # The Guardian is a voting lay member of the governing body (ADR 0007), and a partner in a
    # practice of the federation bidding for the award: the Part II item is withheld from her.
    interest_declare(
        member=story.lay,
        actor=story.lay.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": story.riverside,
            "organisation_name": "",
            "nature": "partner",
            "description": "Partner",
            "start_date": datetime.date(2020, 1, 1),
        },
    )

    place = evaluator_add(actor=secretary, lot=story.lot, member=story.reserve_gp)
    evaluator_declare(actor=story.reserve_gp.user, place=place, no_interest=True)
    document = lot_document_upload(
        actor=secretary,
        lot=story.lot,
        kind="bid",
        title=BID_TITLE,
        upload=pdf_with(BID_BYTES),
        bid=Bid.objects.get(lot=story.lot, organisation=story.federation),
    )
    declaration = meeting_declaration_record(
        actor=secretary,
        meeting=story.meeting,
        member=story.nurse,
        description=DECLARATION,
        category="financial",
        nature="shareholder",
        organisation_name=f"{DECLARATION} Ltd",
    )

    campaign = DeclarationCampaign.objects.create(
        title="Annual declaration 2026",
        opened_by=secretary,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    gift = GiftOrHospitality.objects.create(
        recipient=story.fed_gp,
        kind="gift",
        description="Box of chocolates",
        offered_by_name="A supplier",
        estimated_value=10,
        offered_on=datetime.date(2026, 1, 5),
        outcome="declined",
    )
    org_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.ORGANISATIONS_SIMPLE,
        uploaded_by=secretary,
        filename="orgs.csv",
        content=b"name,kind,ods_code,member_of\nNew Practice,gp_practice,Z99999,\n",
    )
    register_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.REGISTER,
        uploaded_by=secretary,
        filename="register.csv",
        content=b"Name,Organisation,Nature\nDr Ben Okafor,Hillview Medical Centre,Partner\n",
    )
    people_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.PEOPLE,
        uploaded_by=secretary,
        filename="staff.csv",
        content=b"Employee Number,Name,Work Email Address,Job Title\n1,Dr Ben Okafor,b@nhs.net,GP\n",
    )
    # A confirmed breach about the conflicted member on the Part II item: its own words carry
    # a marker, its evidence names the item (by reference, named per reader).
    breach = Breach.objects.create(
        rule=Breach.Rule.UNDECLARED_CONFLICT,
        member=story.fed_gp,
        occurred_on=datetime.date(2026, 1, 5),
        what_happened=f"Did not declare at the meeting. {BREACH}",
        how_found=Breach.HowFound.DETECTED,
        detection_key=f"undeclared_conflict:item:{story.award_item.pk}:member:{story.fed_gp.pk}",
        evidence=[
            {
                "label": "Agenda item",
                "text": "",
                "ref": f"meetings.agendaitem:{story.award_item.pk}",
            }
        ],
        status=Breach.Status.BREACH,
        action_taken=f"Reminded of the policy. {BREACH}",
        public_summary="A member did not declare a known interest at a meeting.",
        public_action="The member was reminded of the policy.",
    )
    message = OutboxMessage.objects.create(
        dedupe_key="matrix-world",
        recipient=story.fed_gp.user,
        recipient_name=story.fed_gp.full_name,
        to_email=story.fed_gp.user.email,
        template="emails/email_changed",
        subject="The email address of your Recuse login has been changed",
        body_text=f"Dear Dr Okafor, {MESSAGE}",
        body_html=f"<p>Dear Dr Okafor, {MESSAGE}</p>",
        status=OutboxMessage.Status.SENT,
        next_attempt_at=timezone.now(),
    )
    training = training_record(
        actor=secretary,
        member=story.fed_gp,
        module="module_1",
        completed_on=datetime.date(2026, 1, 5),
        score=90,
    )
    from interests.models import OrganisationNameMatch

    name_match = OrganisationNameMatch.objects.create(
        typed_name="Riverside Surgry",
        typed_key="riverside surgry",
        organisation=story.riverside,
        method=OrganisationNameMatch.Method.SIMILAR,
        score=97,
    )
    administrator = User.objects.create_superuser("m.admin", "m.admin@example.nhs.uk", PASSWORD)
    from tests.interests.factories import UserFactory

    users: dict[str, User | None] = {
        "anonymous": None,
        "outsider": User.objects.get(pk=UserFactory(username="m.outsider").pk),
        "clear_member": story.single_gp.user,
        "conflicted_member": story.fed_gp.user,
        "chair": story.chair.user,
        "secretary": secretary,
        "guardian": story.lay.user,
        "auditor": User.objects.get(username="p.auditor"),
        "evaluator": story.reserve_gp.user,
        "administrator": administrator,
    }
    ids = {
        "meeting": story.meeting.pk,
        "item": story.award_item.pk,
        "paper": paper.pk,
        "minutes": minutes.pk,
        "draft": draft.pk,
        "withheld": withheld.pk,
        "campaign": campaign.pk,
        "gift": gift.pk,
        "organisation": story.federation.pk,
        "relationship": OrganisationRelationship.objects.filter(target=story.federation).first().pk,
        "org_batch": org_batch.pk,
        "register_batch": register_batch.pk,
        "people_batch": people_batch.pk,
        "person": story.nurse.pk,
        "committee": story.committee.pk,
        "membership": CommitteeMembership.objects.filter(committee=story.committee).first().pk,
        "attendance": Attendance.objects.get(meeting=story.meeting, member=story.nurse).pk,
        "conflicted_member_pk": story.fed_gp.pk,
        "procurement": story.lot.procurement_id,
        "lot": story.lot.pk,
        "bid": Bid.objects.filter(lot=story.lot).first().pk,
        "place": place.pk,
        "document": document.pk,
        "declaration": declaration.pk,
        "user": story.lay.user.pk,
        "breach": breach.pk,
        "message": message.pk,
        "schedule": PeriodicTask.objects.get(name="weekly-digest").pk,
        "training": training.pk,
        "name_match": name_match.pk,
    }
    attestation = attestation_sign(
        actor=users["guardian"],
        year=timezone.localdate().year,
        statement="The Guardian's statement",
    )
    ids["attestation"] = attestation.pk
    ids["year"] = attestation.year
    assert Interest.objects.filter(pk=draft.pk, status="draft").exists()
    return World(story=story, users=users, ids=ids)
