"""The one place that decides who may open a meeting, a paper or an item's minutes.

- Meetings: the governance team, the Guardian and auditors see every meeting;
  others see the meetings of committees they sit on or meetings they attend.
  A meeting someone may not know of is a 404.
- Papers and item minutes: guarded by django-guardian object permissions that
  the recusal sync keeps current. Someone who may know the meeting but is
  excluded from the item gets a 403, and the refusal is logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker

from core.audit import audit_record
from meetings.models import (
    AgendaItem,
    Attendance,
    CommitteeMembership,
    ItemMinutes,
    Meeting,
    Paper,
)


def in_audience(user: Any, meeting: Meeting) -> bool:
    """Whether the person is on the committee (on the meeting's date) or the attendance list."""
    return meeting.pk in audience_meetings(user, [meeting])


def audience_meetings(user: Any, meetings: Iterable[Meeting]) -> set[int]:
    """The meetings (of those given) whose audience the person is in: ``in_audience`` for
    many meetings at once, in two queries."""
    member = getattr(user, "member", None)
    meetings = list(meetings)
    if member is None or not meetings:
        return set()
    found = set(
        Attendance.objects.filter(
            meeting_id__in=[m.pk for m in meetings], member=member
        ).values_list("meeting_id", flat=True)
    )
    memberships = list(
        CommitteeMembership.objects.filter(
            member=member, committee_id__in={m.committee_id for m in meetings}
        )
    )
    for meeting in meetings:
        day = meeting.date
        if any(
            membership.committee_id == meeting.committee_id and membership.is_current_on(day)
            for membership in memberships
        ):
            found.add(meeting.pk)
    return found


def sees_everything(user: Any, meeting: Meeting) -> bool:
    """The governance team, the Guardian and auditors see every paper and minute, except at a
    meeting they belong to: there, like everyone else, their own conflicts decide."""
    if not (user.is_authenticated and user.has_perm("meetings.view_all_papers")):
        return False
    return not in_audience(user, meeting)


def sees_all_meetings(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("meetings.view_all_papers"))


def meetings_for_user(user: Any) -> QuerySet[Meeting]:
    """Meetings the person may know of: those of committees they sat on at the time, and those
    they attend. (Only knowing of a meeting; its papers are guarded separately.)"""
    meetings = Meeting.objects.select_related("committee")
    if sees_all_meetings(user):
        return meetings
    member = getattr(user, "member", None)
    if member is None:
        return meetings.none()
    meeting_day = OuterRef("meeting_day")
    member_then = CommitteeMembership.objects.filter(
        committee_id=OuterRef("committee_id"), member=member
    ).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=meeting_day),
        Q(end_date__isnull=True) | Q(end_date__gte=meeting_day),
    )
    attends = Attendance.objects.filter(meeting_id=OuterRef("pk"), member=member)
    # A draft agenda is the secretary's and the chair's work in progress: members see the
    # meeting, and receive its papers, once the agenda is published.
    chairs_it = CommitteeMembership.objects.filter(
        committee_id=OuterRef("committee_id"),
        member=member,
        role__in=[CommitteeMembership.Role.CHAIR, CommitteeMembership.Role.VICE_CHAIR],
        end_date__isnull=True,
    )
    return (
        meetings.annotate(meeting_day=TruncDate("starts_at"))
        .filter(Q(Exists(member_then)) | Q(Exists(attends)))
        .filter(~Q(status=Meeting.Status.DRAFT) | Q(Exists(chairs_it)))
    )


def meeting_for_user(user: Any, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_user(user), pk=pk)


def _refuse(user: Any, obj: Any, what: str, request: HttpRequest | None) -> None:
    audit_record(actor=user, action=f"{what}.access_denied", obj=obj, request=request)


def paper_for_user(user: Any, pk: int, request: HttpRequest | None = None) -> Paper:
    paper = get_object_or_404(Paper.objects.select_related("item__meeting__committee"), pk=pk)
    if not meetings_for_user(user).filter(pk=paper.item.meeting_id).exists():
        _refuse(user, paper, "paper", request)
        raise Http404("No such paper")
    if sees_everything(user, paper.item.meeting) or user.has_perm("meetings.view_paper", paper):
        return paper
    _refuse(user, paper, "paper", request)
    raise PermissionDenied(
        "You have declared an interest in this item: its papers are withheld from you."
    )


def item_minutes_for_user(
    user: Any, item: AgendaItem, request: HttpRequest | None = None
) -> ItemMinutes:
    minutes = get_object_or_404(ItemMinutes, item=item)
    if sees_everything(user, item.meeting) or user.has_perm("meetings.view_itemminutes", minutes):
        return minutes
    _refuse(user, minutes, "minutes", request)
    raise PermissionDenied(
        "You have declared an interest in this item: its minutes are withheld from you."
    )


def can_manage(user: Any) -> bool:
    return bool(user.has_perm("meetings.manage_meetings"))


def can_record(user: Any, meeting: Meeting) -> bool:
    """The secretary, or the chair or vice-chair of the meeting's committee."""
    if user.has_perm("meetings.manage_meetings"):
        return True
    member = getattr(user, "member", None)
    if member is None or not user.has_perm("meetings.record_meeting"):
        return False
    return (
        CommitteeMembership.objects.current_on(meeting.date)
        .filter(
            committee_id=meeting.committee_id,
            member=member,
            role__in=[CommitteeMembership.Role.CHAIR, CommitteeMembership.Role.VICE_CHAIR],
        )
        .exists()
    )


MANAGED_ELSEWHERE = (
    "You have declared an interest in this item, so you cannot see or change it: another "
    "secretary or a system administrator manages it."
)


def item_withheld_from(user: Any, item: AgendaItem) -> bool:
    """Whether the person's own verdict withholds the item (its minutes or any live paper),
    as their agenda pack decides. The team outside the room is never withheld (ADR 0007)."""
    return item.pk in items_withheld_from(user, [item])


def items_withheld_from(user: Any, items: Iterable[AgendaItem]) -> set[int]:
    """``item_withheld_from`` for many items at once (a register or a pack naming them), in
    a fixed number of queries however many items and meetings there are."""
    items = list(items)
    if not getattr(user, "is_authenticated", False):
        return {item.pk for item in items}
    if sees_all_meetings(user):
        # The team outside the room sees everything; in the room, their own verdict decides.
        meetings = {item.meeting_id: item.meeting for item in items}
        in_room = audience_meetings(user, meetings.values())
        items = [item for item in items if item.meeting_id in in_room]
    if not items:
        return set()
    checker = ObjectPermissionChecker(user)
    minutes = {m.item_id: m for m in ItemMinutes.objects.filter(item__in=items)}
    papers = list(Paper.objects.filter(item__in=items, withdrawn_at__isnull=True))
    if minutes:
        checker.prefetch_perms(list(minutes.values()))  # type: ignore[arg-type]
    if papers:
        checker.prefetch_perms(papers)  # type: ignore[arg-type]
    withheld = {
        item.pk
        for item in items
        if item.pk not in minutes or not checker.has_perm("view_itemminutes", minutes[item.pk])
    }
    withheld |= {paper.item_id for paper in papers if not checker.has_perm("view_paper", paper)}
    return withheld


def refuse_if_withheld(user: Any, item: AgendaItem, request: HttpRequest | None = None) -> None:
    """A conflicted secretary is conflicted: she neither sees nor manages the item (its
    title, its papers, its lot or affected organisations, its remedy)."""
    if item_withheld_from(user, item):
        _refuse(user, item, "agenda_item", request)
        raise PermissionDenied(MANAGED_ELSEWHERE)
