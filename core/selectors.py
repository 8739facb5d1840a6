"""Reads of cross-cutting records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from core.audit import record_names
from core.models import AuditEvent


def audit_events_recent() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor").order_by("-at", "-id")


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    record: str  # the record's name as this reader may see it ("restricted item" if not)


def audit_rows(events: list[AuditEvent], user: Any) -> list[AuditRow]:
    """A page of the trail as ``user`` may read it: restricted records named through their
    own access checks (core.audit), never from stored text."""
    names = record_names(user, events)
    return [AuditRow(event, names[event.pk]) for event in events]
