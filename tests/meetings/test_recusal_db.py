"""The engine on the database: the seed story, quorum, the chair, and permissions that follow at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from interests.services import declarations as declaration_services
from meetings.models import Attendance
from meetings.selectors.recusal_facts import meeting_assessment, meeting_facts
from meetings.services.agenda import attendee_add, attendee_apologies, item_remedy_record, item_save
from meetings.services.conduct import conflict_decision_record
from meetings.services.meetings import meeting_publish_agenda
from recusal import Action
from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory


def test_federation_gps_are_conflicted_on_the_award_and_the_single_handed_gp_is_not(story):
    result = meeting_assessment(story.meeting)
    chain = result.verdict(story.chair.pk, story.award_item.pk).reasons[0].text
    assert chain == (
        "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ Northfield GP Federation "
        f"—bidder on→ Lot 2 Out-of-hours —decided by→ item {story.award_item.number}"
    )
    assert result.verdict(story.fed_gp.pk, story.award_item.pk).conflicted
    assert not result.verdict(story.single_gp.pk, story.award_item.pk).conflicted
    assert not result.verdict(story.chair.pk, story.open_item.pk).conflicted


def test_the_meeting_is_assessed_in_a_fixed_number_of_queries(story, django_assert_max_num_queries):
    with django_assert_max_num_queries(16) as small:
        meeting_facts(story.meeting)
    for n in range(15):
        organisation = OrganisationFactory()
        person = MemberFactory()
        Attendance.objects.create(meeting=story.meeting, member=person)
        InterestFactory(declarant=person, organisation=organisation)
        item_save(
            actor=story.secretary.user,
            meeting=story.meeting,
            title=f"Extra {n}",
            purpose="decision",
            part="I",
            affected_organisations=[organisation],
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        meeting_facts(story.meeting)


def test_withheld_papers_follow_the_verdict(story):
    paper = story.award_paper
    assert not story.chair.user.has_perm("meetings.view_paper", paper)
    assert not story.fed_gp.user.has_perm("meetings.view_paper", paper)
    assert story.single_gp.user.has_perm("meetings.view_paper", paper)
    assert story.nurse.user.has_perm("meetings.view_paper", paper)
    minutes = story.award_item.minutes
    assert not story.fed_gp.user.has_perm("meetings.view_itemminutes", minutes)
    assert story.nurse.user.has_perm("meetings.view_itemminutes", minutes)


def test_declaring_an_interest_revokes_access_in_the_same_transaction(story):
    nurse = story.nurse
    assert nurse.user.has_perm("meetings.view_paper", story.award_paper)
    declaration_services.interest_declare(
        member=nurse,
        fields={
            "category": "indirect",
            "indirect_type": "financial",
            "related_person_relationship": "spouse_or_partner",
            "related_person_name": "David Wright",
            "organisation": story.trust,
            "organisation_name": "",
            "nature": "employee",
            "description": "Husband works for the trust",
            "start_date": datetime.date(2019, 1, 1),
            "end_date": None,
        },
        actor=nurse.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=declaration_services.Publication(consent=True),
    )
    nurse.user._perm_cache = None  # noqa: SLF001 - drop Django's per-object cache, not guardian's
    from guardian.core import ObjectPermissionChecker

    assert not ObjectPermissionChecker(nurse.user).has_perm("view_paper", story.award_paper)


def test_ending_an_interest_before_the_meeting_restores_access(story):
    interest = story.fed_gp.interests.get()
    declaration_services.interest_end(
        interest=interest,
        member=story.fed_gp,
        end_date=datetime.date(2024, 1, 1),
        actor=story.fed_gp.user,
    )
    from guardian.core import ObjectPermissionChecker

    assert ObjectPermissionChecker(story.fed_gp.user).has_perm("view_paper", story.award_paper)


def test_quorum_lost_on_the_award_blocks_publication_until_a_named_co_optee_restores_it(story):
    result = meeting_assessment(story.meeting)
    quorum = result.quorum[story.award_item.pk]
    # Chair and federation GP leave; the single-handed GP is present, so 1 GP remains.
    assert quorum.quorate
    attendee_apologies(
        actor=story.secretary.user,
        attendance=Attendance.objects.get(meeting=story.meeting, member=story.single_gp),
        apologies=True,
    )
    quorum = meeting_assessment(story.meeting).quorum[story.award_item.pk]
    assert not quorum.quorate
    assert "needs 1 GP; 0 non-conflicted GPs present" in quorum.shortfalls
    co_opt = quorum.remedies[0]
    assert co_opt.kind == "co_opt" and co_opt.person_ids == (story.reserve_gp.pk,)
    assert "Dr N. North (GP, Southfield CCG)" in co_opt.text
    with pytest.raises(ValidationError, match="would be inquorate"):
        meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)

    attendee_add(
        actor=story.secretary.user, meeting=story.meeting, member=story.reserve_gp, kind="co_opted"
    )
    assert meeting_assessment(story.meeting).quorum[story.award_item.pk].quorate
    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)


def test_a_recorded_remedy_lets_the_agenda_be_published(story):
    attendee_apologies(
        actor=story.secretary.user,
        attendance=Attendance.objects.get(meeting=story.meeting, member=story.single_gp),
        apologies=True,
    )
    with pytest.raises(ValidationError):
        item_remedy_record(
            actor=story.secretary.user, item=story.award_item, remedy="defer", note=""
        )
    item_remedy_record(
        actor=story.secretary.user,
        item=story.award_item,
        remedy="defer",
        note="Deferred to December; chair and Guardian agreed",
    )
    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    story.meeting.refresh_from_db()
    assert story.meeting.status == "agenda_published"


def test_the_conflicted_chair_hands_the_award_to_the_vice_chair(story):
    chair = meeting_assessment(story.meeting).chairs[story.award_item.pk]
    assert chair.presiding_id == story.chair.pk
    assert chair.recommended_id == story.vice.pk
    assert "the vice-chair, Mr R. Kaye, should chair it" in chair.text


def test_a_chairs_decision_changes_access_and_needs_a_reason_when_it_departs_from_the_suggestion(
    story,
):
    with pytest.raises(ValidationError):
        conflict_decision_record(
            actor=story.secretary.user,
            item=story.award_item,
            member=story.fed_gp,
            action=Action.NO_VOTE,
        )
    conflict_decision_record(
        actor=story.secretary.user,
        item=story.award_item,
        member=story.fed_gp,
        action=Action.NO_VOTE,
        reason="Federation has withdrawn its interest in practice",
    )
    from guardian.core import ObjectPermissionChecker

    assert ObjectPermissionChecker(story.fed_gp.user).has_perm("view_paper", story.award_paper)
    with pytest.raises(ValidationError, match="no recorded conflict"):
        conflict_decision_record(
            actor=story.secretary.user,
            item=story.award_item,
            member=story.single_gp,
            action=Action.NOTED,
        )


def test_adding_a_bidder_later_conflicts_people_at_once(story):
    from guardian.core import ObjectPermissionChecker

    from procurements.models import Bid

    InterestFactory(
        declarant=story.nurse,
        organisation=story.moorside,
        nature="patient_or_user",
        category="non_financial_personal",
    )
    assert ObjectPermissionChecker(story.nurse.user).has_perm("view_paper", story.award_paper)
    Bid.objects.create(lot=story.lot, organisation=story.moorside)
    from meetings.services.access import meeting_access_sync

    meeting_access_sync(meeting=story.meeting)
    assert not ObjectPermissionChecker(story.nurse.user).has_perm("view_paper", story.award_paper)


def test_the_dashboard_asks_the_secretary_to_publish_and_members_to_read_their_papers(
    client, story
):
    from django.urls import reverse

    from meetings.services.meetings import meeting_publish_agenda
    from tests.conftest import login

    login(client, story.secretary)
    assert "Publish the agenda for" in client.get(reverse("dashboard")).content.decode()
    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    login(client, story.single_gp)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Read your papers for" in page
    assert reverse("meeting_pack", args=[story.meeting.pk]) in page
