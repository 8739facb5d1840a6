"""Building the recusal engine's facts for a meeting from the database.

A fixed number of queries whatever the number of items, attendees, interests
or organisations (tested with ``django_assert_max_num_queries``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from django.conf import settings
from django.db.models import Q

from interests.models import Interest, Member
from meetings.hooks import lots_of_items
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    ConflictDecision,
    Meeting,
    QuorumRoleRequirement,
    ReserveMember,
)
from meetings.selectors.entry_facts import entries_counted_at, interest_facts
from meetings.selectors.network import Network, current_network
from recusal import (
    Action,
    AttendeeFacts,
    CommitteeFacts,
    DecisionFacts,
    EdgeFacts,
    InterestFacts,
    ItemFacts,
    MeetingFacts,
    PaperPolicy,
    PersonFacts,
    QuorumRule,
    assess_meeting,
)
from recusal.actions import Policy
from recusal.results import MeetingAssessment


def paper_policy() -> PaperPolicy:
    return PaperPolicy(
        part_i=Policy(settings.CONFLICT_PAPER_POLICY_PART_I),
        part_ii=Policy(settings.CONFLICT_PAPER_POLICY_PART_II),
    )


def _person(member: Member) -> PersonFacts:
    return PersonFacts(member.pk, member.short_name, member.professional_role, member.affiliation)


class _CommitteeRows:
    """Committees' memberships over a span of days and their quorum requirements, read
    once (two queries) for every meeting of the span; each meeting's day picks its own."""

    def __init__(
        self, committee_ids: Collection[int], first: datetime.date, last: datetime.date
    ) -> None:
        ids = list(committee_ids)
        memberships = (
            CommitteeMembership.objects.filter(committee_id__in=ids)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=last))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            .select_related("member")
        )
        self._memberships: dict[int, list[CommitteeMembership]] = defaultdict(list)
        for membership in memberships:  # in the default order: chair before members
            self._memberships[membership.committee_id].append(membership)
        self._role_minimums: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for requirement in QuorumRoleRequirement.objects.filter(committee_id__in=ids):
            self._role_minimums[requirement.committee_id].append(
                (requirement.professional_role, requirement.minimum)
            )

    def members_on(self, committee_id: int, day: datetime.date) -> list[CommitteeMembership]:
        """The memberships current on the day (``CommitteeMembershipQuerySet.current_on``)."""
        return [m for m in self._memberships.get(committee_id, ()) if m.is_current_on(day)]

    def facts(
        self, committees: list[Committee], day: datetime.date, people: dict[int, PersonFacts]
    ) -> dict[int, CommitteeFacts]:
        """The committees as they stand on the day; their members join ``people``."""
        facts = {}
        for committee in committees:
            members = self.members_on(committee.pk, day)
            for membership in members:
                people.setdefault(membership.member_id, _person(membership.member))
            facts[committee.pk] = self._committee(committee, members)
        return facts

    def _committee(
        self, committee: Committee, members: list[CommitteeMembership]
    ) -> CommitteeFacts:
        chair = next(
            (m.member_id for m in members if m.role == CommitteeMembership.Role.CHAIR), None
        )
        vice = next(
            (m.member_id for m in members if m.role == CommitteeMembership.Role.VICE_CHAIR), None
        )
        return CommitteeFacts(
            id=committee.pk,
            name=committee.name,
            rule=QuorumRule(
                committee.quorum_minimum_voting,
                tuple(sorted(self._role_minimums.get(committee.pk, ()))),
            ),
            chair_id=chair,
            vice_chair_id=vice,
            voting_member_ids=tuple(sorted(m.member_id for m in members if m.is_voting)),
            member_ids=tuple(sorted(m.member_id for m in members)),
        )


def _committees_facts(
    committees: list[Committee], day: datetime.date, people: dict[int, PersonFacts]
) -> dict[int, CommitteeFacts]:
    return _CommitteeRows([c.pk for c in committees], day, day).facts(committees, day, people)


def items_of_meetings(
    meeting_ids: Collection[int], item_ids: Collection[int] | None = None
) -> dict[int, list[ItemFacts]]:
    """meeting id -> its items as the engine sees them, in agenda order (three queries,
    reading plain values: a year of meetings is a thousand items); only these items of
    them, when given."""
    ids = list(meeting_ids)
    rows = AgendaItem.objects.filter(meeting_id__in=ids)
    links = AgendaItem.affected_organisations.through.objects.filter(agendaitem__meeting_id__in=ids)
    if item_ids is not None:
        rows = rows.filter(pk__in=list(item_ids))
        links = links.filter(agendaitem_id__in=list(item_ids))
    items = list(
        rows.order_by("meeting_id", "position").values_list(
            "pk", "meeting_id", "position", "title", "purpose", "part", "remedy"
        )
    )
    affected: dict[int, list[int]] = defaultdict(list)
    for item_id, organisation_id in links.values_list("agendaitem_id", "organisation_id"):
        affected[item_id].append(organisation_id)
    lots = lots_of_items([row[0] for row in items])
    facts: dict[int, list[ItemFacts]] = defaultdict(list)
    for item_id, meeting_id, position, title, purpose, part, remedy in items:
        linked = lots.get(item_id)
        facts[meeting_id].append(
            ItemFacts(
                id=item_id,
                number=str(position),  # AgendaItem.number
                title=title,
                purpose=purpose,
                part=part,
                affected_ids=tuple(sorted(affected.get(item_id, ()))),
                lot=linked.facts if linked else None,
                remedy=remedy,
            )
        )
    return facts


def network_edges(day: datetime.date) -> list[EdgeFacts]:
    """The relationships current on the day (meetings.selectors.network keeps them)."""
    return list(current_network().edges_on(day))


def network_edges_any_day() -> list[EdgeFacts]:
    """Every relationship, whatever its dates."""
    return list(current_network().edges)


def meeting_facts(meeting: Meeting) -> MeetingFacts:
    return meetings_facts([meeting])[meeting.pk]


def meetings_facts(
    meetings: Sequence[Meeting],
    network: Network | None = None,
    item_ids: Collection[int] | None = None,
) -> dict[int, MeetingFacts]:
    """meeting id -> the engine's facts for it, for any number of meetings in the same
    dozen queries: every table is read once for all of them, and each meeting takes its
    own rows (its day's committee members, the entries current on its day). ``network``:
    the caller's ``current_network()``, when it has read it already. ``item_ids``: only
    these items in the facts (an item's verdicts depend on no other item's; quorum,
    chairing and order of facts so narrowed mean nothing)."""
    if not meetings:
        return {}
    ids = [m.pk for m in meetings]
    days = {m.pk: m.date for m in meetings}
    committees = _committees_of(meetings)
    referrals = _referral_committees(committees)
    attendances: dict[int, list[Attendance]] = defaultdict(list)
    for attendance in Attendance.objects.filter(meeting_id__in=ids).select_related("member"):
        attendances[attendance.meeting_id].append(attendance)
    reserves: dict[int, list[ReserveMember]] = defaultdict(list)
    for place in ReserveMember.objects.filter(
        committee_id__in=list(committees), member__is_active=True
    ).select_related("member"):
        reserves[place.committee_id].append(place)
    rows = _CommitteeRows(
        {*committees, *(c.pk for cs in referrals.values() for c in cs)},
        min(days.values()),
        max(days.values()),
    )
    people: dict[int, dict[int, PersonFacts]] = {}
    committee_facts: dict[int, dict[int, CommitteeFacts]] = {}
    for meeting in meetings:
        met = people[meeting.pk] = {}
        for attendance in attendances.get(meeting.pk, ()):
            met.setdefault(attendance.member_id, _person(attendance.member))
        for place in reserves.get(meeting.committee_id, ()):
            met.setdefault(place.member_id, _person(place.member))
        own = committees[meeting.committee_id]
        committee_facts[meeting.pk] = rows.facts(
            [own, *referrals.get(own.pk, ())], days[meeting.pk], met
        )
    items = items_of_meetings(ids, item_ids)
    interests = entries_counted_at({pk: set(met) for pk, met in people.items()}, meetings)
    # Every relationship and name, kept while they stand.
    network = network or current_network()
    decisions: dict[int, list[DecisionFacts]] = defaultdict(list)
    for meeting_id, item_id, member_id, action, reason in ConflictDecision.objects.filter(
        item__meeting_id__in=ids
    ).values_list("item__meeting_id", "item_id", "member_id", "action", "reason"):
        decisions[meeting_id].append(DecisionFacts(item_id, member_id, Action(action), reason))
    policy = paper_policy()
    role_labels = dict(Member.ProfessionalRole.choices)
    facts = {}
    for meeting in meetings:
        day = days[meeting.pk]
        committee_rows = committee_facts[meeting.pk]
        facts[meeting.pk] = MeetingFacts(
            date=day,
            committee=committee_rows[meeting.committee_id],
            items=tuple(items.get(meeting.pk, ())),
            attendees=tuple(
                # A leaver still on the list neither counts towards quorum nor chairs.
                AttendeeFacts(
                    a.member_id,
                    a.kind,
                    a.is_voting,
                    present=not a.apologies and a.member.is_active,
                )
                for a in attendances.get(meeting.pk, ())
            ),
            people=people[meeting.pk],
            interests=tuple(interests[meeting.pk]),
            edges=network.edges_on(day),
            organisation_names=network.names,
            reserve_ids=tuple(p.member_id for p in reserves.get(meeting.committee_id, ())),
            referral_committees=tuple(
                committee_rows[c.pk] for c in referrals.get(meeting.committee_id, ())
            ),
            decisions=tuple(decisions.get(meeting.pk, ())),
            paper_policy=policy,
            role_labels=role_labels,
        )
    return facts


def _committees_of(meetings: Sequence[Meeting]) -> dict[int, Committee]:
    """committee id -> the meetings' committees: those already loaded with their meetings
    (``select_related``), the others in one query."""
    committees = {m.committee_id: m.committee for m in meetings if Meeting.committee.is_cached(m)}
    missing = {m.committee_id for m in meetings} - committees.keys()
    if missing:
        committees.update(Committee.objects.in_bulk(list(missing)))
    return committees


def _referral_committees(committees: dict[int, Committee]) -> dict[int, list[Committee]]:
    """committee id -> the committees it may refer an item to, by name (one query)."""
    links = (
        Committee.referral_committees.through.objects.filter(from_committee_id__in=list(committees))
        .select_related("to_committee")
        .order_by("to_committee__name")
    )
    referrals: dict[int, list[Committee]] = defaultdict(list)
    for link in links:
        referrals[link.from_committee_id].append(link.to_committee)
    return referrals


def committee_facts(
    committee: Committee, day: datetime.date, items: tuple[ItemFacts, ...]
) -> MeetingFacts:
    """The committee as it stands on the day, every current member attending, deciding these
    items: what a forecast needs when no meeting has been arranged yet."""
    people: dict[int, PersonFacts] = {}
    reserve = list(
        ReserveMember.objects.filter(
            committee_id=committee.pk, member__is_active=True
        ).select_related("member")
    )
    for place in reserve:
        people.setdefault(place.member_id, _person(place.member))
    referral = list(committee.referral_committees.all())
    committees = _committees_facts([committee, *referral], day, people)
    own = committees[committee.pk]
    memberships = (
        CommitteeMembership.objects.current_on(day)
        .filter(committee=committee, member__is_active=True)
        .values_list("member_id", "is_voting")
    )
    attendees = tuple(
        AttendeeFacts(member_id, "member", is_voting) for member_id, is_voting in memberships
    )
    interests = interest_facts(
        Interest.objects.filter(declarant_id__in=list(people))
        .exclude(status=Interest.Status.DRAFT)
        .current_on(day)
        .order_by()
    )
    network = current_network()  # every relationship and name, kept while they stand
    edges = network.edges_on(day)
    return MeetingFacts(
        date=day,
        committee=own,
        items=items,
        attendees=attendees,
        people=people,
        interests=tuple(interests),
        edges=tuple(edges),
        organisation_names=network.names,
        reserve_ids=tuple(p.member_id for p in reserve),
        referral_committees=tuple(committees[c.pk] for c in referral),
        paper_policy=paper_policy(),
        role_labels=dict(Member.ProfessionalRole.choices),
    )


def people_facts(
    members: Iterable[Member], day: datetime.date
) -> tuple[dict[int, PersonFacts], list[InterestFacts]]:
    """People from outside a meeting (neighbouring clinicians, say) and their entries on the day."""
    people = {m.pk: _person(m) for m in members}
    entries = (
        Interest.objects.filter(declarant_id__in=list(people))
        .exclude(status=Interest.Status.DRAFT)
        .current_on(day)
        .order_by()
    )
    return people, interest_facts(entries) if people else []


def meeting_assessment(meeting: Meeting) -> MeetingAssessment:
    return assess_meeting(meeting_facts(meeting))
