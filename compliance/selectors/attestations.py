"""Reading the annual attestations: every version, the one that stands for a year."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from compliance.models import Attestation
from compliance.selectors.dashboard import VIEW_DASHBOARD


def attestations() -> QuerySet[Attestation]:
    return Attestation.objects.select_related("supersedes", "signed_by").order_by(
        "-year", "-version"
    )


def current_attestation(year: int) -> Attestation | None:
    return attestations().filter(year=year, superseded_by__isnull=True).first()


def attestation_for_user(user: Any, pk: int) -> Attestation:
    attestation = get_object_or_404(attestations(), pk=pk)
    if not user.has_perm(VIEW_DASHBOARD):
        raise PermissionDenied("Only the Conflicts Guardian and auditors read attestations.")
    return attestation


def is_current(attestation: Attestation) -> bool:
    return not Attestation.objects.filter(supersedes=attestation).exists()
