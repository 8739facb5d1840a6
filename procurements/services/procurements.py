"""Running a procurement: its stages, lots and bidders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from core.concurrency import version_check, version_token
from interests.models import Organisation
from procurements.item_lots import meetings_deciding_lot_sync
from procurements.models import Bid, Lot, Procurement
from procurements.services.panels import lot_panel_recheck

Stage = Procurement.Stage
# Each stage may move only to the next; dialogue is optional; any open stage may be abandoned.
NEXT_STAGES: dict[str, set[str]] = {
    Stage.PLANNING: {Stage.SELECTION},
    Stage.SELECTION: {Stage.INVITATION},
    Stage.INVITATION: {Stage.DIALOGUE, Stage.EVALUATION},
    Stage.DIALOGUE: {Stage.EVALUATION},
    Stage.EVALUATION: {Stage.AWARD},
    Stage.AWARD: {Stage.CONTRACT_SIGNED},
    Stage.CONTRACT_SIGNED: set(),
    Stage.ABANDONED: set(),
}

# What the procurement's edit form sets: its version token is a digest of these.
PROCUREMENT_FIELDS = (
    "reference",
    "title",
    "description",
    "is_new_service",
    "route",
    "clinical_lead_id",
    "contract_manager_id",
    "procurement_lead_id",
    "deciding_committee_id",
    "started_on",
    "comments",
)


def procurement_version(procurement: Procurement) -> str:
    """The token a procurement's edit form carries (core.concurrency)."""
    return version_token(_procurement_state(procurement))


def _procurement_state(procurement: Procurement) -> dict[str, Any]:
    return {name: getattr(procurement, name) for name in PROCUREMENT_FIELDS}


def _procurement_shown(procurement: Procurement) -> list[tuple[str, str]]:
    def name(person: Any) -> str:
        return str(person) if person is not None else "Not chosen yet"

    return [
        ("Reference", procurement.reference),
        ("Title", procurement.title),
        ("Description", procurement.description or "None"),
        ("New service", "Yes" if procurement.is_new_service else "No"),
        ("Route", procurement.get_route_display()),
        ("Clinical lead", name(procurement.clinical_lead)),
        ("Contract manager", name(procurement.contract_manager)),
        ("Procurement lead", name(procurement.procurement_lead)),
        ("Committee deciding the award", name(procurement.deciding_committee)),
        ("Date started", str(procurement.started_on or "None")),
        ("Comments", procurement.comments or "None"),
    ]


def lot_version(lot: Lot) -> str:
    """The token a lot's edit form carries (core.concurrency)."""
    return version_token(_lot_state(lot))


def _lot_state(lot: Lot) -> dict[str, Any]:
    return {"number": lot.number, "title": lot.title, "estimated_value": lot.estimated_value}


def _lot_shown(lot: Lot) -> list[tuple[str, str]]:
    return [
        ("Lot number", str(lot.number)),
        ("Title", lot.title),
        ("Estimated value", "None" if lot.estimated_value is None else f"£{lot.estimated_value}"),
    ]


@transaction.atomic
def procurement_save(
    *,
    actor: Any,
    fields: dict[str, Any],
    procurement: Procurement | None = None,
    version: str | None = None,
) -> Procurement:
    """Start a procurement, or change one; with ``version`` (its form's token), a stale
    save is refused and nothing changes (core.concurrency)."""
    creating = procurement is None
    if procurement is not None:
        procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
        version_check(
            expected=version,
            state=_procurement_state(procurement),
            noun="procurement",
            shown=_procurement_shown(procurement),
        )
    procurement = procurement or Procurement()
    for name, value in fields.items():
        if name == "stage":
            continue  # stages move only through procurement_stage_move
        setattr(procurement, name, value)
    procurement.full_clean()
    procurement.save()
    audit_record(
        actor=actor,
        action="procurement.created" if creating else "procurement.changed",
        obj=procurement,
    )
    for lot in procurement.lots.all():
        lot_panel_recheck(lot=lot, actor=actor)  # the procurement lead may have changed
    return procurement


@transaction.atomic
def procurement_stage_move(*, actor: Any, procurement: Procurement, to: str) -> Procurement:
    current = (
        Procurement.objects.select_for_update()
        .values_list("stage", flat=True)
        .get(pk=procurement.pk)
    )
    allowed = NEXT_STAGES[current] | ({Stage.ABANDONED} if NEXT_STAGES[current] else set())
    if to not in allowed:
        names = ", ".join(sorted(Stage(s).label.lower() for s in allowed)) or "none"
        raise ValidationError(
            f"The procurement is at {Stage(current).label.lower()}; it can move only to: {names}."
        )
    procurement.stage = to
    procurement.save(update_fields=["stage"])
    audit_record(
        actor=actor,
        action="procurement.stage_moved",
        obj=procurement,
        detail={"from": current, "to": to},
    )
    return procurement


@transaction.atomic
def lot_save(
    *,
    actor: Any,
    procurement: Procurement,
    number: int,
    title: str,
    estimated_value: Decimal | None,
    lot: Lot | None = None,
    version: str | None = None,
) -> Lot:
    """Add a lot, or change one; with ``version`` (its form's token), a stale save is
    refused and nothing changes (core.concurrency)."""
    if lot is not None:
        lot = Lot.objects.select_for_update().get(pk=lot.pk)
        version_check(
            expected=version,
            state=_lot_state(lot),
            noun="lot",
            shown=_lot_shown(lot),
        )
    if estimated_value is not None and estimated_value < 0:
        raise ValidationError({"estimated_value": "The estimated value cannot be negative"})
    creating = lot is None
    lot = lot or Lot(procurement=procurement)
    lot.number = number
    lot.title = title.strip()
    lot.estimated_value = estimated_value
    lot.full_clean()
    lot.save()
    audit_record(actor=actor, action="lot.created" if creating else "lot.changed", obj=lot)
    return lot


def _after_bidders_change(actor: Any, lot: Lot, cause: str) -> None:
    lot_panel_recheck(lot=lot, actor=actor, cause=cause)
    meetings_deciding_lot_sync(lot)


@transaction.atomic
def bid_add(
    *, actor: Any, lot: Lot, organisation: Organisation, status: str = Bid.Status.EXPRESSED_INTEREST
) -> Bid:
    """A new bidder: the panel and every meeting on the lot are re-checked at once."""
    if Bid.objects.filter(lot=lot, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": f"{organisation.name} is already bidding for {lot.label}"}
        )
    bid = Bid(lot=lot, organisation=organisation, status=status)
    bid.full_clean()
    bid.save()
    audit_record(actor=actor, action="bid.added", obj=bid)
    _after_bidders_change(actor, lot, f"{organisation.name} started bidding.")
    return bid


@transaction.atomic
def bid_status_set(*, actor: Any, bid: Bid, status: str) -> Bid:
    if status in (Bid.Status.AWARDED, Bid.Status.UNSUCCESSFUL):
        raise ValidationError({"status": "Record the award decision instead"})
    if bid.status in (Bid.Status.AWARDED, Bid.Status.UNSUCCESSFUL):
        raise ValidationError({"status": "The lot has been awarded: bids can no longer change"})
    previous = bid.status
    bid.status = status
    bid.full_clean()
    bid.save(update_fields=["status"])
    audit_record(
        actor=actor, action="bid.status_changed", obj=bid, detail={"from": previous, "to": status}
    )
    _after_bidders_change(
        actor, bid.lot, f"{bid.organisation.name}'s bid is now {bid.get_status_display().lower()}."
    )
    return bid
