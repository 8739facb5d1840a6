"""Recording that someone has left the organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from interests import hooks
from interests.models import Member
from interests.services.logins import is_superuser, roles_held, same_person


@dataclass(frozen=True)
class Departure:
    member: Member
    places_ended: tuple[hooks.PlaceEnded, ...]


@transaction.atomic
def member_leave(
    *,
    actor: Any,
    member: Member,
    left_on: datetime.date,
    request: HttpRequest | None = None,
) -> Departure:
    """Record that someone has left: inactive, no login, their places ended on ``left_on``.

    Nothing is deleted. Their register entries stay (the published register
    keeps ended interests for six months by its own rules); their roles stay
    on the login for the record, but an inactive login has no permissions and
    cannot sign in, and any session they have ends at their next request. The
    apps built on the register end the places they know of (committee seats,
    evaluation panels) through ``hooks.end_places_of_leaver``.
    """
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    if same_person(actor, member):
        raise ValidationError("You cannot record that you have left: ask another secretary")
    if member.user is not None and member.user.is_superuser and not is_superuser(actor):
        raise ValidationError(
            "Only a system administrator can record that a system administrator has left"
        )
    if not member.is_active and (member.user is None or not member.user.is_active):
        raise ValidationError(f"{member.full_name} is already recorded as having left")
    if left_on > timezone.localdate():
        raise ValidationError(
            {
                "left_on": (
                    "The date they left must be today or in the past: record it on the day "
                    "they leave"
                )
            }
        )
    ended = hooks.end_places_of_leaver(actor=actor, member=member, left_on=left_on)
    member.is_active = False
    member.left_on = left_on
    member.save(update_fields=["is_active", "left_on", "updated_at"])
    if member.user is not None and member.user.is_active:
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="member.left",
        obj=member,
        detail={
            "left_on": left_on.isoformat(),
            "places_ended": [str(place) for place in ended],
            "roles_held": sorted(roles_held(member.user)),
        },
        request=request,
    )
    hooks.notify_member_changed(member)
    return Departure(member=member, places_ended=tuple(ended))
