"""Setting a committee's quorum rule for every professional role at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import version_check, version_token
from interests.models import Member
from meetings.models import Committee, QuorumRoleRequirement
from meetings.services.committees import committee_role_requirement_set


def quorum_version(committee: Committee) -> str:
    """The token the quorum form carries (core.concurrency): the committee's minimum of
    voting members and every role's minimum, read from the database."""
    return version_token(_quorum_state(committee))


def _quorum_state(committee: Committee) -> dict[str, Any]:
    rows = QuorumRoleRequirement.objects.filter(committee=committee)
    roles = {r.professional_role: r.minimum for r in rows}
    return {"quorum_minimum_voting": committee.quorum_minimum_voting, "roles": roles}


def _quorum_shown(committee: Committee) -> list[tuple[str, str]]:
    labels = dict(Member.ProfessionalRole.choices)
    roles = _quorum_state(committee)["roles"]
    return [("Minimum voting members present", str(committee.quorum_minimum_voting))] + [
        (f"{labels[role]}: minimum present", str(minimum))
        for role, minimum in sorted(roles.items())
        if minimum
    ]


@transaction.atomic
def committee_quorum_set(
    *,
    actor: Any,
    committee: Committee,
    minimums: Mapping[str, int],
    version: str | None = None,
) -> list[str]:
    """Set "at least N of this role" for each role given (0: no requirement).

    All or nothing: the roles change together or not at all. Returns the roles
    whose minimum changed; unchanged roles are left alone (and not audited).
    """
    # Read under the committee's row lock: with ``version`` (the form's token), a save from a
    # form shown before someone else's is refused and nothing changes.
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    version_check(
        expected=version,
        state=_quorum_state(committee),
        noun="quorum",
        shown=_quorum_shown(committee),
    )
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
