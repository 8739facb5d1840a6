"""Writing the audit trail, and naming its records to the person reading it.

Services call ``audit_record`` inside their own transaction, so a change and
its audit record commit or roll back together.

Some records are restricted: a confidential Part II item's title, a paper, an
item's minutes, a member's draft entry, a declaration made at a meeting, a bid
document. The trail must not become a back door to them, so for those types it
stores only the reference (type and id), never their text, and names them at
display time through the same access check as the object itself: someone who
may not open the item reads "restricted item". The kernel does not know those
types; the app that owns each registers an ``AuditSubject`` for it in its
``AppConfig.ready()`` (the same one-way hook pattern as ``interests/hooks.py``).
Callers keep restricted free text out of ``detail`` too: ids and codes only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Protocol

from django.db import models
from django.http import HttpRequest

from core.client_ip import client_ip
from core.models import AuditEvent

RESTRICTED_NAME = "restricted item"


class AuditSubject(Protocol):
    """How the app owning a restricted type names its objects in the trail."""

    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        """The name of each object ``user`` may open, by id; leave out the ones they may not
        (they read "restricted item"), and the ones that no longer exist."""


_subjects: dict[str, AuditSubject] = {}


def register_audit_subject(label: str, subject: AuditSubject) -> None:
    """Store objects of type ``label`` (``"meetings.agendaitem"``) by reference only."""
    _subjects[label] = subject


def restricted_types() -> frozenset[str]:
    return frozenset(_subjects)


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
    label = obj._meta.label_lower if obj is not None else ""
    restricted = label in _subjects
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        object_type=label,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=_without_nul(str(obj)[:300]) if obj is not None and not restricted else "",
        detail=_without_nul(detail or {}),
        ip_address=_client_ip(request),
    )


def _without_nul(value: Any) -> Any:
    """PostgreSQL's jsonb and text refuse the NUL character: drop it wherever it came from."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nul(v) for v in value]
    return value


def reference_names(
    user: Any, references: Collection[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Names of restricted records, given as (type, id), that ``user`` may open: asked of
    their apps, one batch per type. Records of types not registered as restricted, and the
    ones the reader may not open, are left out (callers show them as ``RESTRICTED_NAME``).

    For evidence kept by reference elsewhere (the breaches register), named exactly as the
    trail names the same records."""
    wanted: dict[str, set[str]] = {}
    for label, object_id in references:
        if label in _subjects and object_id:
            wanted.setdefault(label, set()).add(object_id)
    names: dict[tuple[str, str], str] = {}
    for label, ids in wanted.items():
        for object_id, name in _subjects[label].names_for(user, sorted(ids)).items():
            names[(label, object_id)] = name
    return names


def is_restricted_type(label: str) -> bool:
    return label in _subjects


def record_names(user: Any, events: Collection[AuditEvent]) -> dict[int, str]:
    """What each event's record is called for ``user``: restricted types asked of their app
    (one batch per type), the rest as stored."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.object_type in _subjects and event.object_id:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    names = {label: _subjects[label].names_for(user, sorted(ids)) for label, ids in wanted.items()}
    result: dict[int, str] = {}
    for event in events:
        if event.object_type in _subjects:
            shown = names.get(event.object_type, {}).get(event.object_id)
            result[event.pk] = shown if shown else RESTRICTED_NAME
        else:
            result[event.pk] = event.object_repr
    return result
