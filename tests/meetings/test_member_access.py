"""After a change to one person's register, only their verdicts are recomputed, and the paper
and minute permissions left are exactly those a full re-check of every meeting would leave."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.models import UserObjectPermission

from interests.models import Interest
from interests.services.declarations import Publication, interest_declare, interest_end
from interests.services.leavers import member_leave
from meetings.models import Meeting, Paper
from meetings.selectors.person_verdicts import person_verdicts
from meetings.selectors.recusal_facts import meeting_assessment
from meetings.services.access import meeting_access_sync, member_access_sync
from meetings.services.agenda import item_save
from meetings.services.conduct import conflict_suggestions_accept, meeting_declaration_record
from meetings.services.meetings import meeting_create
from meetings.services.papers import paper_upload
from tests.interests.factories import OrganisationFactory
from tests.meetings.conftest import Story, pdf


def _rows() -> set[tuple[int, int, str]]:
    return set(UserObjectPermission.objects.values_list("permission_id", "user_id", "object_pk"))


def _full_resync_changes_nothing() -> None:
    before = _rows()
    for meeting in Meeting.objects.select_related("committee"):
        change = meeting_access_sync(meeting=meeting)
        assert (change.granted, change.revoked) == (0, 0), meeting
    assert _rows() == before


def _declare(member: Any, organisation: Any) -> Interest:
    return interest_declare(
        member=member,
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": organisation,
            "organisation_name": "",
            "nature": "director",
            "description": "Director",
            "start_date": datetime.date(2021, 1, 1),
        },
    )


def test_one_persons_verdicts_are_the_meeting_engines_verdicts(story: Story) -> None:
    conflict_suggestions_accept(actor=story.secretary.user, item=story.award_item)
    assessment = meeting_assessment(story.meeting)
    people = {person for person, _item in assessment.verdicts}
    assert story.fed_gp.pk in people and story.chair.pk in people
    for member in (story.chair, story.fed_gp, story.single_gp, story.lay, story.reserve_gp):
        mine = person_verdicts(member, [story.meeting])[story.meeting.pk]
        for (person, item), verdict in assessment.verdicts.items():
            if person == member.pk:
                assert mine[item] == verdict


def test_a_declaration_leaves_what_a_full_re_check_would(story: Story) -> None:
    second = meeting_create(
        actor=story.secretary.user,
        committee=story.committee,
        starts_at=timezone.now() + datetime.timedelta(days=40),
    )
    assert second.pk
    _declare(story.single_gp, story.federation)
    _full_resync_changes_nothing()
    _declare(story.nurse, story.trust)
    _full_resync_changes_nothing()


def test_ending_an_interest_and_the_chairs_decisions_leave_what_a_full_re_check_would(
    story: Story,
) -> None:
    conflict_suggestions_accept(actor=story.secretary.user, item=story.award_item)
    partnership = Interest.objects.get(declarant=story.fed_gp)
    interest_end(
        interest=partnership,
        member=story.fed_gp,
        end_date=timezone.localdate() - datetime.timedelta(days=1),
        actor=story.fed_gp.user,
    )
    _full_resync_changes_nothing()


def test_an_interest_declared_at_the_meeting_counts_there_only(story: Story) -> None:
    later = meeting_create(
        actor=story.secretary.user,
        committee=story.committee,
        starts_at=timezone.now() + datetime.timedelta(days=60),
    )
    meeting_declaration_record(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.nurse,
        description="Her husband works for the trust",
        category="indirect",
        indirect_type="financial",
        nature="employee",
        organisation=story.trust,
        item=story.award_item,
    )
    verdicts = person_verdicts(story.nurse, [story.meeting, later])
    assert verdicts[story.meeting.pk][story.award_item.pk].reasons
    assert verdicts == {
        story.meeting.pk: {
            item: verdict
            for (person, item), verdict in meeting_assessment(story.meeting).verdicts.items()
            if person == story.nurse.pk
        },
        later.pk: {
            item: verdict
            for (person, item), verdict in meeting_assessment(later).verdicts.items()
            if person == story.nurse.pk
        },
    }
    member_access_sync(member=story.nurse, meetings=[story.meeting, later])
    _full_resync_changes_nothing()


def test_a_leaver_loses_every_paper_of_the_meetings_to_come(story: Story) -> None:
    assert UserObjectPermission.objects.filter(user=story.single_gp.user).exists()
    member_leave(actor=story.secretary.user, member=story.single_gp, left_on=timezone.localdate())
    assert not UserObjectPermission.objects.filter(user=story.single_gp.user).exists()
    _full_resync_changes_nothing()


def test_a_declaration_costs_the_same_however_many_meetings_are_to_come(story: Story) -> None:
    """Two meetings to come, then eight, each with a paper: one declaration recomputes the
    member's access to all of them in the same number of queries."""

    def meetings_to_come(count: int, after_days: int) -> None:
        for n in range(count):
            meeting = meeting_create(
                actor=story.secretary.user,
                committee=story.committee,
                starts_at=timezone.now() + datetime.timedelta(days=after_days + n),
            )
            item = item_save(
                actor=story.secretary.user,
                meeting=meeting,
                title="Extended access hours",
                purpose="decision",
                part="II",
                affected_organisations=[story.federation],
            )
            paper_upload(actor=story.secretary.user, item=item, title="Proposal", upload=pdf())

    def declaration_queries(name: str) -> int:
        organisation = OrganisationFactory(name=name)
        with CaptureQueriesContext(connection) as captured:
            _declare(story.single_gp, organisation)
        return len(captured.captured_queries)

    meetings_to_come(1, 30)
    with_two = declaration_queries("First Company Ltd")
    meetings_to_come(6, 60)
    assert declaration_queries("Second Company Ltd") == with_two
    _declare(story.single_gp, story.federation)
    proposals = Paper.objects.filter(item__title="Extended access hours")
    assert proposals.count() == 7
    assert not UserObjectPermission.objects.filter(
        user=story.single_gp.user, object_pk__in=[str(p.pk) for p in proposals]
    ).exists()
    _full_resync_changes_nothing()
