"""Changes to who an item conflicts, made after the agenda was published.

Taking a lot or an affected organisation off an item changes who receives its papers, so
after publication each such change is shown on the meeting's page to the chair (and the
vice-chair), the Conflicts Guardian and the governance team. The changes come from the audit
trail (``agenda.item_scope_changed``); each is described only to a reader the item is not
withheld from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from core.models import AuditEvent
from interests.models import Organisation
from meetings.access import can_record, item_withheld_from, sees_all_meetings
from meetings.hooks import lot_choices
from meetings.models import AgendaItem, Meeting

SCOPE_CHANGED = "agenda.item_scope_changed"


@dataclass(frozen=True)
class ScopeChange:
    at: datetime.datetime
    by: str
    heading: str
    changes: tuple[str, ...]  # empty when the item is withheld from the reader


def sees_scope_changes(user: Any, meeting: Meeting) -> bool:
    return bool(
        sees_all_meetings(user)
        or user.has_perm("interests.approve_withholding")
        or can_record(user, meeting)
    )


def _names(ids: list[int], names: dict[int, str]) -> str:
    return ", ".join(names.get(pk, "an organisation no longer on record") for pk in ids)


def scope_changes(meeting: Meeting, user: Any) -> list[ScopeChange]:
    if not sees_scope_changes(user, meeting):
        return []
    events = list(
        AuditEvent.objects.filter(action=SCOPE_CHANGED, detail__meeting=meeting.pk)
        .select_related("actor__member")
        .order_by("at", "pk")
    )
    if not events:
        return []
    items = {
        i.pk: i
        for i in AgendaItem.objects.filter(
            meeting=meeting, pk__in=[int(e.object_id) for e in events]
        )
    }
    org_ids = {
        pk
        for e in events
        for pk in (*e.detail.get("affected_added", []), *e.detail.get("affected_removed", []))
    }
    orgs = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    lots = dict(lot_choices() or ())
    withheld = {pk: item_withheld_from(user, item) for pk, item in items.items()}
    rows = []
    for event in events:
        item = items.get(int(event.object_id))
        if item is None:
            continue
        item.meeting = meeting
        member = getattr(event.actor, "member", None) if event.actor else None
        by = member.full_name if member else (event.actor.get_username() if event.actor else "")
        if withheld[item.pk]:
            rows.append(ScopeChange(event.at, by, f"Item {item.number}", ()))
            continue
        detail = event.detail
        changes = []
        if detail.get("affected_added"):
            changes.append(
                f"Affected organisations added: {_names(detail['affected_added'], orgs)}"
            )
        if detail.get("affected_removed"):
            changes.append(
                f"Affected organisations removed: {_names(detail['affected_removed'], orgs)}"
            )
        if detail.get("lot_from") != detail.get("lot_to"):
            was = lots.get(detail.get("lot_from"), "no lot") if detail.get("lot_from") else "no lot"
            now = lots.get(detail.get("lot_to"), "no lot") if detail.get("lot_to") else "no lot"
            changes.append(f"Procurement lot changed from {was} to {now}")
        rows.append(ScopeChange(event.at, by, f"Item {item.number}: {item.title}", tuple(changes)))
    return rows
