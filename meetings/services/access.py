"""Keeping paper and minute permissions in step with the recusal engine.

Papers and item minutes are protected by django-guardian object permissions.
Everyone on the committee or attending the meeting may view an item's papers
and minutes unless their conflict, as managed, excludes them. Whenever
anything that can change a verdict changes, the caller's transaction calls
``meeting_access_sync`` so the permission rows change with it: there is no
moment in which a stale permission lets a paper through.

Changes made to a meeting itself (its agenda, attendance, papers, the chair's
decisions) re-check that meeting whenever they happen. Changes made elsewhere
(a register entry, a person, the organisation network, a committee's rules)
reach only the meetings from today on: a meeting already held keeps the paper
and minute access settled when it was held, so its minutes go to the people who
were entitled to them at the meeting, and a later correction to the register
neither re-grants an excluded person nor rewrites the record (ADR 0022).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.models import UserObjectPermission

from interests.models import Member
from meetings.hooks import items_bid_for_by
from meetings.models import (
    AgendaItem,
    Attendance,
    CommitteeMembership,
    ItemMinutes,
    Meeting,
    Paper,
)
from meetings.selectors.network import Network, current_network
from meetings.selectors.person_verdicts import person_verdicts
from meetings.selectors.recusal_facts import meetings_facts, network_edges_any_day
from recusal import MeetingFacts, assess_verdicts
from recusal.network import NetworksByDay, organisations_touched

# Meetings re-checked together by a full re-check (each batch a fixed number of queries),
# and permission rows inserted by one statement.
SYNC_BATCH = 50
GRANT_BATCH = 5000


@dataclass(frozen=True)
class AccessChange:
    granted: int
    revoked: int


def _protected_objects_of(
    meeting_ids: Collection[int], item_ids: Collection[int] | None = None
) -> list[tuple[ContentType, Permission, str, int]]:
    """(content type, view permission, object pk, item id) for each paper and minutes of
    the meetings (only of these items, when given). Three queries."""
    rows = []
    protected = ((Paper, "view_paper"), (ItemMinutes, "view_itemminutes"))
    content_types = {model: ContentType.objects.get_for_model(model) for model, _ in protected}
    permissions = {  # both in one query
        (p.content_type_id, p.codename): p
        for p in Permission.objects.filter(
            content_type__in=content_types.values(), codename__in=[c for _, c in protected]
        )
    }
    for model, codename in protected:
        content_type = content_types[model]
        permission = permissions[(content_type.pk, codename)]
        objects = model.objects.filter(item__meeting_id__in=list(meeting_ids)).order_by()
        if item_ids is not None:
            objects = objects.filter(item_id__in=list(item_ids))
        for pk, item_id in objects.values_list("pk", "item_id"):
            rows.append((content_type, permission, str(pk), item_id))
    return rows


def _audiences(facts: Mapping[int, MeetingFacts]) -> dict[int, dict[int, int]]:
    """meeting id -> member id -> user id: the committee's members on the meeting's day and
    the meeting's attendees, with an active record and login (one query for them all)."""
    members = {
        meeting_id: {*f.committee.member_ids, *(a.person_id for a in f.attendees)}
        for meeting_id, f in facts.items()
    }
    logins = dict(
        Member.objects.filter(
            pk__in=list(set().union(*members.values())),
            is_active=True,
            user__isnull=False,
            user__is_active=True,
        ).values_list("pk", "user_id")
    )
    return {
        meeting_id: {m: logins[m] for m in sorted(ids) if m in logins}
        for meeting_id, ids in members.items()
    }


def _wanted_grants(
    facts: Mapping[int, MeetingFacts],
    objects: list[tuple[ContentType, Permission, str, int]],
    network: Network,
) -> set[tuple[int, int, str]]:
    """(permission, user, object pk) for everyone in each meeting's audience whose verdict
    on the item lets them have its papers and minutes."""
    meeting_of_item = {item.id: pk for pk, f in facts.items() for item in f.items}
    networks = NetworksByDay(network.edges)  # one walk of the network per stretch of days
    verdicts = {pk: assess_verdicts(f, networks.on(f.date)) for pk, f in facts.items()}
    audiences = _audiences(facts)
    wanted = set()
    for _content_type, permission, object_pk, item_id in objects:
        meeting_id = meeting_of_item[item_id]
        for member_id, user_id in audiences[meeting_id].items():
            verdict = verdicts[meeting_id].get((member_id, item_id))
            if verdict is None or verdict.receives_papers:
                wanted.add((permission.pk, user_id, object_pk))
    return wanted


@transaction.atomic
def meetings_access_sync(
    *, meetings: Sequence[Meeting], item_ids: Collection[int] | None = None
) -> AccessChange:
    """Make the view permissions on the meetings' papers and minutes match the verdicts,
    in a fixed number of queries however many meetings there are: their facts, the
    network, the audiences and the existing permissions are each read once for all of
    them, then the permissions are revoked in one statement and granted in another.

    ``item_ids``: only these items' papers and minutes are compared (the items a network
    change reaches: no other item's verdicts can have changed); ``None``: every item's.
    """
    if not meetings:
        return AccessChange(0, 0)
    network = current_network()
    facts = meetings_facts(meetings, network, item_ids)
    objects = _protected_objects_of(list(facts), item_ids)
    if not objects:
        return AccessChange(0, 0)
    wanted = _wanted_grants(facts, objects, network)
    return _permissions_set(objects, wanted)


def _permissions_set(
    objects: list[tuple[ContentType, Permission, str, int]], wanted: set[tuple[int, int, str]]
) -> AccessChange:
    """Leave exactly ``wanted`` (permission, user, object pk) on these objects: whatever
    else anyone holds on them is revoked (three queries)."""
    scope = Q()
    for content_type_id, pks in _pks_by_type(objects).items():
        scope |= Q(content_type_id=content_type_id, object_pk__in=pks)
    existing = {
        (permission_id, user_id, object_pk): pk
        for pk, permission_id, user_id, object_pk in UserObjectPermission.objects.filter(
            scope
        ).values_list("pk", "permission_id", "user_id", "object_pk")
    }
    revoke = [pk for key, pk in existing.items() if key not in wanted]
    if revoke:
        UserObjectPermission.objects.filter(pk__in=revoke).delete()
    permission_types = {p.pk: ct.pk for ct, p, _pk, _item in objects}
    grant = [
        UserObjectPermission(
            permission_id=permission_id,
            user_id=user_id,
            object_pk=object_pk,
            content_type_id=permission_types[permission_id],
        )
        for permission_id, user_id, object_pk in wanted - existing.keys()
    ]
    UserObjectPermission.objects.bulk_create(grant, batch_size=GRANT_BATCH)
    return AccessChange(granted=len(grant), revoked=len(revoke))


def meeting_access_sync(*, meeting: Meeting) -> AccessChange:
    """Make the view permissions on the meeting's papers and minutes match the verdicts."""
    return meetings_access_sync(meetings=[meeting])


@transaction.atomic
def member_access_sync(*, member: Member, meetings: Sequence[Meeting]) -> AccessChange:
    """One person's view permissions on the papers and minutes of ``meetings``, after a
    change to their own register entries or record.

    Nobody else's verdict depends on this person's entries (``recusal.person``), so nobody
    else's permissions can change: only this person's rows are compared and rewritten,
    for every meeting at once, in a fixed number of queries.
    """
    if member.user_id is None or not meetings:
        return AccessChange(0, 0)  # no login: nothing was ever granted to them
    user_id = member.user_id
    verdicts = person_verdicts(member, meetings)
    entitled = _entitled_meetings(member, meetings)
    objects = _protected_objects_of([m.pk for m in meetings])
    meeting_of_item = {
        item_id: meeting_id for meeting_id, by_item in verdicts.items() for item_id in by_item
    }
    wanted = set()
    for _content_type, permission, object_pk, item_id in objects:
        meeting_id = meeting_of_item.get(item_id)
        if meeting_id not in entitled:
            continue
        verdict = verdicts[meeting_id].get(item_id)
        if verdict is None or verdict.receives_papers:
            wanted.add((permission.pk, object_pk))
    scope = Q()
    for content_type_id, pks in _pks_by_type(objects).items():
        scope |= Q(content_type_id=content_type_id, object_pk__in=pks)
    existing = (
        {
            (permission_id, object_pk): pk
            for pk, permission_id, object_pk in UserObjectPermission.objects.filter(
                scope, user_id=user_id
            ).values_list("pk", "permission_id", "object_pk")
        }
        if objects
        else {}
    )
    revoke = [pk for key, pk in existing.items() if key not in wanted]
    if revoke:
        UserObjectPermission.objects.filter(pk__in=revoke).delete()
    permission_types = {p.pk: ct.pk for ct, p, _pk, _item in objects}
    grant = [
        UserObjectPermission(
            permission_id=permission_id,
            user_id=user_id,
            object_pk=object_pk,
            content_type_id=permission_types[permission_id],
        )
        for permission_id, object_pk in wanted - existing.keys()
    ]
    UserObjectPermission.objects.bulk_create(grant)
    return AccessChange(granted=len(grant), revoked=len(revoke))


def _pks_by_type(
    objects: list[tuple[ContentType, Permission, str, int]],
) -> dict[int, list[str]]:
    by_type: dict[int, list[str]] = {}
    for content_type, _permission, object_pk, _item in objects:
        by_type.setdefault(content_type.pk, []).append(object_pk)
    return by_type


def _entitled_meetings(member: Member, meetings: Sequence[Meeting]) -> set[int]:
    """The meetings whose audience (``_audience``) includes this person: on the committee on
    the meeting's day or on the attendance list, with an active record and login."""
    if not (
        Member.objects.filter(
            pk=member.pk, is_active=True, user__isnull=False, user__is_active=True
        ).exists()
    ):
        return set()
    meeting_ids = [m.pk for m in meetings]
    attending = set(
        Attendance.objects.filter(member=member, meeting_id__in=meeting_ids).values_list(
            "meeting_id", flat=True
        )
    )
    places = list(
        CommitteeMembership.objects.filter(
            member=member, committee_id__in={m.committee_id for m in meetings}
        ).values_list("committee_id", "start_date", "end_date")
    )
    entitled = set(attending)
    for meeting in meetings:
        day = meeting.date
        if any(
            committee_id == meeting.committee_id
            and (start is None or start <= day)
            and (end is None or end >= day)
            for committee_id, start, end in places
        ):
            entitled.add(meeting.pk)
    return entitled


def meetings_from_today(today: datetime.date | None = None) -> QuerySet[Meeting]:
    """Meetings on or after the start of today (local time): the ones a change elsewhere
    can still affect. Filtered on ``starts_at`` itself so the index on it serves."""
    today = today or timezone.localdate()
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return Meeting.objects.filter(starts_at__gte=start_of_today)


def meetings_concerning(member: Member, today: datetime.date | None = None) -> list[Meeting]:
    """Meetings from today on whose verdicts a change to this member's register could alter.

    Past meetings are left as they were held (see the module's docstring)."""
    committee_ids = CommitteeMembership.objects.filter(member=member).values("committee_id")
    return list(
        meetings_from_today(today)
        .filter(
            Q(attendances__member=member)
            | Q(committee_id__in=committee_ids)
            | Q(committee__reserve__member=member)
        )
        .select_related("committee")
        .distinct()
        .order_by("starts_at", "pk")
    )


def meetings_affecting(
    organisation_ids: Collection[int], today: datetime.date | None = None
) -> list[Meeting]:
    """Meetings from today on with an item whose verdicts a change to the network at these
    organisations could alter: an item affecting, or deciding a lot bid for by, one of them
    or an organisation they share in (``recusal.network.organisations_touched``)."""
    return _meetings(_items_reached(organisation_ids, today))


def _items_reached(
    organisation_ids: Collection[int], today: datetime.date | None = None
) -> dict[int, set[int]]:
    """meeting id -> the items of it (from today on) ``meetings_affecting`` describes."""
    if not organisation_ids:
        return {}
    touched = organisations_touched(network_edges_any_day(), organisation_ids)
    reaching = Q(affected_organisations__in=list(touched))
    bid_for = items_bid_for_by(touched)
    if bid_for:
        reaching |= Q(pk__in=list(bid_for))
    items = AgendaItem.objects.filter(meeting__in=meetings_from_today(today).values("pk")).filter(
        reaching
    )
    reached: dict[int, set[int]] = defaultdict(set)
    for item_id, meeting_id in items.order_by().values_list("pk", "meeting_id").distinct():
        reached[meeting_id].add(item_id)
    return reached


def _meetings(ids: Collection[int]) -> list[Meeting]:
    if not ids:
        return []
    return list(
        Meeting.objects.filter(pk__in=list(ids))
        .select_related("committee")
        .order_by("starts_at", "pk")
    )


def meetings_sync_affected(
    organisation_ids: Collection[int], today: datetime.date | None = None
) -> int:
    """After a change to the network at these organisations: only the meetings it can
    alter, and in them only the items it can alter, all at once."""
    reached = _items_reached(organisation_ids, today)
    meetings = _meetings(reached)
    meetings_access_sync(
        meetings=meetings, item_ids=[item for items in reached.values() for item in items]
    )
    return len(meetings)


def meetings_sync_from_today(today: datetime.date | None = None) -> int:
    """After a change to the organisation network nobody can scope, and nightly: every
    meeting from today on, a batch of meetings at a time (a batch holds every paper's
    permissions in memory)."""
    meetings = list(meetings_from_today(today).select_related("committee").order_by("starts_at"))
    for start in range(0, len(meetings), SYNC_BATCH):
        meetings_access_sync(meetings=meetings[start : start + SYNC_BATCH])
    return len(meetings)
