"""The one place that decides who may open a meeting, a paper or an item's minutes.

- Meetings: the governance team, the Guardian and auditors see every meeting;
  others see the meetings of committees they sit on or meetings they attend.
  A meeting someone may not know of is a 404.
- Papers and item minutes: guarded by django-guardian object permissions that
  the recusal sync keeps current. Someone who may know the meeting but is
  excluded from the item gets a 403, and the refusal is logged.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ccg_governance.audit import audit_record
from meetings.models import AgendaItem, CommitteeMembership, ItemMinutes, Meeting, Paper


def sees_everything(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("meetings.view_all_papers"))


def meetings_for_user(user: Any) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("committee")
    if sees_everything(user):
        return meetings
    member = getattr(user, "member", None)
    if member is None:
        return meetings.none()
    committee_ids = CommitteeMembership.objects.filter(member=member).values("committee_id")
    return meetings.filter(
        Q(attendances__member=member) | Q(committee_id__in=committee_ids)
    ).distinct()


def meeting_for_user(user: Any, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_user(user), pk=pk)


def _refuse(user: Any, obj: Any, what: str, request: HttpRequest | None) -> None:
    audit_record(actor=user, action=f"{what}.access_denied", obj=obj, request=request)


def paper_for_user(user: Any, pk: int, request: HttpRequest | None = None) -> Paper:
    paper = get_object_or_404(Paper.objects.select_related("item__meeting__committee"), pk=pk)
    if not meetings_for_user(user).filter(pk=paper.item.meeting_id).exists():
        _refuse(user, paper, "paper", request)
        raise Http404("No such paper")
    if sees_everything(user) or user.has_perm("meetings.view_paper", paper):
        return paper
    _refuse(user, paper, "paper", request)
    raise PermissionDenied(
        "You have declared an interest in this item: its papers are withheld from you."
    )


def item_minutes_for_user(
    user: Any, item: AgendaItem, request: HttpRequest | None = None
) -> ItemMinutes:
    minutes = ItemMinutes.objects.get_or_create(item=item)[0]
    if sees_everything(user) or user.has_perm("meetings.view_itemminutes", minutes):
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
