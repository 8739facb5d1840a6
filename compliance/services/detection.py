"""Turning what the checks find into likely breaches queued for the Guardian."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from compliance.detection import all_rules
from compliance.detection.findings import Finding
from compliance.models import Breach
from core.audit import audit_record


@dataclass(frozen=True)
class DetectionRun:
    found: int  # findings this run, new or already raised
    created: list[Breach] = field(default_factory=list)


def _raise(finding: Finding) -> Breach | None:
    """A new likely breach for the finding, or ``None`` if its key was raised already (by an
    earlier run, or by another run at this moment: the unique key decides)."""
    breach = Breach(
        rule=finding.rule,
        detection_key=finding.key,
        member_id=finding.member_id,
        occurred_on=finding.occurred_on,
        what_happened=finding.what_happened,
        how_found=Breach.HowFound.DETECTED,
        evidence=[line.as_json() for line in finding.evidence],
    )
    breach.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            breach.save()
            # Ids and codes only: the finding's words stay on the breach (ADR 0011).
            audit_record(
                actor=None,
                action="breach.detected",
                obj=breach,
                detail={"rule": finding.rule, "key": finding.key},
            )
    except IntegrityError:
        return None
    return breach


def breaches_detect(*, today: datetime.date | None = None) -> DetectionRun:
    """Run every rule; queue each finding not raised before (dismissed ones included)."""
    today = today or timezone.localdate()
    findings = [finding for rule in all_rules() for finding in rule(today)]
    known = set(Breach.objects.exclude(detection_key="").values_list("detection_key", flat=True))
    created = []
    for finding in findings:
        if finding.key in known:
            continue
        breach = _raise(finding)
        if breach is not None:
            created.append(breach)
            known.add(finding.key)
    return DetectionRun(found=len(findings), created=created)
