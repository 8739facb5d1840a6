"""One person's verdicts on every item of several meetings, in a fixed number of queries.

After a change to one person's register entries or record, only that person's verdicts can
change (``recusal.person``): this builds just their facts for all the meetings concerned at
once (items, their own entries, the network, the chair's decisions about them), walking the
network once for each stretch of days on which the same relationships are current.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Q

from interests.models import Interest, Member
from meetings.models import ConflictDecision, Meeting, MeetingDeclaration
from meetings.selectors.entry_facts import interest_facts
from meetings.selectors.network import current_network
from meetings.selectors.recusal_facts import _person, items_of_meetings, paper_policy
from recusal import Action, DecisionFacts, PersonMeetingFacts, assess_person
from recusal.network import NetworksByDay
from recusal.results import Verdict


def person_verdicts(member: Member, meetings: Sequence[Meeting]) -> dict[int, dict[int, Verdict]]:
    """meeting id -> item id -> the member's verdict, as ``meeting_assessment`` gives it."""
    if not meetings:
        return {}
    meeting_ids = [m.pk for m in meetings]
    items = items_of_meetings(meeting_ids)
    # A draft declared at a meeting counts from that meeting on, at every later meeting,
    # unless the Guardian ruled the declaration made in error (as in meeting_facts).
    declared_from: dict[int, datetime.datetime] = {}
    for interest_id, starts_at in (
        MeetingDeclaration.objects.standing()
        .filter(member=member, interest__status=Interest.Status.DRAFT)
        .values_list("interest_id", "meeting__starts_at")
    ):
        if interest_id not in declared_from or starts_at < declared_from[interest_id]:
            declared_from[interest_id] = starts_at
    draft_ids = set(declared_from)
    entries = interest_facts(
        Interest.objects.filter(declarant=member)
        .filter(~Q(status=Interest.Status.DRAFT) | Q(pk__in=draft_ids))
        .order_by("pk")
    )
    declared = tuple(e for e in entries if e.id not in draft_ids)
    by_id = {e.id: e for e in entries}
    network = current_network()
    edges = network.edges
    names = network.names
    decisions: dict[int, list[DecisionFacts]] = defaultdict(list)
    for meeting_id, item_id, action, reason in ConflictDecision.objects.filter(
        member=member, item__meeting_id__in=meeting_ids
    ).values_list("item__meeting_id", "item_id", "action", "reason"):
        decisions[meeting_id].append(DecisionFacts(item_id, member.pk, Action(action), reason))

    person = _person(member)
    policy = paper_policy()
    networks = NetworksByDay(edges)
    verdicts = {}
    for meeting in meetings:
        day = meeting.date
        facts = PersonMeetingFacts(
            date=day,
            person=person,
            items=tuple(items.get(meeting.pk, ())),
            interests=declared
            + tuple(
                by_id[i]
                for i in sorted(draft_ids)
                if i in by_id and declared_from[i] <= meeting.starts_at
            ),
            edges=tuple(edges),
            organisation_names=names,
            decisions=tuple(decisions.get(meeting.pk, ())),
            paper_policy=policy,
        )
        verdicts[meeting.pk] = assess_person(facts, networks.on(day))
    return verdicts
