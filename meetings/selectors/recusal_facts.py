"""Building the recusal engine's facts for a meeting from the database.

A fixed number of queries whatever the number of items, attendees, interests
or organisations (tested with ``django_assert_max_num_queries``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable

from django.conf import settings
from django.db.models import Q, QuerySet

from interests.models import Interest, Member
from meetings.hooks import lots_of_items
from meetings.models import (
    RELATED_PERSON_TO_COMPLETE,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    ConflictDecision,
    Meeting,
    QuorumRoleRequirement,
    ReserveMember,
)
from meetings.selectors.network import current_network
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


def _committees_facts(
    committees: list[Committee], day: datetime.date, people: dict[int, PersonFacts]
) -> dict[int, CommitteeFacts]:
    ids = [c.pk for c in committees]
    memberships = (
        CommitteeMembership.objects.current_on(day)
        .filter(committee_id__in=ids)
        .select_related("member")
    )
    requirements = QuorumRoleRequirement.objects.filter(committee_id__in=ids)
    by_committee: dict[int, list[CommitteeMembership]] = defaultdict(list)
    for membership in memberships:
        by_committee[membership.committee_id].append(membership)
        people.setdefault(membership.member_id, _person(membership.member))
    role_minimums: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for requirement in requirements:
        role_minimums[requirement.committee_id].append(
            (requirement.professional_role, requirement.minimum)
        )
    facts = {}
    for committee in committees:
        members = by_committee[committee.pk]
        chair = next(
            (m.member_id for m in members if m.role == CommitteeMembership.Role.CHAIR), None
        )
        vice = next(
            (m.member_id for m in members if m.role == CommitteeMembership.Role.VICE_CHAIR), None
        )
        facts[committee.pk] = CommitteeFacts(
            id=committee.pk,
            name=committee.name,
            rule=QuorumRule(
                committee.quorum_minimum_voting, tuple(sorted(role_minimums[committee.pk]))
            ),
            chair_id=chair,
            vice_chair_id=vice,
            voting_member_ids=tuple(sorted(m.member_id for m in members if m.is_voting)),
            member_ids=tuple(sorted(m.member_id for m in members)),
        )
    return facts


def _items(meeting: Meeting) -> list[ItemFacts]:
    return items_of_meetings([meeting.pk]).get(meeting.pk, [])


def items_of_meetings(meeting_ids: Collection[int]) -> dict[int, list[ItemFacts]]:
    """meeting id -> its items as the engine sees them, in agenda order (three queries,
    reading plain values: a year of meetings is a thousand items)."""
    ids = list(meeting_ids)
    items = list(
        AgendaItem.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "position")
        .values_list("pk", "meeting_id", "position", "title", "purpose", "part", "remedy")
    )
    affected: dict[int, list[int]] = defaultdict(list)
    links = AgendaItem.affected_organisations.through.objects.filter(agendaitem__meeting_id__in=ids)
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


def _interests(
    person_ids: Iterable[int], day: datetime.date, meeting: Meeting
) -> list[InterestFacts]:
    """Declared entries current on the day, plus drafts declared at a meeting.

    A declaration made at a meeting counts from that meeting on, at every later meeting of
    any committee, until the member completes the draft (it is then a declared entry) or
    the Guardian records that it was made in error. Still one query.
    """
    declared_at_a_meeting = Q(
        status=Interest.Status.DRAFT,
        meeting_declarations__meeting__starts_at__lte=meeting.starts_at,
        meeting_declarations__in_error_at__isnull=True,
    )
    entries = (
        Interest.objects.filter(declarant_id__in=list(person_ids))
        .filter(~Q(status=Interest.Status.DRAFT) | declared_at_a_meeting)
        .current_on(day)
        .distinct()
        .order_by()  # the default ordering joins the declarant only to sort
    )
    return interest_facts(entries)


_FACT_COLUMNS = (
    "pk",
    "declarant_id",
    "organisation_id",
    "organisation_name",
    "category",
    "indirect_type",
    "nature",
    "start_date",
    "end_date",
    "related_person_relationship",
    "related_person_name",
)


def interest_facts(entries: QuerySet[Interest]) -> list[InterestFacts]:
    """The engine's view of these entries, read as plain values (no model instances: a
    meeting's attendees hold hundreds of entries)."""
    natures = {value: str(label).lower() for value, label in Interest.Nature.choices}
    relationships = {value: str(label).lower() for value, label in Interest.Relationship.choices}
    indirect = Interest.Category.INDIRECT
    facts = []
    for row in entries.values_list(*_FACT_COLUMNS):
        (pk, person, organisation, typed, category, indirect_type, nature) = row[:7]
        start, end, relationship, related_name = row[7:]
        is_indirect = category == indirect
        facts.append(
            InterestFacts(
                id=pk,
                person_id=person,
                organisation_id=organisation,
                organisation_name=typed,
                interest_type=indirect_type if is_indirect else category,
                nature=natures.get(nature, nature.lower()),
                start=start,
                end=end,
                is_indirect=is_indirect,
                relationship=relationships.get(relationship, relationship.lower())
                if is_indirect
                else "",
                # Not yet named (declared at a meeting): no placeholder in anyone's minutes.
                related_name="" if related_name == RELATED_PERSON_TO_COMPLETE else related_name,
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
    day = meeting.date
    people: dict[int, PersonFacts] = {}
    attendances = list(Attendance.objects.filter(meeting=meeting).select_related("member"))
    for attendance in attendances:
        people.setdefault(attendance.member_id, _person(attendance.member))
    reserve = list(
        ReserveMember.objects.filter(
            committee_id=meeting.committee_id, member__is_active=True
        ).select_related("member")
    )
    for place in reserve:
        people.setdefault(place.member_id, _person(place.member))
    referral = list(meeting.committee.referral_committees.all())
    committees = _committees_facts([meeting.committee, *referral], day, people)
    items = _items(meeting)
    interests = _interests(people, day, meeting)
    network = current_network()  # every relationship and name, kept while they stand
    decisions = [
        DecisionFacts(item_id, member_id, Action(action), reason)
        for item_id, member_id, action, reason in ConflictDecision.objects.filter(
            item__meeting=meeting
        ).values_list("item_id", "member_id", "action", "reason")
    ]
    return MeetingFacts(
        date=day,
        committee=committees[meeting.committee_id],
        items=tuple(items),
        attendees=tuple(
            # A leaver still on the list neither counts towards quorum nor chairs.
            AttendeeFacts(
                a.member_id, a.kind, a.is_voting, present=not a.apologies and a.member.is_active
            )
            for a in attendances
        ),
        people=people,
        interests=tuple(interests),
        edges=network.edges_on(day),
        organisation_names=network.names,
        reserve_ids=tuple(p.member_id for p in reserve),
        referral_committees=tuple(committees[c.pk] for c in referral),
        decisions=tuple(decisions),
        paper_policy=paper_policy(),
        role_labels=dict(Member.ProfessionalRole.choices),
    )


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
