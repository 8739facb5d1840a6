"""A change to the organisation network re-checks only the meetings it can alter: those from
today on with an item affecting (or deciding a lot bid for by) an organisation the changed
organisations reach (``recusal.network.organisations_touched``), in the same transaction.

Moorside Surgery, which Dr Clarke owns, joins the Northfield federation: the federation bids
for the out-of-hours lot the story's meeting decides, so Dr Clarke is now conflicted on the
award and loses its Part II paper at once. A meeting of another committee about a company
nobody is linked to is not re-assessed at all.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.core import ObjectPermissionChecker
from guardian.models import UserObjectPermission

from interests.services.organisations import (
    organisation_relationship_add,
    organisation_relationship_end,
)
from meetings.models import Committee, Meeting
from meetings.services.access import meeting_access_sync, meetings_affecting
from meetings.services.agenda import item_save
from meetings.services.meetings import meeting_create
from meetings.services.papers import paper_upload
from tests.interests.factories import InterestFactory, OrganisationFactory
from tests.meetings.conftest import Story, pdf


def _can_open(member: Any, obj: Any) -> bool:
    user = User.objects.get(pk=member.user_id)
    return ObjectPermissionChecker(user).has_perm("view_paper", obj)


def _unrelated_meetings(story: Story, count: int) -> list[Meeting]:
    """Meetings of another committee, each with a paper on an item affecting a company no
    relationship touches."""
    committee = Committee.objects.create(name=f"Audit Committee {count}")
    company = OrganisationFactory(name=f"Unlinked Company {count} Ltd", kind="company")
    meetings = []
    for n in range(count):
        meeting = meeting_create(
            actor=story.secretary.user,
            committee=committee,
            starts_at=timezone.now() + datetime.timedelta(days=20 + n),
        )
        item = item_save(
            actor=story.secretary.user,
            meeting=meeting,
            title="Contract with the company",
            purpose="decision",
            part="I",
            affected_organisations=[company],
        )
        paper_upload(actor=story.secretary.user, item=item, title="Contract", upload=pdf())
        meetings.append(meeting)
    return meetings


def _join(story: Story, practice: Any) -> Any:
    return organisation_relationship_add(
        actor=story.secretary.user,
        source=practice,
        target=story.federation,
        kind="member_of",
        start_date=datetime.date(2024, 4, 1),
    )


def _full_resync_changes_nothing() -> None:
    before = set(UserObjectPermission.objects.values_list("permission_id", "user_id", "object_pk"))
    for meeting in Meeting.objects.select_related("committee"):
        change = meeting_access_sync(meeting=meeting)
        assert (change.granted, change.revoked) == (0, 0), meeting
    after = set(UserObjectPermission.objects.values_list("permission_id", "user_id", "object_pk"))
    assert after == before


def test_a_practice_joining_the_federation_withdraws_the_award_paper_at_once(
    story: Story,
) -> None:
    assert _can_open(story.single_gp, story.award_paper)
    _join(story, story.moorside)
    assert not _can_open(story.single_gp, story.award_paper)
    assert _can_open(story.single_gp, story.open_paper)
    _full_resync_changes_nothing()


def test_only_meetings_with_an_item_the_change_reaches_are_re_checked(story: Story) -> None:
    unrelated = _unrelated_meetings(story, 3)
    affected = meetings_affecting({story.moorside.pk, story.federation.pk})
    assert [m.pk for m in affected] == [story.meeting.pk]
    assert not {m.pk for m in unrelated} & {m.pk for m in affected}
    # The company's own meetings are reached when the company's links change.
    company = unrelated[0].items.get(title="Contract with the company").affected_organisations.get()
    assert {m.pk for m in meetings_affecting({company.pk})} == {m.pk for m in unrelated}


def test_ending_a_link_re_checks_what_it_reached_and_agrees_with_a_full_re_check(
    story: Story,
) -> None:
    link = _join(story, story.moorside)
    _unrelated_meetings(story, 2)
    organisation_relationship_end(
        actor=story.secretary.user, relationship=link, end_date=datetime.date(2024, 5, 1)
    )
    assert _can_open(story.single_gp, story.award_paper)
    _full_resync_changes_nothing()


def test_a_network_change_costs_the_same_however_many_unrelated_meetings_are_to_come(
    story: Story,
) -> None:
    def change_queries(name: str) -> int:
        practice = OrganisationFactory(name=name)
        with CaptureQueriesContext(connection) as captured:
            _join(story, practice)
        return len(captured.captured_queries)

    _unrelated_meetings(story, 1)
    before = change_queries("First Practice")
    _unrelated_meetings(story, 12)
    assert change_queries("Second Practice") == before


def _papers_about_the_federation(story: Story, count: int) -> list[Any]:
    """Meetings of the story's committee, each with a Part II paper on an item affecting the
    federation (their papers returned): Dr Clarke may read them while Moorside stands apart
    from the federation."""
    papers = []
    for n in range(count):
        meeting = meeting_create(
            actor=story.secretary.user,
            committee=story.committee,
            starts_at=timezone.now() + datetime.timedelta(days=30 + 7 * n),
        )
        item = item_save(
            actor=story.secretary.user,
            meeting=meeting,
            title="Extended access hours",
            purpose="decision",
            part="II",
            affected_organisations=[story.federation],
        )
        papers.append(
            paper_upload(actor=story.secretary.user, item=item, title="Proposal", upload=pdf())
        )
    return papers


def test_every_meeting_a_change_reaches_withdraws_and_restores_papers_together(
    story: Story,
) -> None:
    papers = _papers_about_the_federation(story, 4)
    assert all(_can_open(story.single_gp, paper) for paper in papers)
    link = _join(story, story.moorside)
    assert not any(_can_open(story.single_gp, paper) for paper in papers)
    assert not _can_open(story.single_gp, story.award_paper)
    assert all(_can_open(story.nurse, paper) for paper in papers)
    _full_resync_changes_nothing()
    organisation_relationship_end(
        actor=story.secretary.user, relationship=link, end_date=datetime.date(2024, 5, 1)
    )
    assert all(_can_open(story.single_gp, paper) for paper in papers)
    assert _can_open(story.single_gp, story.award_paper)
    _full_resync_changes_nothing()


def test_a_network_change_costs_the_same_however_many_meetings_it_reaches(
    story: Story,
) -> None:
    """Two meetings reached, then nine: each change withdraws a member's papers at every one
    of them, in the same number of queries."""

    def change_queries(practice: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            _join(story, practice)
        return len(captured.captured_queries)

    papers = _papers_about_the_federation(story, 1)  # and the story's own meeting
    with_two = change_queries(story.moorside)
    assert not any(_can_open(story.single_gp, paper) for paper in papers)
    papers += _papers_about_the_federation(story, 7)
    eastgate = OrganisationFactory(name="Eastgate Surgery")
    InterestFactory(declarant=story.nurse, organisation=eastgate, nature="partner")
    assert all(_can_open(story.nurse, paper) for paper in papers)
    with_nine = change_queries(eastgate)
    assert not any(_can_open(story.nurse, paper) for paper in papers)
    assert with_nine == with_two
    _full_resync_changes_nothing()
