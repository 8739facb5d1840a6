"""How meetings' restricted records are named in the audit trail (core.audit).

The trail stores these by reference only. Here each is named for the person reading the
trail through the same checks that guard the record itself (``meetings.access``): a meeting
they may not know of, a paper or minutes withheld from them, or a confidential title they
may not read comes back unnamed, and the trail shows "restricted item".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from guardian.core import ObjectPermissionChecker

from core.audit import register_audit_subject
from core.digits import is_digits
from meetings.access import can_record, meetings_for_user, sees_everything
from meetings.models import (
    AgendaItem,
    ConflictDecision,
    ItemMinutes,
    Meeting,
    MeetingDeclaration,
    MinutesErratum,
    Paper,
)


def _ids(object_ids: Collection[str]) -> list[int]:
    return [int(i) for i in object_ids if is_digits(i)]


class _Reader:
    """One reader's view of a handful of meetings, with permissions fetched once per model."""

    def __init__(self, user: Any, meetings: Iterable[Meeting]) -> None:
        self.user = user
        by_id: dict[int, Meeting] = {m.pk: m for m in meetings}
        visible = set(
            meetings_for_user(user).filter(pk__in=list(by_id)).values_list("pk", flat=True)
        )
        self.visible = {pk: m for pk, m in by_id.items() if pk in visible}
        self.everything = {pk: sees_everything(user, m) for pk, m in self.visible.items()}
        self.checker = ObjectPermissionChecker(user)
        self._minutes: dict[int, ItemMinutes] = {}

    def knows(self, meeting_id: int) -> bool:
        return meeting_id in self.visible

    def sees_all(self, meeting_id: int) -> bool:
        return self.everything.get(meeting_id, False)

    def records(self, meeting_id: int) -> bool:
        meeting = self.visible.get(meeting_id)
        return meeting is not None and (self.sees_all(meeting_id) or can_record(self.user, meeting))

    def load_minutes(self, items: Iterable[AgendaItem]) -> None:
        minutes = list(ItemMinutes.objects.filter(item__in=list(items)))
        if minutes:
            self.checker.prefetch_perms(minutes)  # type: ignore[arg-type]
        self._minutes = {m.item_id: m for m in minutes}

    def cleared_for(self, item: AgendaItem) -> bool:
        """Whether the reader may receive the item (its minutes' permission, as the pack)."""
        if self.sees_all(item.meeting_id):
            return True
        minutes = self._minutes.get(item.pk)
        return minutes is not None and bool(self.checker.has_perm("view_itemminutes", minutes))

    def item_label(self, item: AgendaItem) -> str:
        meeting = self.visible[item.meeting_id]
        if item.title_is_confidential and not self.cleared_for(item):
            return f"Item {item.number} (confidential title), {meeting.display_title}"
        return f"Item {item.number}: {item.title}, {meeting.display_title}"


class MeetingNames:
    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        meetings = Meeting.objects.select_related("committee").filter(pk__in=_ids(object_ids))
        reader = _Reader(user, meetings)
        return {str(pk): m.display_title for pk, m in reader.visible.items()}


class AgendaItemNames:
    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        items = list(
            AgendaItem.objects.select_related("meeting__committee").filter(pk__in=_ids(object_ids))
        )
        reader = _Reader(user, (i.meeting for i in items))
        known = [i for i in items if reader.knows(i.meeting_id)]
        reader.load_minutes(known)
        return {str(i.pk): reader.item_label(i) for i in known}


class PaperNames:
    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        papers = list(
            Paper.objects.select_related("item__meeting__committee").filter(pk__in=_ids(object_ids))
        )
        reader = _Reader(user, (p.item.meeting for p in papers))
        known = [p for p in papers if reader.knows(p.item.meeting_id)]
        if known:
            reader.checker.prefetch_perms(known)  # type: ignore[arg-type]
        reader.load_minutes(p.item for p in known)
        return {
            str(p.pk): f"{p.title} ({reader.item_label(p.item)})"
            for p in known
            if reader.sees_all(p.item.meeting_id) or reader.checker.has_perm("view_paper", p)
        }


class ItemMinutesNames:
    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        minutes = list(
            ItemMinutes.objects.select_related("item__meeting__committee").filter(
                pk__in=_ids(object_ids)
            )
        )
        reader = _Reader(user, (m.item.meeting for m in minutes))
        known = [m for m in minutes if reader.knows(m.item.meeting_id)]
        reader.load_minutes(m.item for m in known)
        return {
            str(m.pk): f"Minutes of {reader.item_label(m.item)}"
            for m in known
            if reader.cleared_for(m.item)
        }


class ConflictDecisionNames:
    """The chair's decisions: named to those who see verdicts (the team outside the room, the
    person recording the meeting)."""

    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        decisions = list(
            ConflictDecision.objects.select_related("member", "item__meeting__committee").filter(
                pk__in=_ids(object_ids)
            )
        )
        reader = _Reader(user, (d.item.meeting for d in decisions))
        known = [d for d in decisions if reader.records(d.item.meeting_id)]
        reader.load_minutes(d.item for d in known)
        return {
            str(d.pk): f"{d.member.short_name} on {reader.item_label(d.item)}: "
            f"{d.get_action_display()}"
            for d in known
        }


class DeclarationNames:
    """Declarations made at a meeting: who and where, never what was declared."""

    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        declarations = list(
            MeetingDeclaration.objects.select_related("member", "meeting__committee").filter(
                pk__in=_ids(object_ids)
            )
        )
        reader = _Reader(user, (d.meeting for d in declarations))
        return {
            str(d.pk): f"Declaration by {d.member.short_name} at {d.meeting.display_title}"
            for d in declarations
            if reader.records(d.meeting_id)
        }


class ErratumNames:
    """Corrections to approved minutes: named to the readers of what they correct."""

    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        errata = list(
            MinutesErratum.objects.select_related("meeting__committee", "item").filter(
                pk__in=_ids(object_ids)
            )
        )
        reader = _Reader(user, (e.meeting for e in errata))
        known = [e for e in errata if reader.knows(e.meeting_id)]
        reader.load_minutes(e.item for e in known if e.item is not None)
        return {
            str(e.pk): (
                f"Correction to {reader.item_label(e.item)}"
                if e.item is not None
                else f"Correction to the minutes of {e.meeting.display_title}"
            )
            for e in known
            if e.item is None or reader.cleared_for(e.item)
        }


def register() -> None:
    register_audit_subject("meetings.meeting", MeetingNames())
    register_audit_subject("meetings.agendaitem", AgendaItemNames())
    register_audit_subject("meetings.paper", PaperNames())
    register_audit_subject("meetings.itemminutes", ItemMinutesNames())
    register_audit_subject("meetings.conflictdecision", ConflictDecisionNames())
    register_audit_subject("meetings.meetingdeclaration", DeclarationNames())
    register_audit_subject("meetings.minuteserratum", ErratumNames())
