"""Evaluation panels that are conflict-free by construction.

Adding an evaluator runs the recusal engine against every bidder on the lot and
refuses a conflicted one, showing why. Each evaluator signs a declaration for
the lot before any bid document opens to them. Any later change (a new bidder,
a new register entry, a change in the organisation network) re-checks the
panel and withdraws access at once where needed, while the lot is still being
evaluated: a finished lot keeps the panel that decided it (ADR 0022).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.audit import audit_record
from interests.models import Member
from meetings.chain_words import reason_words
from meetings.selectors.recusal_facts import network_edges_any_day
from procurements.models import Lot, PanelMember, Procurement
from procurements.selectors.lot_facts import lot_check
from procurements.services.access import lot_access_sync
from recusal.network import organisations_touched


class EvaluatorConflicted(ValidationError):
    """The person cannot evaluate this lot; ``chains`` says why."""

    def __init__(
        self, member: Member, lot: Lot, chains: list[str], public_chains: list[str] | None = None
    ) -> None:
        self.chains = chains
        self.public_chains = public_chains or []
        super().__init__(
            f"{member.full_name} cannot evaluate {lot.label}: they have an interest in a bidder. "
            + " ".join(chains)
        )


def _chains(lot: Lot, member: Member) -> tuple[list[str], list[str]]:
    """The chains that conflict the member on the lot, in full and as published."""
    reasons = lot_check(lot, [member]).get(member.pk, ())
    return [r.text for r in reasons], [r.public_text for r in reasons]


def _words(lot: Lot, member: Member) -> dict[str, list[str]]:
    """The same chains in plain words, kept for the procurement decisions register."""
    return reason_words(lot_check(lot, [member]).get(member.pk, ()))


def evaluator_add(*, actor: Any, lot: Lot, member: Member) -> PanelMember:
    """Put someone on the lot's panel, or refuse them (and log the refusal) if conflicted."""
    chains, public_chains = _chains(lot, member)
    if chains:
        audit_record(
            actor=actor,
            action="panel.evaluator_refused",
            obj=lot,
            detail={
                "member": member.pk,
                "chains": chains,
                "public_chains": public_chains,
                **_words(lot, member),
            },
        )
        raise EvaluatorConflicted(member, lot, chains, public_chains)
    return _evaluator_place(actor=actor, lot=lot, member=member)


@transaction.atomic
def _evaluator_place(*, actor: Any, lot: Lot, member: Member) -> PanelMember:
    place = PanelMember.objects.select_for_update().filter(lot=lot, member=member).first()
    if place is not None and place.status != PanelMember.Status.REMOVED:
        raise ValidationError(
            {"member": f"{member.full_name} is already on the panel for {lot.label}"}
        )
    if place is None:
        place = PanelMember(lot=lot, member=member, added_by=actor)
    place.status = PanelMember.Status.AWAITING_DECLARATION
    place.declaration = ""
    place.signed_at = None
    place.status_note = ""
    place.full_clean()
    place.save()
    audit_record(actor=actor, action="panel.evaluator_added", obj=place)
    lot_access_sync(lot=lot)
    return place


def evaluator_declare(
    *, actor: Any, place: PanelMember, no_interest: bool, statement: str = ""
) -> PanelMember:
    """The evaluator's own per-lot declaration, before any bid document opens to them."""
    if getattr(actor, "member", None) is None or actor.member.pk != place.member_id:
        raise PermissionDenied("Only the evaluator can sign their own declaration.")
    if place.status not in (PanelMember.Status.AWAITING_DECLARATION,):
        raise ValidationError(f"Your declaration for {place.lot.label} has already been recorded.")
    if no_interest:
        chains, public_chains = _chains(place.lot, place.member)
        if chains:
            _record_declaration(
                actor,
                place,
                PanelMember.Status.CONFLICTED,
                " ".join(chains),
                public_chains,
                _words(place.lot, place.member),
            )
            raise EvaluatorConflicted(place.member, place.lot, chains, public_chains)
        return _record_declaration(
            actor,
            place,
            PanelMember.Status.CLEAR,
            f"I have no interest in any organisation bidding for {place.lot.label}.",
        )
    if not statement.strip():
        raise ValidationError({"statement": "Describe your interest in the bidder"})
    return _record_declaration(
        actor, place, PanelMember.Status.DECLARED_INTEREST, statement.strip()
    )


@transaction.atomic
def _record_declaration(
    actor: Any,
    place: PanelMember,
    status: str,
    text: str,
    public_chains: list[str] | None = None,
    words: dict[str, list[str]] | None = None,
) -> PanelMember:
    place.status = status
    place.declaration = text
    place.signed_at = timezone.now()
    place.full_clean()
    place.save()
    audit_record(
        actor=actor,
        action=f"panel.declaration_{status}",
        obj=place,
        detail={"text": text, "public_chains": public_chains or [], **(words or {})},
    )
    lot_access_sync(lot=place.lot)
    return place


@transaction.atomic
def evaluator_remove(*, actor: Any, place: PanelMember, reason: str) -> PanelMember:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the evaluator is leaving the panel"})
    place.status = PanelMember.Status.REMOVED
    place.status_note = reason.strip()
    place.save(update_fields=["status", "status_note"])
    audit_record(
        actor=actor, action="panel.evaluator_removed", obj=place, detail={"reason": reason}
    )
    lot_access_sync(lot=place.lot)
    return place


@transaction.atomic
def lot_panel_recheck(*, lot: Lot, actor: Any = None, cause: str = "") -> list[PanelMember]:
    """Re-check everyone still on the panel; withdraw access from the newly conflicted."""
    places = list(
        PanelMember.objects.filter(
            lot=lot,
            status__in=[PanelMember.Status.AWAITING_DECLARATION, PanelMember.Status.CLEAR],
        ).select_related("member")
    )
    verdicts = lot_check(lot, [p.member for p in places])
    conflicted = []
    for place in places:
        reasons = verdicts.get(place.member_id, ())
        chains = [reason.text for reason in reasons]
        if not chains:
            continue
        place.status = PanelMember.Status.CONFLICTED
        place.status_note = f"{cause} " + " ".join(chains) if cause else " ".join(chains)
        place.save(update_fields=["status", "status_note"])
        audit_record(
            actor=actor,
            action="panel.evaluator_conflicted",
            obj=place,
            detail={
                "chains": chains,
                "public_chains": [r.public_text for r in reasons],
                **reason_words(reasons),
            },
        )
        conflicted.append(place)
    lot_access_sync(lot=lot)
    return conflicted


def lots_still_open() -> QuerySet[Lot]:
    """Lots whose evaluation is not over: no award recorded, the procurement neither signed
    nor abandoned. A change to the register or the network re-checks only these: a finished
    lot's panel, and who could open its bids, stay as they were when it was decided."""
    return Lot.objects.filter(awards__isnull=True).exclude(
        procurement__stage__in=[Procurement.Stage.CONTRACT_SIGNED, Procurement.Stage.ABANDONED]
    )


def panels_recheck_for_member(member: Member) -> None:
    """After a change to the member's register: their open panels, and the open lots they lead."""
    lots = lots_still_open().filter(
        Q(panel__member=member) | Q(procurement__procurement_lead=member)
    )
    for lot in lots.distinct().select_related("procurement").order_by("pk"):
        lot_panel_recheck(lot=lot, cause="A change to the register:")


def panels_recheck_all(organisation_ids: Collection[int] | None = None) -> int:
    """Every open lot with a panel still evaluating, re-checked; returns how many.

    Given the organisations a network change touched, only the lots bid for by them or by
    an organisation they share in (``recusal.network.organisations_touched``)."""
    lots_evaluating = lots_still_open().filter(
        panel__status__in=[PanelMember.Status.AWAITING_DECLARATION, PanelMember.Status.CLEAR]
    )
    if organisation_ids is not None:
        touched = organisations_touched(network_edges_any_day(), organisation_ids)
        lots_evaluating = lots_evaluating.filter(bids__organisation_id__in=list(touched))
    lots = list(lots_evaluating.distinct().select_related("procurement").order_by("pk"))
    for lot in lots:
        lot_panel_recheck(lot=lot, cause="A change to the organisation network:")
    return len(lots)
