"""How register entries are named in the audit trail (core.audit): a draft is its
declarant's own (ADR 0009), so only they read its name; declared entries are named to those
who may read the full register (``interests.access``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from core.audit import register_audit_subject
from core.digits import is_digits
from interests.models import Interest


class InterestNames:
    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        ids = [int(i) for i in object_ids if is_digits(i)]
        own = getattr(user, "member", None)
        full = user.has_perm("interests.view_full_register")
        names = {}
        for interest in Interest.objects.select_related("declarant", "organisation").filter(
            pk__in=ids
        ):
            mine = own is not None and interest.declarant_id == own.pk
            if mine or (full and not interest.is_draft):
                names[str(interest.pk)] = str(interest)
        return names


def register() -> None:
    register_audit_subject("interests.interest", InterestNames())
