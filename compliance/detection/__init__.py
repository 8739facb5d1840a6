"""The checks that find likely breaches, one module per area (see ``findings``)."""

from __future__ import annotations

from compliance.detection import meetings, procurements, register
from compliance.detection.findings import Rule


def all_rules() -> list[Rule]:
    return [
        meetings.undeclared_conflicts,
        meetings.excluded_present,
        register.late_declarations,
        register.annual_declarations_missed,
        register.gifts_accepted_without_approval,
        procurements.evaluators_opening_bids_before_signing,
    ]
