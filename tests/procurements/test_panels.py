"""Evaluation panels refuse conflicted evaluators, need a declaration, and follow every change at once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from guardian.core import ObjectPermissionChecker

from core.models import AuditEvent
from interests.services import declarations as declaration_services
from interests.services.organisations import organisation_relationship_add
from procurements.models import Bid, LotDocument, PanelMember
from procurements.services.panels import (
    EvaluatorConflicted,
    evaluator_add,
    evaluator_declare,
    lot_panel_recheck,
)
from tests.interests.factories import MemberFactory, OrganisationFactory


def _document(lot, secretary):
    from django.core.files.base import ContentFile

    from tests.meetings.conftest import PDF_BYTES

    document = LotDocument(
        lot=lot,
        kind="bid",
        title="Federation bid",
        original_filename="bid.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="x",
        uploaded_by=secretary.user,
    )
    document.file.save("bid.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    from procurements.services.access import lot_access_sync

    lot_access_sync(lot=lot)
    return document


def _can_open(member, document):
    return ObjectPermissionChecker(member.user).has_perm("view_lotdocument", document)


def test_a_conflicted_evaluator_is_refused_with_the_chain_and_the_refusal_is_logged(story):
    with pytest.raises(EvaluatorConflicted) as refused:
        evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.chair)
    assert refused.value.chains == [
        "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ Northfield GP Federation "
        "—bidder on→ Lot 2 Out-of-hours"
    ]
    assert not PanelMember.objects.exists()
    assert AuditEvent.objects.filter(action="panel.evaluator_refused").exists()


def test_a_clear_evaluator_opens_nothing_until_they_sign_their_declaration(story):
    document = _document(story.lot, story.secretary)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.single_gp)
    assert place.status == PanelMember.Status.AWAITING_DECLARATION
    assert not _can_open(story.single_gp, document)
    with pytest.raises(PermissionDenied):
        evaluator_declare(actor=story.secretary.user, place=place, no_interest=True)
    evaluator_declare(actor=story.single_gp.user, place=place, no_interest=True)
    assert place.status == PanelMember.Status.CLEAR
    assert _can_open(story.single_gp, document)


def test_declaring_an_interest_keeps_the_documents_closed(story):
    document = _document(story.lot, story.secretary)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.nurse)
    with pytest.raises(ValidationError):
        evaluator_declare(actor=story.nurse.user, place=place, no_interest=False, statement="")
    evaluator_declare(
        actor=story.nurse.user,
        place=place,
        no_interest=False,
        statement="My husband works for Northfield Community Trust",
    )
    assert place.status == PanelMember.Status.DECLARED_INTEREST
    assert not _can_open(story.nurse, document)


def test_a_new_bidder_rechecks_the_panel_and_revokes_access_at_once(story):
    document = _document(story.lot, story.secretary)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.single_gp)
    evaluator_declare(actor=story.single_gp.user, place=place, no_interest=True)
    Bid.objects.create(lot=story.lot, organisation=story.moorside)
    conflicted = lot_panel_recheck(lot=story.lot, cause="Moorside Surgery started bidding.")
    assert [p.pk for p in conflicted] == [place.pk]
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CONFLICTED
    assert "Moorside Surgery —bidder on→ Lot 2 Out-of-hours" in place.status_note
    assert not _can_open(story.single_gp, document)


def test_a_register_change_rechecks_the_panel_in_the_same_transaction(story):
    document = _document(story.lot, story.secretary)
    external = MemberFactory(first_name="Owen", last_name="South", affiliation="Southfield CCG")
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=external)
    evaluator_declare(actor=external.user, place=place, no_interest=True)
    assert _can_open(external, document)
    declaration_services.interest_declare(
        member=external,
        fields={
            "category": "financial",
            "organisation": story.trust,
            "organisation_name": "",
            "nature": "consultant",
            "description": "Advises the trust",
            "start_date": "2026-01-01",
            "end_date": None,
        },
        actor=external.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=declaration_services.Publication(consent=True),
    )
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CONFLICTED
    assert not _can_open(external, document)


def test_a_network_change_rechecks_the_panel(story):
    document = _document(story.lot, story.secretary)
    clinic = OrganisationFactory(name="Moor Clinic Ltd")
    external = MemberFactory(first_name="Pat", last_name="Moor", affiliation="Southfield CCG")
    from tests.interests.factories import InterestFactory

    InterestFactory(declarant=external, organisation=clinic, nature="director")
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=external)
    evaluator_declare(actor=external.user, place=place, no_interest=True)
    assert _can_open(external, document)
    organisation_relationship_add(
        actor=story.secretary.user,
        source=clinic,
        target=story.trust,
        kind="owned_by",
        start_date=None,
        end_date=None,
    )
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CONFLICTED
    assert not _can_open(external, document)


def test_the_procurement_lead_sees_the_documents(story):
    document = _document(story.lot, story.secretary)
    story.lot.procurement.procurement_lead = story.nurse
    story.lot.procurement.save()
    from procurements.services.access import lot_access_sync

    lot_access_sync(lot=story.lot)
    assert _can_open(story.nurse, document)
    assert not _can_open(story.secretary, document)


def _director_of(member, organisation):
    declaration_services.interest_declare(
        member=member,
        fields={
            "category": "financial",
            "organisation": organisation,
            "organisation_name": "",
            "nature": "director",
            "description": "Director",
            "start_date": "2020-01-01",
            "end_date": None,
        },
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=declaration_services.Publication(consent=True),
    )


def test_a_register_change_leaves_a_finished_lots_panel_as_it_was_when_decided(story):
    """Once a lot is awarded its panel is the record of who evaluated it: a later declaration
    re-checks the lots still being evaluated, not that one (ADR 0022)."""
    from procurements.models import Procurement
    from procurements.services.awards import award_record

    document = _document(story.lot, story.secretary)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.nurse)
    evaluator_declare(actor=story.nurse.user, place=place, no_interest=True)
    Procurement.objects.filter(pk=story.lot.procurement_id).update(stage="award")
    story.lot.procurement.refresh_from_db()
    award_record(
        actor=story.secretary.user,
        lot=story.lot,
        bid=Bid.objects.get(lot=story.lot, organisation=story.trust),
        decided_on=datetime.date(2026, 3, 1),
        how_decided="By the governing body",
        contract_value=Decimal("100000"),
    )
    _director_of(story.nurse, story.trust)
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CLEAR
    assert _can_open(story.nurse, document)
    assert not AuditEvent.objects.filter(action="panel.evaluator_conflicted").exists()


def test_the_same_declaration_conflicts_the_evaluator_of_a_lot_still_being_evaluated(story):
    document = _document(story.lot, story.secretary)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.nurse)
    evaluator_declare(actor=story.nurse.user, place=place, no_interest=True)
    _director_of(story.nurse, story.trust)
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CONFLICTED
    assert not _can_open(story.nurse, document)
