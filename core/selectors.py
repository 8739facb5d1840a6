"""Reads of cross-cutting records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from core.audit import record_names
from core.models import AuditEvent, privileged_condition

# The distinct values of an indexed column by a loose index scan: one index probe per value
# ("the next value after this one") instead of reading every row. At seed_scale's 2 million
# rows a plain DISTINCT took 350-400 ms a column on every audit trail page; this takes
# about a millisecond for the hundred or so actions. Both columns lead an index
# (``action``; ``object_type, object_id``). Standard SQL, so SQLite runs it too.
_NEXT_VALUE_SQL = """
    WITH RECURSIVE seen(value) AS (
        SELECT MIN({column}) FROM core_auditevent
        UNION ALL
        SELECT (SELECT MIN({column}) FROM core_auditevent WHERE {column} > seen.value)
        FROM seen WHERE seen.value IS NOT NULL
    )
    SELECT value FROM seen WHERE value IS NOT NULL
"""
_DISTINCT_SQL = {
    "action": _NEXT_VALUE_SQL.replace("{column}", "action"),
    "object_type": _NEXT_VALUE_SQL.replace("{column}", "object_type"),
}


def audit_distinct_values(column: str) -> list[str]:
    """Every value the trail holds in ``column`` ("action" or "object_type"), sorted."""
    with connection.cursor() as cursor:
        cursor.execute(_DISTINCT_SQL[column])
        return [value for (value,) in cursor.fetchall()]


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


AUDIT_CSV_COLUMNS = (
    "When",
    "Username",
    "Name",
    "What was done",
    "Kind of record",
    "Record number",
    "Record",
)
_CSV_BATCH = 500


def audit_csv_rows(events: QuerySet[AuditEvent], user: Any) -> Iterator[list[Any]]:
    """The trail as CSV rows for ``user``, in batches: each batch's restricted records named
    through their own access checks, exactly as on the page (ADR 0011)."""
    batch: list[AuditEvent] = []

    def rows(chunk: list[AuditEvent]) -> Iterator[list[Any]]:
        for row in audit_rows(chunk, user):
            actor = row.event.actor
            yield [
                row.event.at,
                actor.get_username() if actor else "system",
                actor.get_full_name() if actor else "",
                row.event.action,
                row.event.object_type,
                row.event.object_id,
                row.record,
            ]

    for event in events.iterator(chunk_size=_CSV_BATCH):
        batch.append(event)
        if len(batch) == _CSV_BATCH:
            yield from rows(batch)
            batch = []
    if batch:
        yield from rows(batch)


# --- Privileged actions: what the Conflicts Guardian reviews --------------------------------

PRIVILEGED_ACTIONS: dict[str, str] = {
    "member.login_created": "Login given, with roles",
    "member.changed": "Roles or login changed",
    "member.left": "Left: login ended",
    "login.email_changed": "Login email address changed",
    "two_factor.enrolled": "Two-factor sign-in set up",
    "two_factor.reset": "Two-factor sign-in reset",
    "two_factor.recovery_code_used": "Recovery code used to sign in",
    "two_factor.recovery_codes_renewed": "New recovery codes made",
    "interest.withholding_approved": "Withholding from publication approved",
    "interest.withholding_refused": "Withholding from publication refused",
    "agenda.item_scope_changed": "Item's lot or affected organisations changed after publication",
}


def privileged_events() -> QuerySet[AuditEvent]:
    """Role grants and removals, login and email changes, two-factor enrolments and resets,
    withholding decisions and changes to who an item conflicts after publication (the
    condition the partial index ``audit_privileged_newest_first`` is built on)."""
    return audit_events_recent().filter(privileged_condition())


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def _summary(event: AuditEvent) -> str:
    detail = event.detail or {}
    parts: list[str] = []
    roles = detail.get("roles") or {}
    if isinstance(roles, list):  # a new login lists the roles it was given
        parts.append(f"Roles: {', '.join(roles) or 'none'}")
    elif isinstance(roles, dict):
        if roles.get("granted"):
            parts.append(f"Roles granted: {', '.join(roles['granted'])}")
        if roles.get("removed"):
            parts.append(f"Roles removed: {', '.join(roles['removed'])}")
    login = detail.get("login") or {}
    if isinstance(login, dict):
        if "username" in login:
            parts.append(f"Username {login['username'][0]} changed to {login['username'][1]}")
        if "is_active" in login:
            before, after = login["is_active"]
            parts.append(f"Can sign in: {_yes_no(before)} to {_yes_no(after)}")
        if "email" in login:
            parts.append(f"Email {login['email'][0]} changed to {login['email'][1]}")
    if event.action == "login.email_changed":
        parts.append(f"{detail.get('from') or 'none'} changed to {detail.get('to') or 'none'}")
    if event.action == "two_factor.reset":
        parts.append(f"Devices removed: {detail.get('devices_removed', 0)}")
    if event.action == "two_factor.recovery_code_used":
        parts.append(f"Recovery codes left: {detail.get('codes_left', 0)}")
    if event.action == "agenda.item_scope_changed":
        if detail.get("lot_from") != detail.get("lot_to"):
            parts.append("Procurement lot changed")
        if detail.get("affected_added") or detail.get("affected_removed"):
            parts.append("Affected organisations changed")
    return "; ".join(parts)


@dataclass(frozen=True)
class PrivilegedRow:
    event: AuditEvent
    what: str
    record: str
    summary: str


def privileged_rows(events: list[AuditEvent], user: Any) -> list[PrivilegedRow]:
    names = record_names(user, events)
    return [
        PrivilegedRow(
            event,
            PRIVILEGED_ACTIONS.get(event.action, event.action),
            names[event.pk],
            _summary(event),
        )
        for event in events
    ]
