"""What the procurement screens show, prepared here so templates hold no logic.

Views reach procurements, panel places and documents only through
``procurements.access``; these selectors take what the view has already
checked and gather the rest in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker

from interests.models import Member
from procurements.access import can_manage
from procurements.models import AwardDecision, Bid, Lot, LotDocument, PanelMember, Procurement
from procurements.selectors.lot_facts import lot_check
from procurements.services.procurements import NEXT_STAGES

Stage = Procurement.Stage

# The panel builder lists at most this many people; a search narrows it down.
CANDIDATE_LIMIT = 50

# Panel places that still count as being on the panel.
ON_PANEL = (
    PanelMember.Status.AWAITING_DECLARATION,
    PanelMember.Status.CLEAR,
    PanelMember.Status.DECLARED_INTEREST,
    PanelMember.Status.CONFLICTED,
)


# --- Lookups within a procurement the view has already checked -------------


def lot_for_procurement(procurement: Procurement, pk: int) -> Lot:
    lot = get_object_or_404(Lot, pk=pk, procurement=procurement)
    lot.procurement = procurement
    return lot


def bid_for_lot(lot: Lot, pk: int) -> Bid:
    bid = get_object_or_404(Bid.objects.select_related("organisation"), pk=pk, lot=lot)
    bid.lot = lot
    return bid


def place_for_lot(lot: Lot, pk: int) -> PanelMember:
    place = get_object_or_404(PanelMember.objects.select_related("member"), pk=pk, lot=lot)
    place.lot = lot
    return place


def sees_whole_procurement(user: Any, procurement: Procurement) -> bool:
    """The governance team, chair, Guardian, auditors and the procurement lead see every lot;
    an evaluator sees only the lots whose panel they are on."""
    if user.has_perm("procurements.view_procurement"):
        return True
    member = getattr(user, "member", None)
    return member is not None and procurement.procurement_lead_id == member.pk


# --- The procurement page ---------------------------------------------------


@dataclass
class DocumentRow:
    document: LotDocument
    may_open: bool


@dataclass
class BidRow:
    bid: Bid
    form: Any = None  # the view's status form, when the bid may still change

    @property
    def settled(self) -> bool:
        return self.bid.status in (Bid.Status.AWARDED, Bid.Status.UNSUCCESSFUL)


@dataclass
class LotScreen:
    lot: Lot
    bids: list[BidRow]
    panel: list[PanelMember]
    own_place: PanelMember | None
    documents: list[DocumentRow]
    award: AwardDecision | None
    may_record_award: bool = False

    @property
    def anchor(self) -> str:
        return f"lot-{self.lot.pk}"


@dataclass
class ProcurementScreen:
    procurement: Procurement
    lots: list[LotScreen]
    full: bool
    manage: bool
    next_stages: list[tuple[str, str]] = field(default_factory=list)
    may_abandon: bool = False


def _document_rows(user: Any, documents: list[LotDocument]) -> dict[int, list[DocumentRow]]:
    checker = ObjectPermissionChecker(user)
    if documents:
        checker.prefetch_perms(documents)  # type: ignore[arg-type]
    rows: dict[int, list[DocumentRow]] = {}
    for document in documents:
        may_open = bool(checker.has_perm("view_lotdocument", document))
        rows.setdefault(document.lot_id, []).append(DocumentRow(document, may_open))
    return rows


def procurement_screen(procurement: Procurement, user: Any) -> ProcurementScreen:
    full = sees_whole_procurement(user, procurement)
    manage = can_manage(user)
    member = getattr(user, "member", None)
    lots = Lot.objects.filter(procurement=procurement).order_by("number")
    if not full:
        lots = lots.filter(panel__member=member).distinct() if member else lots.none()
    lots = lots.prefetch_related(
        Prefetch("bids", queryset=Bid.objects.select_related("organisation")),
        Prefetch("panel", queryset=PanelMember.objects.select_related("member")),
        Prefetch("awards", queryset=AwardDecision.objects.select_related("bid__organisation")),
    )
    lot_list = list(lots)
    documents = list(
        LotDocument.objects.filter(lot__in=lot_list)
        .select_related("bid__organisation")
        .order_by("uploaded_at")
    )
    document_rows = _document_rows(user, documents)
    screens = []
    for lot in lot_list:
        lot.procurement = procurement
        panel = list(lot.panel.all())
        own = next((p for p in panel if member is not None and p.member_id == member.pk), None)
        awards = list(lot.awards.all())
        rows = document_rows.get(lot.pk, [])
        screens.append(
            LotScreen(
                lot=lot,
                bids=[BidRow(bid) for bid in lot.bids.all()],
                panel=panel if full else [],
                own_place=own,
                # Someone who only evaluates sees only the documents open to them.
                documents=rows if full else [r for r in rows if r.may_open],
                award=awards[0] if awards else None,
                may_record_award=manage and procurement.stage == Stage.AWARD and not awards,
            )
        )
    allowed = NEXT_STAGES[procurement.stage]
    return ProcurementScreen(
        procurement=procurement,
        lots=screens,
        full=full,
        manage=manage,
        next_stages=[(s, Stage(s).label) for s in Stage.values if s in allowed],
        may_abandon=bool(allowed),
    )


# --- The panel builder ------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    member: Member
    chains: tuple[str, ...]

    @property
    def conflicted(self) -> bool:
        return bool(self.chains)

    @property
    def external(self) -> bool:
        return bool(self.member.affiliation)

    @property
    def anchor(self) -> str:
        return f"candidate-{self.member.pk}"


@dataclass
class PanelBuilder:
    lot: Lot
    bidders: list[Bid]
    places: list[PanelMember]
    candidates: list[Candidate]
    total: int
    search: str

    @property
    def truncated(self) -> bool:
        return self.total > len(self.candidates)

    @property
    def limit(self) -> int:
        return CANDIDATE_LIMIT


def _name_matches(search: str) -> Q:
    query = Q()
    for word in search.split():
        query &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(title__iexact=word)
            | Q(affiliation__icontains=word)
        )
    return query


def panel_builder(lot: Lot, search: str = "") -> PanelBuilder:
    """The lot's panel, and the people who could join it, each checked against every bidder."""
    bidders = list(
        Bid.objects.filter(lot=lot)
        .exclude(status=Bid.Status.WITHDRAWN)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    places = list(
        PanelMember.objects.filter(lot=lot).select_related("member").order_by("added_at", "pk")
    )
    on_panel = [p.member_id for p in places if p.status in ON_PANEL]
    people = (
        Member.objects.filter(is_active=True)
        .exclude(pk__in=on_panel)
        .filter(_name_matches(search))
        .select_related("user")
        .order_by("last_name", "first_name", "pk")
    )
    total = people.count()
    shown = list(people[:CANDIDATE_LIMIT])
    verdicts = lot_check(lot, shown)
    candidates = [
        Candidate(m, tuple(reason.text for reason in verdicts.get(m.pk, ()))) for m in shown
    ]
    return PanelBuilder(
        lot=lot,
        bidders=bidders,
        places=places,
        candidates=candidates,
        total=total,
        search=search,
    )


# --- An evaluator's own places ----------------------------------------------


def evaluations_for_member(member: Member) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(member=member)
        .select_related("lot__procurement")
        .order_by("-added_at", "pk")
    )


@dataclass
class EvaluationScreen:
    place: PanelMember
    bids: list[Bid]
    documents: list[LotDocument]

    @property
    def awaiting(self) -> bool:
        return self.place.status == PanelMember.Status.AWAITING_DECLARATION


def evaluation_screen(place: PanelMember, user: Any) -> EvaluationScreen:
    """The bidders an evaluator declares about, and, once they are clear, the documents."""
    lot = place.lot
    bids = list(
        Bid.objects.filter(lot=lot)
        .exclude(status=Bid.Status.WITHDRAWN)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    documents: list[LotDocument] = []
    if place.may_open_documents:
        candidates = list(
            LotDocument.objects.filter(lot=lot)
            .select_related("bid__organisation")
            .order_by("uploaded_at")
        )
        rows = _document_rows(user, candidates).get(lot.pk, [])
        documents = [row.document for row in rows if row.may_open]
    return EvaluationScreen(place=place, bids=bids, documents=documents)
