"""Writing the audit trail.

Services call ``audit_record`` inside their own transaction, so a change and
its audit record commit or roll back together.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from core.client_ip import client_ip
from core.models import AuditEvent


def _client_ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        detail=detail or {},
        ip_address=_client_ip(request),
    )
