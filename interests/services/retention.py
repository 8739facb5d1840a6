"""Deleting a leaver's records once their six years have passed: only what the secretary
chose from the reviewed list, only what is still due, each deletion audited.

"Nothing is ever deleted" holds for every record inside its six years: the service works out
again, at the moment of deletion, that each chosen record is past them and that nothing else
still refers to it, and refuses the whole request otherwise. A register entry's or a gift's
history (every earlier version) goes with it. The audit trail keeps that it was deleted, by
whom and when, against the person; never what the record said.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from core.publication import REGISTER_OF_INTERESTS, publication_changed
from interests.models import Declaration, GiftOrHospitality, Interest, Member
from interests.selectors.retention import (
    DueRecord,
    deletion_list,
    held_by,
    leavers_past_retention,
)

PERMISSION = "interests.review_retention"
_ORDER = {"interest": 0, "gift": 1, "declaration": 2, "person": 3}


@dataclass(frozen=True)
class Deleted:
    records: int
    people: int


def _delete(record: DueRecord) -> None:
    if record.kind in ("interest", "gift"):
        model = Interest if record.kind == "interest" else GiftOrHospitality
        model.objects.get(pk=record.pk).delete()
        # After the deletion: django-simple-history records the deletion as one more version.
        model.history.model.objects.filter(id=record.pk).delete()
    elif record.kind == "declaration":
        Declaration.objects.get(pk=record.pk).delete()
    else:
        member = Member.objects.get(pk=record.pk)
        blockers = held_by(member)
        if blockers:
            raise ValidationError(
                f"{member.full_name}'s own record is still referred to ({', '.join(blockers)}): "
                "it is kept."
            )
        member.delete()


@transaction.atomic
def retention_delete(
    *,
    actor: Any,
    keys: Collection[str],
    today: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Deleted:
    """Delete the chosen records (``"interest:12"``, ``"person:4"``), all or none."""
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied("Only the governance secretary deletes records past retention.")
    today = today or timezone.localdate()
    if not keys:
        raise ValidationError({"records": "Choose the records to delete"})
    # Two secretaries deleting at once: the second waits, then finds the records gone.
    list(leavers_past_retention(today).select_for_update())
    due: dict[str, tuple[Member, DueRecord]] = {}
    for leaver in deletion_list(today):
        for record in leaver.records:
            due[record.key] = (leaver.member, record)
    chosen = []
    for key in keys:
        if key not in due:
            raise ValidationError(
                {"records": "A record chosen is not past its six years, or is already deleted"}
            )
        member, record = due[key]
        if not record.deletable:
            raise ValidationError(
                {"records": f"{record.label} is kept: {', '.join(record.held_by)} refer to it"}
            )
        chosen.append((member, record))
    people: set[int] = set()
    for member, record in sorted(chosen, key=lambda c: (_ORDER[c[1].kind], c[1].pk)):
        # Recorded against the person (by id, before the deletion): never what it said.
        audit_record(
            actor=actor,
            action="retention.deleted",
            obj=member,
            detail={
                "record": record.kind,
                "id": record.pk,
                "left_on": member.left_on.isoformat() if member.left_on else None,
                "kept_until": record.kept_until.isoformat(),
            },
            request=request,
        )
        _delete(record)
        if record.kind == "person":
            people.add(record.pk)
    # Long off the published register, but its pages are versioned by change (core.publication).
    publication_changed(REGISTER_OF_INTERESTS)
    return Deleted(records=len(chosen), people=len(people))
