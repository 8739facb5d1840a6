"""A change to the register reaches the meetings to come; a meeting already held keeps the
paper and minute access settled when it was held (meetings/services/access.py, ADR 0022).

The story's committee meets twice: the award of the out-of-hours lot was discussed three days
ago (Part II), and comes back in a week. Dr Okafor (a partner in a federation practice) was
excluded from the Part II item; Dr Clarke (the single-handed GP) was not.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.core import ObjectPermissionChecker

from interests.models import Interest, OrganisationRelationship
from interests.services.declarations import Publication, interest_declare, interest_end
from interests.services.organisations import organisation_relationship_end
from meetings.models import AgendaItem, ItemMinutes, Meeting, Paper
from meetings.services.access import meetings_concerning, meetings_from_today
from meetings.services.agenda import item_save
from meetings.services.meetings import meeting_create, meeting_mark_held, meeting_publish_agenda
from meetings.services.papers import paper_upload
from meetings.tasks import resync_all_access
from tests.meetings.conftest import Story, pdf


def _can_open(member: Any, obj: Any) -> bool:
    user = User.objects.get(pk=member.user_id)  # fresh: guardian caches per user object
    codename = "view_paper" if isinstance(obj, Paper) else "view_itemminutes"
    return ObjectPermissionChecker(user).has_perm(codename, obj)


def _award_minutes(item: AgendaItem) -> ItemMinutes:
    return ItemMinutes.objects.get(item=item)


@pytest.fixture
def two_meetings(story: Story) -> tuple[Story, AgendaItem]:
    """The story's meeting held three days ago, and the committee's next meeting in a week
    with the award on its agenda again."""
    actor = story.secretary.user
    meeting_publish_agenda(actor=actor, meeting=story.meeting)
    Meeting.objects.filter(pk=story.meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    story.meeting.refresh_from_db()
    meeting_mark_held(actor=actor, meeting=story.meeting)
    story.meeting.refresh_from_db()
    following = meeting_create(
        actor=actor,
        committee=story.committee,
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )
    award_again = item_save(
        actor=actor,
        meeting=following,
        title="Award of the out-of-hours contract (continued)",
        purpose="decision",
        part="II",
        lot_id=story.lot.pk,
        title_is_confidential=True,
    )
    paper_upload(actor=actor, item=award_again, title="Final scores", upload=pdf())
    meeting_publish_agenda(actor=actor, meeting=following)
    return story, award_again


def _declare(member: Any, organisation: Any, start: datetime.date) -> Interest:
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
            "description": "Director of the federation",
            "start_date": start,
        },
    )


def test_as_held_the_excluded_gp_has_neither_paper_nor_minutes_of_either_meeting(
    two_meetings: tuple[Story, AgendaItem],
) -> None:
    story, award_again = two_meetings
    future_paper = Paper.objects.get(item=award_again)
    assert not _can_open(story.fed_gp, story.award_paper)
    assert not _can_open(story.fed_gp, _award_minutes(story.award_item))
    assert not _can_open(story.fed_gp, future_paper)
    assert _can_open(story.single_gp, _award_minutes(story.award_item))
    assert _can_open(story.single_gp, future_paper)


def test_a_declaration_withdraws_what_is_to_come_and_leaves_the_held_meeting_as_held(
    two_meetings: tuple[Story, AgendaItem],
) -> None:
    """Dr Clarke now declares a directorship of the federation, backdated to 2020. The coming
    meeting's paper and minutes are withdrawn at once. The meeting three days ago is the record
    of what happened: she was not excluded there, took part, and keeps its minutes; the late
    declaration is a matter for the Guardian, not a rewrite of who was entitled then."""
    story, award_again = two_meetings
    _declare(story.single_gp, story.federation, datetime.date(2020, 1, 1))

    assert not _can_open(story.single_gp, Paper.objects.get(item=award_again))
    assert not _can_open(story.single_gp, _award_minutes(award_again))
    assert _can_open(story.single_gp, _award_minutes(story.award_item))
    assert _can_open(story.single_gp, story.award_paper)


def test_ending_an_interest_re_grants_what_is_to_come_but_never_a_held_meetings_minutes(
    two_meetings: tuple[Story, AgendaItem],
) -> None:
    """Dr Okafor records that his partnership ended a week ago, before the meeting he was
    excluded from. Recomputing that meeting would now find him clear and hand him the Part II
    minutes of an item he was sent out of. It is not recomputed: he stays excluded from it,
    and receives the coming meeting's papers, where he is clear."""
    story, award_again = two_meetings
    partnership = Interest.objects.get(declarant=story.fed_gp)
    interest_end(
        interest=partnership,
        member=story.fed_gp,
        end_date=timezone.localdate() - datetime.timedelta(days=7),
        actor=story.fed_gp.user,
    )

    assert _can_open(story.fed_gp, Paper.objects.get(item=award_again))
    assert not _can_open(story.fed_gp, _award_minutes(story.award_item))
    assert not _can_open(story.fed_gp, story.award_paper)


def test_a_network_change_and_the_nightly_re_check_leave_the_held_meeting_as_held(
    two_meetings: tuple[Story, AgendaItem],
) -> None:
    """Hillview's membership of the federation is recorded as ended last month: the conflict
    it carried no longer holds for the coming meeting, and the nightly re-check agrees; the
    meeting already held is touched by neither."""
    story, award_again = two_meetings
    hillview_link = OrganisationRelationship.objects.get(
        source__name="Hillview Medical Centre", target=story.federation
    )
    organisation_relationship_end(
        actor=story.secretary.user,
        relationship=hillview_link,
        end_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    assert _can_open(story.fed_gp, Paper.objects.get(item=award_again))
    assert not _can_open(story.fed_gp, _award_minutes(story.award_item))

    assert resync_all_access() == {"meetings": 1}
    assert not _can_open(story.fed_gp, _award_minutes(story.award_item))
    assert _can_open(story.fed_gp, _award_minutes(award_again))


def test_a_change_to_the_held_meeting_itself_still_re_checks_it(
    two_meetings: tuple[Story, AgendaItem],
) -> None:
    """Freezing is for changes made elsewhere: a paper added to the held meeting after it
    (the secretary filing the presentation shown) goes to exactly those entitled then."""
    story, _ = two_meetings
    late_paper = paper_upload(
        actor=story.secretary.user,
        item=story.award_item,
        title="Presentation shown at the meeting",
        upload=pdf(),
    )
    assert _can_open(story.single_gp, late_paper)
    assert not _can_open(story.fed_gp, late_paper)


def test_meetings_concerning_a_member_are_those_from_today_on(
    two_meetings: tuple[Story, AgendaItem],
) -> None:
    story, award_again = two_meetings
    concerning = meetings_concerning(story.single_gp)
    assert [m.pk for m in concerning] == [award_again.meeting_id]
    # A meeting earlier today still counts: it may not have started, or may be under way.
    earlier_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(0, 1))
    )
    Meeting.objects.filter(pk=story.meeting.pk).update(starts_at=earlier_today)
    assert story.meeting.pk in {m.pk for m in meetings_from_today()}


def test_a_declaration_costs_the_same_however_many_meetings_were_held_before(
    two_meetings: tuple[Story, AgendaItem],
) -> None:
    """Years of held meetings add nothing to what one declaration recomputes."""
    story, _ = two_meetings

    def declaration_queries(organisation_name: str) -> int:
        from tests.interests.factories import OrganisationFactory

        organisation = OrganisationFactory(name=organisation_name)
        with CaptureQueriesContext(connection) as captured:
            _declare(story.single_gp, organisation, datetime.date(2021, 1, 1))
        return len(captured.captured_queries)

    before = declaration_queries("First Company Ltd")
    for weeks in range(1, 21):
        Meeting.objects.create(
            committee=story.committee,
            starts_at=timezone.now() - datetime.timedelta(weeks=weeks),
            status=Meeting.Status.MINUTES_APPROVED,
        )
    assert declaration_queries("Second Company Ltd") == before
