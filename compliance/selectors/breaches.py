"""Reading the breaches register: the Guardian's queue, the internal register, the published
one, a breach's evidence as its reader may see it, and figures the compliance dashboard and
the annual audit pack read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from compliance.models import Breach
from core.audit import RESTRICTED_NAME, is_restricted_type, reference_names
from meetings.models import AgendaItem
from procurements.models import LotDocument

VIEW = "compliance.view_breach"
REVIEW = "compliance.review_breach"
RECORD = "compliance.add_breach"


def breaches() -> QuerySet[Breach]:
    return Breach.objects.select_related("member", "reviewed_by", "recorded_by")


def breach_queue() -> QuerySet[Breach]:
    """Likely breaches and reported ones awaiting the Guardian's review, oldest first."""
    return breaches().filter(status=Breach.Status.AWAITING_REVIEW).order_by("recorded_at", "pk")


def breach_for_user(user: Any, pk: int) -> Breach:
    """404 for no such breach; 403 for someone who may not read the breaches register."""
    breach = get_object_or_404(breaches(), pk=pk)
    if not user.has_perm(VIEW):
        raise PermissionDenied("Only the governance team, the Guardian and auditors see this.")
    return breach


def breaches_matching(
    *,
    status: str = "",
    rule: str = "",
    year: int | None = None,
    member_id: int | None = None,
) -> QuerySet[Breach]:
    found = breaches()
    if status:
        found = found.filter(status=status)
    if rule:
        found = found.filter(rule=rule)
    if year is not None:
        found = found.filter(occurred_on__year=year)
    if member_id is not None:
        found = found.filter(member_id=member_id)
    return found.order_by("-occurred_on", "-pk")


def published_breaches() -> QuerySet[Breach]:
    """What the public reads: breaches the Guardian confirmed, anonymised."""
    return (
        Breach.objects.filter(status=Breach.Status.BREACH)
        .select_related("member")
        .order_by("-occurred_on", "-pk")
    )


# --- Evidence, named for each reader ------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    label: str
    value: str


def _reference(ref: str) -> tuple[str, str] | None:
    label, _, object_id = ref.rpartition(":")
    return (label, object_id) if label and object_id else None


def evidence_rows(user: Any, items: Sequence[Breach]) -> dict[int, list[EvidenceRow]]:
    """Each breach's evidence as ``user`` may read it: a confidential item, a paper, minutes,
    a draft entry or a bid document named through its own access check (one batch per type
    for the whole page), "restricted item" where the reader may not open it."""
    wanted = set()
    for breach in items:
        for line in breach.evidence:
            reference = _reference(str(line.get("ref", "")))
            if reference is not None and is_restricted_type(reference[0]):
                wanted.add(reference)
    names = reference_names(user, wanted)
    rows: dict[int, list[EvidenceRow]] = {}
    for breach in items:
        lines = []
        for line in breach.evidence:
            reference = _reference(str(line.get("ref", "")))
            value = str(line.get("text", ""))
            if reference is not None and is_restricted_type(reference[0]):
                named = names.get(reference, RESTRICTED_NAME)
                value = f"{named} ({value})" if value else named
            lines.append(EvidenceRow(str(line.get("label", "")), value))
        rows[breach.pk] = lines
    return rows


# --- Text that must never be typed into a breach ------------------------------------------

_SHORTEST_PHRASE = 8  # shorter titles ("Finance") are ordinary words, not secrets


def restricted_phrases() -> list[str]:
    """Confidential text a breach's own words must not repeat: the titles of Part II items and
    of items whose title is confidential, and the titles of bid documents. A breach links to
    such records instead (its evidence), and each reader sees them as they may."""
    titles: Iterable[str] = AgendaItem.objects.filter(
        Q(part=AgendaItem.Part.CONFIDENTIAL) | Q(title_is_confidential=True)
    ).values_list("title", flat=True)
    documents: Iterable[str] = LotDocument.objects.values_list("title", flat=True)
    phrases = {" ".join(t.split()).lower() for t in (*titles, *documents)}
    return sorted(p for p in phrases if len(p) >= _SHORTEST_PHRASE)


def phrases_in(text: str, phrases: Iterable[str]) -> list[str]:
    flat = " ".join(text.split()).lower()
    return [phrase for phrase in phrases if phrase in flat]
