"""Building the agenda and the attendance list. Every change re-runs the recusal sync."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from core.audit import audit_record
from core.concurrency import version_check, version_token
from interests.models import Member, Organisation
from meetings.access import MANAGED_ELSEWHERE, item_withheld_from
from meetings.hooks import item_lot_set, lots_of_items
from meetings.models import AgendaItem, Attendance, Committee, ItemMinutes, Meeting
from meetings.services.access import meeting_access_sync

SCOPE_CHANGED = "agenda.item_scope_changed"


def _editable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(
            "The minutes of this meeting are approved: its agenda can no longer change."
        )


@transaction.atomic
def item_save(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    purpose: str,
    part: str,
    presenter: str = "",
    affected_organisations: Iterable[Organisation] = (),
    lot_id: int | None = None,
    title_is_confidential: bool = False,
    item: AgendaItem | None = None,
    version: str | None = None,
) -> AgendaItem:
    """Add an item at the end of its part of the agenda, or change one.

    Part I items are taken before Part II, and items are numbered in the order they
    are taken: a new Part I item goes after the last Part I item (the Part II items
    after it are renumbered), and an item moved to the other part goes to the end of
    that part. ``lot_id`` names the procurement lot the item decides (meetings.hooks):
    its bidders then count as affected. ``version`` is the item's token when its form was
    shown (``item_version``): if someone saved the item since, the save is refused
    (``core.concurrency.StaleEdit``) and nothing changes.
    """
    # One writer per agenda: positions are read then written, and two secretaries editing
    # the same item must see each other's saves (docs/adr/0028).
    _lock_agenda(meeting)
    _editable(meeting)
    if title_is_confidential and part != AgendaItem.Part.CONFIDENTIAL:
        raise ValidationError(
            {
                "title_is_confidential": (
                    "Only a Part II (confidential) item can have a confidential title: "
                    "Part I items and their minutes are public"
                )
            }
        )
    creating = item is None
    before: tuple[set[int], int | None] = (set(), None)
    if item is not None:
        if getattr(actor, "is_authenticated", False) and item_withheld_from(actor, item):
            # Otherwise a conflicted secretary could clear her own conflict by taking the lot
            # off the item, which would re-grant its papers to every conflicted member.
            raise PermissionDenied(MANAGED_ELSEWHERE)
        # Renumbering moves items: never write back anything read before the lock.
        item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
        before = _scope(item)
        version_check(
            expected=version, state=_item_state(item), noun="item", shown=_item_shown(item)
        )
    part_changed = item is not None and item.part != part
    if item is None:
        last = (
            AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
        )
        item = AgendaItem(meeting=meeting, position=last + 1)
    item.title = title.strip()
    item.purpose = purpose
    item.part = part
    item.presenter = presenter.strip()
    item.title_is_confidential = title_is_confidential
    item.full_clean()
    item.save()
    item.affected_organisations.set(list(affected_organisations))
    item_lot_set(item=item, lot_id=lot_id)
    if creating:
        ItemMinutes.objects.create(item=item)
    else:
        _record_scope_change(actor=actor, item=item, before=before)
    if creating or part_changed:
        _place_in_its_part(meeting, item)
    audit_record(
        actor=actor,
        action="agenda.item_added" if creating else "agenda.item_changed",
        obj=item,
        detail={
            "affected": sorted(o.pk for o in item.affected_organisations.all()),
            "lot": lot_id,
        },
    )
    meeting_access_sync(meeting=meeting)
    return item


def _lock_agenda(meeting: Meeting) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()


def _item_state(item: AgendaItem) -> dict[str, Any]:
    affected, lot = _scope(item)
    return {
        "title": item.title,
        "purpose": item.purpose,
        "part": item.part,
        "presenter": item.presenter,
        "title_is_confidential": item.title_is_confidential,
        "affected": affected,
        "lot": lot,
    }


def _item_shown(item: AgendaItem) -> list[tuple[str, str]]:
    """The item as it now reads, for the secretary whose save was refused."""
    names = sorted(item.affected_organisations.values_list("name", flat=True))
    lot = lots_of_items([item.pk]).get(item.pk)
    shown = [
        ("Title", item.title),
        ("Presenter", item.presenter or "None"),
        ("Purpose", item.get_purpose_display()),
        ("Part of the agenda", item.get_part_display()),
        ("Organisations it affects", ", ".join(names) or "None"),
    ]
    if lot is not None:
        shown.append(("Procurement lot", lot.label))
    return shown


def item_version(item: AgendaItem) -> str:
    """The token an item's edit form carries (core.concurrency)."""
    return version_token(_item_state(item))


def _scope(item: AgendaItem) -> tuple[set[int], int | None]:
    """What decides who is conflicted on the item: its affected organisations and its lot."""
    lot = lots_of_items([item.pk]).get(item.pk)
    affected = set(item.affected_organisations.values_list("pk", flat=True))
    return affected, lot.facts.id if lot is not None else None


def _record_scope_change(
    *, actor: Any, item: AgendaItem, before: tuple[set[int], int | None]
) -> None:
    """After publication, a change to who is conflicted on an item is a privileged act: it is
    audited on its own, and the chair and the Guardian see it on the meeting's page."""
    if item.meeting.status == Meeting.Status.DRAFT:
        return
    after = _scope(item)
    if after == before:
        return
    audit_record(
        actor=actor,
        action=SCOPE_CHANGED,
        obj=item,
        detail={
            "meeting": item.meeting_id,
            "affected_added": sorted(after[0] - before[0]),
            "affected_removed": sorted(before[0] - after[0]),
            "lot_from": before[1],
            "lot_to": after[1],
        },
    )


def _place_in_its_part(meeting: Meeting, item: AgendaItem) -> None:
    """Put the item last in its part, so the numbers follow the order the items are taken."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    current = [i.pk for i in items]
    others = [i for i in items if i.pk != item.pk]
    if item.part == AgendaItem.Part.OPEN:
        index = max(
            (n + 1 for n, other in enumerate(others) if other.part == AgendaItem.Part.OPEN),
            default=0,
        )
    else:
        index = len(others)
    ordered = [i.pk for i in others]
    ordered.insert(index, item.pk)
    if ordered != current:
        _renumber(meeting, ordered)
        item.refresh_from_db(fields=["position"])


def _renumber(meeting: Meeting, ordered_ids: Sequence[int]) -> None:
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(ordered_ids) != sorted(items):
        raise ValidationError("The new order must list every item of the agenda exactly once.")
    # Two passes so the unique (meeting, position) constraint never sees a clash.
    offset = len(items) + 1000
    for index, pk in enumerate(ordered_ids, start=1):
        items[pk].position = offset + index
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    for index, pk in enumerate(ordered_ids, start=1):
        items[pk].position = index
    AgendaItem.objects.bulk_update(items.values(), ["position"])


@transaction.atomic
def agenda_reorder(*, actor: Any, meeting: Meeting, ordered_ids: Sequence[int]) -> None:
    """Put the items in this order (for example, the engine's proposed order)."""
    _lock_agenda(meeting)
    _editable(meeting)
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    parts = [items[pk].part for pk in ordered_ids if pk in items]
    if parts != sorted(parts):
        raise ValidationError("Every Part I item must come before the Part II items.")
    _renumber(meeting, list(ordered_ids))
    audit_record(
        actor=actor, action="agenda.reordered", obj=meeting, detail={"order": list(ordered_ids)}
    )


@transaction.atomic
def item_move(*, actor: Any, item: AgendaItem, direction: int) -> None:
    """Move an item one place up (-1) or down (+1), staying within its part."""
    _lock_agenda(item.meeting)
    ordered = list(AgendaItem.objects.filter(meeting=item.meeting).order_by("position"))
    index = next(n for n, other in enumerate(ordered) if other.pk == item.pk)
    target = index + direction
    if target < 0 or target >= len(ordered) or ordered[target].part != item.part:
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    agenda_reorder(actor=actor, meeting=item.meeting, ordered_ids=[i.pk for i in ordered])


def remedy_version(item: AgendaItem) -> str:
    """The token an item's remedy form carries (core.concurrency)."""
    return version_token(_remedy_state(item))


def _remedy_state(item: AgendaItem) -> dict[str, Any]:
    return {"remedy": item.remedy, "note": item.remedy_note, "referred_to": item.referred_to_id}


@transaction.atomic
def item_remedy_record(
    *,
    actor: Any,
    item: AgendaItem,
    remedy: str,
    note: str,
    referred_to: Committee | None = None,
    version: str | None = None,
) -> AgendaItem:
    """Record the remedy agreed for an inquorate item; with ``version`` (its form's token),
    a remedy recorded by someone else since the form was shown is never overwritten."""
    _editable(item.meeting)
    if getattr(actor, "is_authenticated", False) and item_withheld_from(actor, item):
        raise PermissionDenied(MANAGED_ELSEWHERE)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    version_check(
        expected=version,
        state=_remedy_state(locked),
        noun="item's remedy",
        shown=[
            ("Remedy", locked.get_remedy_display() if locked.remedy else "None recorded"),
            ("What was agreed", locked.remedy_note or "None"),
            ("Referred to", locked.referred_to.name if locked.referred_to else "None"),
        ],
    )
    if remedy and not note.strip():
        raise ValidationError({"remedy_note": "Record what was agreed, and who agreed it"})
    if remedy == AgendaItem.Remedy.REFER and referred_to is None:
        raise ValidationError({"referred_to": "Choose the committee the item is referred to"})
    item.refresh_from_db(fields=["position"])  # it may have been renumbered since it was read
    item.remedy = remedy
    item.remedy_note = note.strip()
    item.referred_to = referred_to if remedy == AgendaItem.Remedy.REFER else None
    item.full_clean()
    item.save(update_fields=["remedy", "remedy_note", "referred_to"])
    audit_record(actor=actor, action="agenda.remedy_recorded", obj=item, detail={"remedy": remedy})
    return item


@transaction.atomic
def attendee_add(
    *, actor: Any, meeting: Meeting, member: Member, kind: str, is_voting: bool | None = None
) -> Attendance:
    _editable(meeting)
    if Attendance.objects.filter(meeting=meeting, member=member).exists():
        raise ValidationError({"member": f"{member.full_name} is already on the attendance list"})
    if is_voting is None:
        is_voting = kind != Attendance.Kind.IN_ATTENDANCE
    if kind == Attendance.Kind.IN_ATTENDANCE and is_voting:
        raise ValidationError({"is_voting": "People in attendance do not vote"})
    attendance = Attendance(meeting=meeting, member=member, kind=kind, is_voting=is_voting)
    attendance.full_clean()
    attendance.save()
    audit_record(
        actor=actor, action="meeting.attendee_added", obj=attendance, detail={"kind": kind}
    )
    meeting_access_sync(meeting=meeting)
    return attendance


@transaction.atomic
def attendees_co_opt(
    *, actor: Any, meeting: Meeting, members: Sequence[Member]
) -> list[Attendance]:
    """Co-opt several people (for example, the reserve GPs the engine named) in one step."""
    return [
        attendee_add(actor=actor, meeting=meeting, member=member, kind=Attendance.Kind.CO_OPTED)
        for member in members
    ]


@transaction.atomic
def attendee_apologies(*, actor: Any, attendance: Attendance, apologies: bool) -> Attendance:
    _editable(attendance.meeting)
    attendance.apologies = apologies
    attendance.save(update_fields=["apologies"])
    audit_record(
        actor=actor,
        action="meeting.apologies" if apologies else "meeting.apologies_withdrawn",
        obj=attendance,
    )
    meeting_access_sync(meeting=attendance.meeting)
    return attendance


@transaction.atomic
def attendee_remove(*, actor: Any, attendance: Attendance) -> None:
    """Take someone off the list before the meeting (history keeps the record)."""
    meeting = attendance.meeting
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        raise ValidationError("The meeting has been held: record apologies instead.")
    audit_record(actor=actor, action="meeting.attendee_removed", obj=attendance)
    attendance.delete()
    meeting_access_sync(meeting=meeting)
