"""Recording an award: one row of the procurement decisions register."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from meetings.models import AgendaItem
from procurements.models import AgendaItemLot, AwardDecision, Bid, Lot, Procurement


@transaction.atomic
def award_record(
    *,
    actor: Any,
    lot: Lot,
    bid: Bid,
    decided_on: datetime.date,
    how_decided: str,
    contract_value: Decimal,
    agenda_item: AgendaItem | None = None,
    comments: str = "",
    is_published: bool = True,
) -> AwardDecision:
    if bid.lot_id != lot.pk:
        raise ValidationError({"bid": f"{bid.organisation.name} did not bid for {lot.label}"})
    if bid.status == Bid.Status.WITHDRAWN:
        raise ValidationError({"bid": f"{bid.organisation.name} withdrew its bid"})
    if contract_value < 0:
        raise ValidationError({"contract_value": "The contract value cannot be negative"})
    if lot.procurement.stage != Procurement.Stage.AWARD:
        raise ValidationError(
            f"The procurement is at {lot.procurement.get_stage_display().lower()}: "
            "move it to the award stage before recording an award."
        )
    if (
        agenda_item is not None
        and not AgendaItemLot.objects.filter(item=agenda_item, lot=lot).exists()
    ):
        raise ValidationError({"agenda_item": "That agenda item is not about this lot"})
    if AwardDecision.objects.filter(lot=lot).exists():
        raise ValidationError(f"{lot.label} has already been awarded")
    award = AwardDecision(
        lot=lot,
        bid=bid,
        decided_on=decided_on,
        how_decided=how_decided.strip(),
        contract_value=contract_value,
        agenda_item=agenda_item,
        comments=comments.strip(),
        is_published=is_published,
        recorded_by=actor,
    )
    award.full_clean()
    award.save()
    Bid.objects.filter(pk=bid.pk).update(status=Bid.Status.AWARDED)
    Bid.objects.filter(lot=lot).exclude(pk=bid.pk).exclude(status=Bid.Status.WITHDRAWN).update(
        status=Bid.Status.UNSUCCESSFUL
    )
    audit_record(actor=actor, action="award.recorded", obj=award, detail={"bid": bid.pk})
    return award
