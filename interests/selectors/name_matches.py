"""Reading the proposals that typed organisation names mean organisations on the list."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from interests.models import GiftOrHospitality, OrganisationNameMatch
from interests.selectors.organisations import _unlinked_interests, normalise_organisation_name


@dataclass(frozen=True)
class QueueRow:
    match: OrganisationNameMatch
    entries: int  # register entries that typed the name and are not linked yet
    gifts: int


def name_matches_proposed() -> QuerySet[OrganisationNameMatch]:
    return OrganisationNameMatch.objects.filter(
        status=OrganisationNameMatch.Status.PROPOSED
    ).select_related("organisation")


def name_match_queue() -> list[QueueRow]:
    """Every proposal waiting for the secretary, with how many entries each would link."""
    matches = list(name_matches_proposed())
    keys = {m.typed_key for m in matches}
    entries: Counter[str] = Counter()
    gifts: Counter[str] = Counter()
    if keys:
        for typed in _unlinked_interests().values_list("organisation_name", flat=True):
            entries[normalise_organisation_name(typed)] += 1
        offered = GiftOrHospitality.objects.filter(offered_by_organisation__isnull=True).exclude(
            offered_by_name=""
        )
        for typed in offered.values_list("offered_by_name", flat=True):
            gifts[normalise_organisation_name(typed)] += 1
    return [QueueRow(m, entries[m.typed_key], gifts[m.typed_key]) for m in matches]


def name_match_get(pk: int) -> OrganisationNameMatch:
    return get_object_or_404(OrganisationNameMatch.objects.select_related("organisation"), pk=pk)


@dataclass(frozen=True)
class ProposedOrganisation:
    organisation_id: int
    organisation_name: str
    typed_name: str


def proposed_organisations(typed_names: Collection[str]) -> dict[str, list[ProposedOrganisation]]:
    """For each typed name (by its key), the organisations proposed for it and not yet
    decided. One query."""
    keys = {normalise_organisation_name(name) for name in typed_names if name.strip()}
    found: dict[str, list[ProposedOrganisation]] = defaultdict(list)
    if not keys:
        return found
    for match in name_matches_proposed().filter(typed_key__in=keys):
        found[match.typed_key].append(
            ProposedOrganisation(match.organisation_id, match.organisation.name, match.typed_name)
        )
    return found
