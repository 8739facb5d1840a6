"""The demo procurements: the community and out-of-hours re-procurement (in evaluation, with
panels borrowed from Southfield CCG) and last month's extended access award."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ccg_governance.demo.documents import simple_pdf
from ccg_governance.demo.organisations import COMMUNITY_TRUST, FEDERATION, GOVERNING_BODY
from interests.models import Member, Organisation
from meetings.models import Committee
from procurements.models import Bid, Lot, PanelMember, Procurement
from procurements.services.documents import lot_document_upload
from procurements.services.panels import evaluator_add, evaluator_declare
from procurements.services.procurements import procurement_stage_move

REPROCUREMENT = "NCCG/2026/014"
EXTENDED_ACCESS = "NCCG/2026/009"
STAGES_TO_EVALUATION = ("selection", "invitation", "dialogue", "evaluation")
STAGES_TO_AWARD = ("selection", "invitation", "evaluation", "award")


def _move_to(actor: Any, procurement: Procurement, stages: tuple[str, ...]) -> None:
    for stage in stages:
        if procurement.stage == stages[-1]:
            return
        if procurement.stage != stage:
            procurement_stage_move(actor=actor, procurement=procurement, to=stage)


def _procurement(reference: str, **fields: Any) -> Procurement:
    procurement, _ = Procurement.objects.get_or_create(reference=reference, defaults=fields)
    return procurement


def _lot(procurement: Procurement, number: int, title: str, value: str) -> Lot:
    lot, _ = Lot.objects.get_or_create(
        procurement=procurement,
        number=number,
        defaults={"title": title, "estimated_value": Decimal(value)},
    )
    return lot


def _bids(lot: Lot, organisations: list[Organisation]) -> None:
    for organisation in organisations:
        Bid.objects.get_or_create(
            lot=lot, organisation=organisation, defaults={"status": Bid.Status.SUBMITTED}
        )


def _panel(actor: Any, lot: Lot, evaluators: list[Member]) -> None:
    for member in evaluators:
        if PanelMember.objects.filter(lot=lot, member=member).exists():
            continue
        place = evaluator_add(actor=actor, lot=lot, member=member)
        evaluator_declare(actor=member.user, place=place, no_interest=True)


def _documents(actor: Any, lot: Lot) -> None:
    if lot.documents.exists():
        return
    for bid in lot.bids.select_related("organisation"):
        title = f"{bid.organisation.name}: bid for {lot.label}"
        upload = SimpleUploadedFile(
            "bid.pdf",
            simple_pdf(title, ["Commercial in confidence.", "Service model, workforce and price."]),
            content_type="application/pdf",
        )
        lot_document_upload(actor=actor, lot=lot, kind="bid", bid=bid, title=title, upload=upload)


def seed_procurements(
    members: dict[str, Member], organisations: dict[str, Organisation]
) -> dict[str, Lot]:
    actor = members["secretary"].user
    board = Committee.objects.get(name=GOVERNING_BODY)
    bidders = [organisations[FEDERATION], organisations[COMMUNITY_TRUST]]
    main = _procurement(
        REPROCUREMENT,
        title="Community and out-of-hours services re-procurement",
        description="Competitive dialogue for an integrated community and out-of-hours service.",
        is_new_service=False,
        route=Procurement.Route.COMPETITIVE_DIALOGUE,
        clinical_lead=members["gp.clarke"],
        contract_manager=members["cfo.morgan"],
        procurement_lead=members["procurement.lead"],
        deciding_committee=board,
        started_on=datetime.date(2026, 3, 1),
    )
    community = _lot(main, 1, "Community services", "14200000")
    out_of_hours = _lot(main, 2, "Out-of-hours", "6800000")
    for lot in (community, out_of_hours):
        _bids(lot, bidders)
    _move_to(actor, main, STAGES_TO_EVALUATION)
    _panel(actor, community, [members["reserve.north"], members["reserve.fenwick"]])
    _panel(actor, out_of_hours, [members["gp.clarke"], members["reserve.north"]])
    _documents(actor, community)
    _documents(actor, out_of_hours)

    extended = _procurement(
        EXTENDED_ACCESS,
        title="Extended access to general practice",
        description="Evening and weekend GP appointments across Northfield.",
        is_new_service=False,
        route=Procurement.Route.PSR_MOST_SUITABLE,
        clinical_lead=members["gp.clarke"],
        contract_manager=members["cfo.morgan"],
        procurement_lead=members["procurement.lead"],
        deciding_committee=board,
        started_on=datetime.date(2026, 6, 1),
    )
    access_lot = _lot(extended, 1, "Extended access", "1250000")
    _bids(access_lot, [organisations[FEDERATION]])
    _move_to(actor, extended, STAGES_TO_AWARD)
    return {"community": community, "out_of_hours": out_of_hours, "extended_access": access_lot}
