"""The one place that decides who may open a procurement and a lot's confidential documents.

- A procurement: people with ``procurements.view_procurement`` (the governance
  team, chair, Guardian, auditors), its procurement lead, and anyone on one of
  its lots' panels (including external evaluators, who see nothing else). Others
  get a 404.
- A lot document: only the lot's signed, clear panel and the procurement lead,
  through django-guardian object permissions. Anyone else who may know the
  procurement gets a 403, and the attempt is logged.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.audit import audit_record
from procurements.models import LotDocument, PanelMember, Procurement


def procurements_for_user(user: Any) -> QuerySet[Procurement]:
    procurements = Procurement.objects.all()
    if user.has_perm("procurements.view_procurement"):
        return procurements
    member = getattr(user, "member", None)
    if member is None:
        return procurements.none()
    return procurements.filter(
        Q(procurement_lead=member) | Q(lots__panel__member=member)
    ).distinct()


def procurement_for_user(user: Any, pk: int) -> Procurement:
    return get_object_or_404(procurements_for_user(user), pk=pk)


def panel_place_for_user(user: Any, pk: int) -> PanelMember:
    """An evaluator's own place on a panel (for signing their declaration)."""
    member = getattr(user, "member", None)
    if member is None:
        raise Http404("No such panel place")
    return get_object_or_404(
        PanelMember.objects.select_related("lot__procurement"), pk=pk, member=member
    )


def lot_document_for_user(user: Any, pk: int, request: HttpRequest | None = None) -> LotDocument:
    document = get_object_or_404(LotDocument.objects.select_related("lot__procurement"), pk=pk)
    if not procurements_for_user(user).filter(pk=document.lot.procurement_id).exists():
        audit_record(actor=user, action="lot_document.access_denied", obj=document, request=request)
        raise Http404("No such document")
    if user.has_perm("procurements.view_lotdocument", document):
        return document
    audit_record(actor=user, action="lot_document.access_denied", obj=document, request=request)
    raise PermissionDenied(
        "Only the lot's evaluation panel, once they have signed their declaration, "
        "and the procurement lead may open its documents."
    )


def can_manage(user: Any) -> bool:
    return bool(user.has_perm("procurements.manage_procurements"))


def may_forecast(user: Any, procurement: Procurement) -> bool:
    """The conflict forecast: the governance team and the procurement's own lead."""
    member = getattr(user, "member", None)
    is_lead = member is not None and procurement.procurement_lead_id == member.pk
    return can_manage(user) or is_lead
