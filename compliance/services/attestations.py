"""Signing the Conflicts Guardian's annual attestation: a new version each time, never a
change to a signed one; the year's evidence is kept with it as it stood at signing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from compliance.models import Attestation
from compliance.selectors.dashboard import ComplianceFigures, compliance_figures
from core.audit import audit_record

SIGN = "compliance.sign_attestation"


def evidence_snapshot(figures: ComplianceFigures) -> list[dict[str, str]]:
    """The figures as they stand, without the names behind them."""
    return [
        {"key": f.key, "label": f.label, "figure": f.summary, "hint": f.hint}
        for f in figures.figures
    ]


def statement_prefill(figures: ComplianceFigures, organisation: str) -> str:
    lines = [
        f"As Conflicts of Interest Guardian of {organisation}, I attest that for "
        f"{figures.period.year} the organisation managed conflicts of interest in line with "
        "NHS England's statutory guidance, on the evidence below:",
        "",
    ]
    lines += [f"- {f.label}: {f.summary}." for f in figures.figures]
    return "\n".join(lines)


def attestation_sign(
    *,
    actor: Any,
    year: int,
    statement: str,
    exceptions: str = "",
    change_reason: str = "",
    request: HttpRequest | None = None,
) -> Attestation:
    """Sign the year's attestation; if one is signed already, this version supersedes it."""
    if not actor.has_perm(SIGN):
        raise PermissionDenied("Only the Conflicts Guardian signs the annual attestation.")
    with transaction.atomic():
        signed = list(Attestation.objects.select_for_update().filter(year=year))
        current = max(signed, key=lambda a: a.version) if signed else None
        member = getattr(actor, "member", None)
        attestation = Attestation(
            year=year,
            version=current.version + 1 if current else 1,
            supersedes=current,
            statement=statement.strip(),
            exceptions=exceptions.strip(),
            change_reason=change_reason.strip() if current else "",
            evidence=evidence_snapshot(compliance_figures(year, trends=False)),
            signed_by=actor,
            signed_name=member.full_name if member else actor.get_full_name() or actor.username,
            signed_role=member.job_title if member else "Conflicts of Interest Guardian",
            signed_at=timezone.now(),
        )
        attestation.full_clean()
        attestation.save()
        audit_record(
            actor=actor,
            action="attestation.superseded" if current else "attestation.signed",
            obj=attestation,
            detail={
                "year": year,
                "version": attestation.version,
                **({"supersedes": current.reference} if current else {}),
            },
            request=request,
        )
    return attestation
