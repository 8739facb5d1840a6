"""Proposing, confirming and rejecting links from typed organisation names (ADR 0027).

Every typed name (register entries, imported or declared, and gifts' "offered by") is
matched against the organisation list when it is saved; a confident match becomes a
proposal. Only the secretary's confirmation links anything: it links every entry that
typed the name, in one transaction whose hooks recompute verdicts and paper access,
exactly as a corrected declaration does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from interests.models import GiftOrHospitality, Organisation, OrganisationNameMatch
from interests.name_matching import Candidate, NameMatcher
from interests.selectors.organisations import (
    normalise_organisation_name,
    unlinked_interests_named,
    unlinked_organisation_names,
)
from interests.services.organisations import organisation_name_link


def _unlinked_gifts_named(key: str) -> list[GiftOrHospitality]:
    gifts = GiftOrHospitality.objects.filter(offered_by_organisation__isnull=True).exclude(
        offered_by_name=""
    )
    return [g for g in gifts if normalise_organisation_name(g.offered_by_name) == key]


def _all_typed_names() -> list[str]:
    names = [entry.name for entry in unlinked_organisation_names()]
    names += list(
        GiftOrHospitality.objects.filter(offered_by_organisation__isnull=True)
        .exclude(offered_by_name="")
        .values_list("offered_by_name", flat=True)
    )
    return names


def name_matcher() -> NameMatcher:
    """The organisation list, in one query; built once per batch of names."""
    return NameMatcher(
        Candidate(pk, name, code)
        for pk, name, code in Organisation.objects.filter(is_active=True).values_list(
            "pk", "name", "ods_code"
        )
    )


@transaction.atomic
def name_matches_propose(*, typed_names: Iterable[str] | None = None) -> int:
    """Propose an organisation for each typed name that confidently matches one.

    ``None`` means every typed name still unlinked. A name already decided (confirmed or
    rejected) for an organisation is not proposed again for it. Returns how many
    proposals were added.
    """
    by_key: dict[str, str] = {}
    for typed in _all_typed_names() if typed_names is None else typed_names:
        name = " ".join(typed.split())
        if name:
            by_key.setdefault(normalise_organisation_name(name), name)
    if not by_key:
        return 0
    matcher = name_matcher()
    existing = set(
        OrganisationNameMatch.objects.filter(typed_key__in=list(by_key)).values_list(
            "typed_key", "organisation_id"
        )
    )
    new = [
        OrganisationNameMatch(
            typed_name=name[:200],
            typed_key=key[:200],
            organisation_id=proposal.organisation_id,
            method=proposal.method.value,
            score=proposal.score,
        )
        for key, name in by_key.items()
        for proposal in matcher.propose(name)
        if (key, proposal.organisation_id) not in existing
    ]
    OrganisationNameMatch.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _decide(match: OrganisationNameMatch, status: str, actor: Any) -> None:
    match.status = status
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.full_clean()
    match.save()


def _link_gifts(*, key: str, organisation: Organisation, actor: Any) -> int:
    gifts = _unlinked_gifts_named(key)
    for gift in gifts:
        gift.offered_by_organisation = organisation
        gift._change_reason = f"Organisation linked: {organisation.name}"  # type: ignore[attr-defined]
        gift._history_user = actor  # type: ignore[attr-defined]
        gift.save(update_fields=["offered_by_organisation", "updated_at"])
    return len(gifts)


@transaction.atomic
def name_match_confirm(
    *, match: OrganisationNameMatch, actor: Any, request: HttpRequest | None = None
) -> int:
    """Link every entry and gift that typed the name; the engine uses the link at once.

    Other proposals for the same name are rejected with it. Returns how many register
    entries were linked.
    """
    locked = OrganisationNameMatch.objects.select_for_update().get(pk=match.pk)
    if locked.status != OrganisationNameMatch.Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    organisation = locked.organisation
    linked = 0
    if unlinked_interests_named(locked.typed_name):
        # Links, records history, and tells meetings and procurements (hooks) at once.
        linked = organisation_name_link(
            actor=actor, typed_name=locked.typed_name, organisation=organisation, request=request
        )
    gifts = _link_gifts(key=locked.typed_key, organisation=organisation, actor=actor)
    _decide(locked, OrganisationNameMatch.Status.CONFIRMED, actor)
    others = OrganisationNameMatch.objects.filter(
        typed_key=locked.typed_key, status=OrganisationNameMatch.Status.PROPOSED
    ).exclude(pk=locked.pk)
    for other in others:
        _decide(other, OrganisationNameMatch.Status.REJECTED, actor)
    audit_record(
        actor=actor,
        action="organisation.name_match_confirmed",
        obj=organisation,
        detail={
            "typed_name": locked.typed_name,
            "method": locked.method,
            "score": locked.score,
            "interests": linked,
            "gifts": gifts,
        },
        request=request,
    )
    return linked


@transaction.atomic
def name_match_reject(
    *, match: OrganisationNameMatch, actor: Any, request: HttpRequest | None = None
) -> None:
    """Not the same organisation: the name stays as typed and is not proposed for it again."""
    locked = OrganisationNameMatch.objects.select_for_update().get(pk=match.pk)
    if locked.status != OrganisationNameMatch.Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    _decide(locked, OrganisationNameMatch.Status.REJECTED, actor)
    audit_record(
        actor=actor,
        action="organisation.name_match_rejected",
        obj=locked.organisation,
        detail={"typed_name": locked.typed_name, "method": locked.method, "score": locked.score},
        request=request,
    )
