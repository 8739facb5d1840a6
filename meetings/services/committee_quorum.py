"""Setting a committee's quorum rule for every professional role at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from interests.models import Member
from meetings.models import Committee
from meetings.services.committees import committee_role_requirement_set


@transaction.atomic
def committee_quorum_set(
    *, actor: Any, committee: Committee, minimums: Mapping[str, int]
) -> list[str]:
    """Set "at least N of this role" for each role given (0: no requirement).

    All or nothing: the roles change together or not at all. Returns the roles
    whose minimum changed; unchanged roles are left alone (and not audited).
    """
    roles = set(Member.ProfessionalRole.values)
    unknown = sorted(set(minimums) - roles)
    if unknown:
        raise ValidationError(f"Unknown professional role: {', '.join(unknown)}")
    if any(minimum < 0 for minimum in minimums.values()):
        raise ValidationError("A minimum cannot be less than 0")
    current = {r.professional_role: r.minimum for r in committee.role_requirements.all()}
    wanted = {**current, **minimums}
    total = sum(wanted.values())
    if total > committee.quorum_minimum_voting:
        # A person holds one professional role, so these minimums can only be met
        # by more voting members than the rule asks for: the rule would contradict itself.
        raise ValidationError(
            f"These minimums add up to {total}, more than the {committee.quorum_minimum_voting} "
            "voting members the quorum needs. Lower them, or raise the minimum number of "
            "voting members first"
        )
    changed = [
        role
        for role in Member.ProfessionalRole.values
        if role in minimums and current.get(role, 0) != minimums[role]
    ]
    for role in changed:
        committee_role_requirement_set(
            actor=actor, committee=committee, professional_role=role, minimum=minimums[role]
        )
    return changed
