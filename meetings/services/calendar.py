"""A member's private calendar link: made (replacing any earlier one) and revoked, audited."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from core.audit import audit_record
from interests.models import Member
from meetings.models import CalendarFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_link_create(*, actor: Any, member: Member) -> str:
    """A new token for the member's feed; any earlier link stops working. The token is
    returned once, to be shown to the member, and never stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(member=member).delete()
    feed = CalendarFeed(member=member, token_hash=token_hash(token))
    feed.full_clean()
    feed.save()
    audit_record(actor=actor, action="calendar_link.created", obj=member)
    return token


@transaction.atomic
def calendar_link_revoke(*, actor: Any, member: Member) -> bool:
    deleted, _ = CalendarFeed.objects.filter(member=member).delete()
    if deleted:
        audit_record(actor=actor, action="calendar_link.revoked", obj=member)
    return bool(deleted)
