"""Likely breaches in procurements: an evaluator who opened bid documents before signing
their declaration for the lot."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Min
from django.utils import timezone

from compliance.detection.findings import Evidence, Finding, day_text
from core.digits import is_digits
from core.models import AuditEvent
from procurements.models import LotDocument, PanelMember

EARLY = "evaluator_early_access"
DOWNLOADED = "lot_document.downloaded"


def _first_signed() -> dict[int, datetime.datetime]:
    """When each panel place was first signed (a later re-signing does not move it)."""
    return dict(
        PanelMember.history.filter(signed_at__isnull=False)
        .values("id")
        .annotate(first=Min("signed_at"))
        .values_list("id", "first")
    )


def evaluators_opening_bids_before_signing(today: datetime.date) -> list[Finding]:
    """Someone on a lot's panel who downloaded one of the lot's documents (the audit trail
    records every download) before they first signed their declaration for the lot, or who
    has never signed it. Opening a bid before declaring any interest in the bidders is what
    the signature is there to prevent."""
    places = list(
        PanelMember.objects.filter(member__user__isnull=False).select_related(
            "member", "lot__procurement"
        )
    )
    if not places:
        return []
    by_user: dict[int, list[PanelMember]] = defaultdict(list)
    for place in places:
        if place.member.user_id is not None:  # always, by the filter; narrows the type
            by_user[place.member.user_id].append(place)
    downloads = list(
        AuditEvent.objects.filter(
            action=DOWNLOADED, object_type="procurements.lotdocument", actor_id__in=list(by_user)
        )
        .order_by("at", "id")
        .values_list("actor_id", "object_id", "at")
    )
    document_lots = dict(
        LotDocument.objects.filter(
            pk__in={int(object_id) for _, object_id, _ in downloads if is_digits(object_id)}
        ).values_list("pk", "lot_id")
    )
    signed = _first_signed()
    findings = []
    for place in places:
        first_signed = signed.get(place.pk)
        early = [
            (object_id, at)
            for actor_id, object_id, at in downloads
            if actor_id == place.member.user_id
            and is_digits(object_id)
            and document_lots.get(int(object_id)) == place.lot_id
            and (first_signed is None or at < first_signed)
        ]
        if not early:
            continue
        documents = list(dict.fromkeys(object_id for object_id, _ in early))
        opened = timezone.localtime(early[0][1])
        signature = (
            f"Signed on {day_text(timezone.localtime(first_signed))}"
            if first_signed
            else "Never signed"
        )
        evidence = [
            Evidence.of("Evaluation panel place", place, text=str(place)),
            Evidence("First opened a document", f"{day_text(opened)} at {opened:%H:%M}"),
            Evidence("Their declaration", signature),
        ]
        evidence += [
            Evidence("Document opened", ref=f"procurements.lotdocument:{pk}") for pk in documents
        ]
        count = len(documents)
        findings.append(
            Finding(
                rule=EARLY,
                key=f"{EARLY}:place:{place.pk}",
                member_id=place.member_id,
                occurred_on=opened.date(),
                what_happened=(
                    f"{place.member.full_name} opened {count} "
                    f"document{'s' if count != 1 else ''} of {place.lot.procurement.reference} "
                    f"lot {place.lot.number} before signing their declaration as an evaluator."
                ),
                evidence=evidence,
            )
        )
    return findings
