"""The facts of many meetings read together are each meeting's own facts: its day's committee
members, the entries current on its day, the drafts declared at it or before it, its items
and the chair's decisions at it; and reading them costs the same however many meetings."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interests.models import Interest
from meetings.models import Committee, CommitteeMembership, Meeting
from meetings.selectors.recusal_facts import meeting_facts, meetings_facts
from meetings.services.agenda import item_save
from meetings.services.conduct import conflict_suggestions_accept, meeting_declaration_record
from meetings.services.meetings import meeting_create
from tests.interests.factories import InterestFactory, MemberFactory
from tests.meetings.conftest import Story


def _meeting_in(story: Story, days: int) -> Meeting:
    meeting = meeting_create(
        actor=story.secretary.user,
        committee=story.committee,
        starts_at=timezone.now() + datetime.timedelta(days=days),
    )
    item_save(
        actor=story.secretary.user,
        meeting=meeting,
        title="Extended hours",
        purpose="decision",
        part="II",
        affected_organisations=[story.federation],
    )
    return meeting


def test_each_meeting_read_with_others_has_its_own_days_facts(story: Story) -> None:
    today = timezone.localdate()
    later = _meeting_in(story, 40)
    last = _meeting_in(story, 80)
    CommitteeMembership.objects.filter(committee=story.committee, member=story.nurse).update(
        end_date=today + datetime.timedelta(days=60)
    )
    joiner = MemberFactory(first_name="Joan", last_name="Later")
    CommitteeMembership.objects.create(
        committee=story.committee, member=joiner, start_date=today + datetime.timedelta(days=30)
    )
    ending = InterestFactory(
        declarant=story.lay, organisation=story.trust, end_date=today + datetime.timedelta(days=50)
    )
    declared = meeting_declaration_record(
        actor=story.secretary.user,
        meeting=later,
        member=story.fed_gp,
        description="Director of the trust",
        category="financial",
        nature="director",
        organisation=story.trust,
    )
    # Begun long before (as a correction might say): only the declaration keeps it from
    # counting at the first meeting.
    Interest.objects.filter(pk=declared.interest_id).update(start_date=datetime.date(2020, 1, 1))
    referral = Committee.objects.create(name="Primary Care Committee")
    CommitteeMembership.objects.create(committee=referral, member=story.reserve_gp)
    story.committee.referral_committees.add(referral)
    conflict_suggestions_accept(actor=story.secretary.user, item=story.award_item)

    first = Meeting.objects.get(pk=story.meeting.pk)  # no committee loaded with it
    batch = meetings_facts([last, first, later])

    for meeting in (first, later, last):
        assert batch[meeting.pk] == meeting_facts(meeting)
    members = {pk: set(facts.committee.member_ids) for pk, facts in batch.items()}
    assert story.nurse.pk in members[first.pk] & members[later.pk]
    assert story.nurse.pk not in members[last.pk]
    assert joiner.pk not in members[first.pk]
    assert joiner.pk in members[later.pk] & members[last.pk]
    entries = {pk: {i.id for i in facts.interests} for pk, facts in batch.items()}
    assert ending.pk in entries[first.pk] & entries[later.pk]
    assert ending.pk not in entries[last.pk]
    assert declared.interest_id not in entries[first.pk]
    assert declared.interest_id in entries[later.pk] & entries[last.pk]
    assert batch[first.pk].decisions and not batch[later.pk].decisions
    assert [c.member_ids for c in batch[last.pk].referral_committees] == [(story.reserve_gp.pk,)]
    assert "Extended hours" in [i.title for i in batch[last.pk].items]
    assert "Extended hours" not in [i.title for i in batch[first.pk].items]


def test_reading_eight_meetings_costs_what_reading_two_does(story: Story) -> None:
    meetings = [story.meeting] + [_meeting_in(story, 20 + n) for n in range(7)]

    def queries(some: list[Meeting]) -> int:
        with CaptureQueriesContext(connection) as captured:
            facts = meetings_facts(some)
        assert set(facts) == {m.pk for m in some}
        return len(captured.captured_queries)

    assert queries(meetings[:2]) == queries(meetings)
