"""Reads of cross-cutting records."""

from __future__ import annotations

from django.db.models import QuerySet

from core.models import AuditEvent


def audit_events_recent() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor").order_by("-at", "-id")
