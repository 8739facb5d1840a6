"""Each detection rule: a test that plants the breach, and one that plants a near miss.

The checks run as they do in production, through ``breaches_detect`` (beat, and after each
meeting's minutes are approved); each test looks for its own rule's findings.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from compliance.models import Breach
from compliance.services.detection import breaches_detect
from core.models import AuditEvent
from interests.models import (
    Declaration,
    DeclarationCampaign,
    GiftOrHospitality,
    Interest,
    Member,
)
from interests.services.declarations import Publication, interest_submit
from interests.services.leavers import member_leave
from meetings.models import Attendance, ConflictDecision, MeetingDeclaration
from meetings.services.conduct import (
    conflict_decision_record,
    conflict_departure_stamp,
    meeting_declaration_record,
)
from procurements.models import Bid, Procurement
from procurements.services.documents import lot_document_upload
from procurements.services.panels import evaluator_add, evaluator_declare
from procurements.services.procurements import procurement_save
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory
from tests.meetings.conftest import Story, approve_story, pdf, start_meeting


def _joined_long_ago(member: Any) -> None:
    """On the register for years: an interest is due 28 days after it begins."""
    Member.objects.filter(pk=member.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )


def _found(rule: str) -> dict[int | None, Breach]:
    breaches_detect()
    return {b.member_id: b for b in Breach.objects.filter(rule=rule)}


# --- A person conflicted on an item who made no declaration at the meeting ---------------


def test_a_conflicted_member_who_declared_nothing_is_raised_when_the_minutes_are_approved(
    story: Story,
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        approve_story(story)  # the checks run after the approval commits
    raised = {b.member_id: b for b in Breach.objects.filter(rule="undeclared_conflict")}
    assert set(raised) == {story.chair.pk, story.fed_gp.pk}
    breach = raised[story.fed_gp.pk]
    assert breach.status == Breach.Status.AWAITING_REVIEW
    assert breach.occurred_on == story.meeting.date
    assert breach.how_found == Breach.HowFound.DETECTED
    assert f"item {story.award_item.number}" in breach.what_happened
    # The confidential title is evidence by reference, never the breach's own text.
    assert story.award_item.title not in breach.what_happened
    assert story.award_item.title not in str(breach.evidence)
    refs = {line["ref"] for line in breach.evidence}
    assert f"meetings.agendaitem:{story.award_item.pk}" in refs
    assert f"meetings.meeting:{story.meeting.pk}" in refs


def test_a_member_who_declared_at_the_meeting_is_not_raised(story: Story) -> None:
    start_meeting(story)
    meeting_declaration_record(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.fed_gp,
        item=story.award_item,
        description="Partner in Hillview, a member of the federation",
        category="financial",
        nature="partner",
        organisation=story.fed_gp.interests.first().organisation,
    )
    approve_story(story)
    assert set(_found("undeclared_conflict")) == {story.chair.pk}


def test_a_conflicted_member_sending_apologies_is_not_raised(story: Story) -> None:
    Attendance.objects.filter(meeting=story.meeting, member=story.fed_gp).update(apologies=True)
    approve_story(story)
    assert story.fed_gp.pk not in _found("undeclared_conflict")


def test_a_meeting_not_yet_approved_is_not_judged(story: Story) -> None:
    start_meeting(story)
    assert _found("undeclared_conflict") == {}


# --- An interest declared more than 28 days after it began -------------------------------


def test_an_interest_declared_29_days_after_it_began_is_raised(story: Story) -> None:
    _joined_long_ago(story.nurse)
    today = timezone.localdate()
    late = InterestFactory(declarant=story.nurse, start_date=today - datetime.timedelta(days=29))
    breach = _found("late_declaration")[story.nurse.pk]
    assert breach.detection_key == f"late_declaration:interest:{late.pk}"
    assert "29 days after it began" in breach.what_happened


def test_an_interest_declared_on_the_28th_day_is_not_raised(story: Story) -> None:
    _joined_long_ago(story.nurse)
    today = timezone.localdate()
    InterestFactory(declarant=story.nurse, start_date=today - datetime.timedelta(days=28))
    InterestFactory(
        declarant=story.nurse, start_date=datetime.date(2015, 1, 1), source="import"
    )  # an imported entry: the earlier register did not say when it was declared
    assert story.nurse.pk not in _found("late_declaration")


def test_an_interest_held_on_joining_is_due_28_days_after_joining(story: Story) -> None:
    """Declared on appointment: an interest held since 2015 by someone who joined 40 days ago
    is late; by someone who joined 20 days ago, not yet."""
    early = InterestFactory(declarant=story.nurse, start_date=datetime.date(2015, 1, 1))
    Member.objects.filter(pk=story.nurse.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    recent = InterestFactory(declarant=story.lay, start_date=datetime.date(2015, 1, 1))
    Member.objects.filter(pk=story.lay.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    found = _found("late_declaration")
    assert found[story.nurse.pk].detection_key == f"late_declaration:interest:{early.pk}"
    assert "40 days after joining the register" in found[story.nurse.pk].what_happened
    assert story.lay.pk not in found and recent.pk


def test_declared_at_a_meeting_in_time_and_completed_later_is_not_late(story: Story) -> None:
    """The meeting is when it was declared: completing the entry 40 days on is not late."""
    _joined_long_ago(story.nurse)
    start_meeting(story, hours_ago=24 * 40)
    declaration = meeting_declaration_record(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.nurse,
        description="Trustee of the hospice",
        category="non_financial_personal",
        nature="trustee",
        organisation_name="Northfield Hospice",
    )
    draft = declaration.interest
    interest_submit(
        interest=draft,
        member=story.nurse,
        actor=story.nurse.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
    )
    assert Interest.objects.get(pk=draft.pk).declared_late  # by the entry alone
    assert story.nurse.pk not in _found("late_declaration")


# --- An annual declaration not made by the deadline --------------------------------------


def _campaign_closed_yesterday(story: Story) -> DeclarationCampaign:
    campaign = DeclarationCampaign.objects.create(
        title="Annual declaration 2026",
        opened_by=story.secretary.user,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    DeclarationCampaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    campaign.refresh_from_db()
    return campaign


def _answer(member: Any, campaign: DeclarationCampaign, on: datetime.date) -> None:
    declaration = Declaration.objects.create(
        member=member, kind="confirmed", campaign=campaign, confirmed_complete=True
    )
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    Declaration.objects.filter(pk=declaration.pk).update(made_at=moment)


def test_a_decision_maker_who_did_not_answer_by_the_deadline_is_raised(story: Story) -> None:
    campaign = _campaign_closed_yesterday(story)
    _answer(story.chair, campaign, campaign.deadline + datetime.timedelta(days=1))
    found = _found("annual_missed")
    assert "did not answer Annual declaration 2026" in found[story.nurse.pk].what_happened
    assert "1 day late" in found[story.chair.pk].what_happened
    assert found[story.nurse.pk].occurred_on == campaign.deadline


def test_answering_on_the_deadline_joining_later_or_leaving_before_is_not_raised(
    story: Story,
) -> None:
    not_a_decision_maker = MemberFactory(is_decision_maker=False)
    campaign = _campaign_closed_yesterday(story)
    _answer(story.chair, campaign, campaign.deadline)
    newcomer = MemberFactory()  # added after the declaration opened: declares on appointment
    member_leave(
        actor=story.secretary.user,
        member=story.nurse,
        left_on=campaign.deadline - datetime.timedelta(days=3),
    )
    found = _found("annual_missed")
    assert story.chair.pk not in found
    assert newcomer.pk not in found
    assert story.nurse.pk not in found
    assert not_a_decision_maker.pk not in found
    assert story.fed_gp.pk in found  # the rule still bites for the others


def test_a_declaration_still_open_before_its_deadline_is_not_judged(story: Story) -> None:
    DeclarationCampaign.objects.create(
        title="Annual declaration 2027",
        opened_by=story.secretary.user,
        deadline=timezone.localdate(),
    )
    assert _found("annual_missed") == {}


# --- An evaluator who opened bid documents before signing their declaration ---------------


def _bid_document(story: Story) -> Any:
    return lot_document_upload(
        actor=story.secretary.user,
        lot=story.lot,
        kind="bid",
        title="Trust bid, technical response",
        upload=pdf("bid.pdf"),
        bid=Bid.objects.get(lot=story.lot, organisation=story.trust),
    )


def _lead(story: Story, member: Any) -> None:
    procurement = Procurement.objects.get(pk=story.lot.procurement_id)
    procurement_save(
        actor=story.secretary.user,
        procurement=procurement,
        fields={"procurement_lead": member},
    )


def test_an_evaluator_who_opened_a_bid_before_signing_is_raised(
    client: Client, story: Story
) -> None:
    evaluator = story.reserve_gp
    document = _bid_document(story)
    _lead(story, evaluator)  # as the procurement lead she may open the bids
    login(client, evaluator)
    assert client.get(reverse("lot_document_download", args=[document.pk])).status_code == 200
    _lead(story, None)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=evaluator)
    evaluator_declare(actor=evaluator.user, place=place, no_interest=True)
    breach = _found("evaluator_early_access")[evaluator.pk]
    assert breach.detection_key == f"evaluator_early_access:place:{place.pk}"
    assert f"procurements.lotdocument:{document.pk}" in {e["ref"] for e in breach.evidence}
    assert document.title not in breach.what_happened + str(breach.evidence)


def test_an_evaluator_who_signed_before_opening_is_not_raised(client: Client, story: Story) -> None:
    evaluator = story.reserve_gp
    document = _bid_document(story)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=evaluator)
    evaluator_declare(actor=evaluator.user, place=place, no_interest=True)
    login(client, evaluator)
    assert client.get(reverse("lot_document_download", args=[document.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="lot_document.downloaded").count() == 1
    assert _found("evaluator_early_access") == {}


# --- An excluded person recorded as present or voting on an item -------------------------


def test_someone_told_to_leave_the_room_with_no_time_they_left_is_raised(story: Story) -> None:
    approve_story(story)  # the suggestions are accepted; no one records when they left
    decision = ConflictDecision.objects.get(item=story.award_item, member=story.fed_gp)
    assert decision.action in (2, 3) and decision.left_at is None
    breach = _found("excluded_present")[story.fed_gp.pk]
    assert breach.detection_key == f"excluded_present:decision:{decision.pk}"
    assert "no time at which they left" in breach.what_happened


def test_someone_not_to_attend_but_recorded_present_is_raised(story: Story) -> None:
    start_meeting(story)
    from meetings.services.meetings import meeting_mark_held, meeting_publish_agenda

    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    meeting_mark_held(actor=story.secretary.user, meeting=story.meeting)
    conflict_decision_record(
        actor=story.secretary.user,
        item=story.award_item,
        member=story.fed_gp,
        action=1,
        reason="Should not have come",
    )
    approve_story(story)
    breach = _found("excluded_present")[story.fed_gp.pk]
    assert "the minutes record them as present" in breach.what_happened


def test_someone_who_left_the_room_when_told_is_not_raised(story: Story) -> None:
    start_meeting(story)
    from meetings.services.meetings import meeting_mark_held, meeting_publish_agenda

    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    meeting_mark_held(actor=story.secretary.user, meeting=story.meeting)
    for member in (story.fed_gp, story.chair):
        conflict_decision_record(
            actor=story.secretary.user,
            item=story.award_item,
            member=member,
            action=3,
            reason="Leaves the room",
        )
        conflict_departure_stamp(
            actor=story.secretary.user,
            item=story.award_item,
            member=member,
            moment="left",
            at=datetime.time(10, 5),
        )
    approve_story(story)
    assert _found("excluded_present") == {}


# --- A gift or hospitality over the thresholds accepted without approval -----------------


def _hospitality(story: Story, value: str, **fields: Any) -> GiftOrHospitality:
    return GiftOrHospitality.objects.create(
        recipient=story.nurse,
        kind="hospitality",
        description="Dinner at a conference",
        offered_by_name="Acme Healthcare",
        estimated_value=Decimal(value),
        offered_on=datetime.date(2026, 1, 5),
        outcome="accepted",
        **fields,
    )


def test_hospitality_over_75_pounds_accepted_without_approval_is_raised(story: Story) -> None:
    gift = _hospitality(story, "80")
    breach = _found("gift_unapproved")[story.nurse.pk]
    assert breach.detection_key == f"gift_unapproved:gift:{gift.pk}"
    assert "£80" in breach.what_happened
    assert any("senior approval" in e["text"] for e in breach.evidence)


def test_hospitality_at_the_threshold_or_approved_or_declined_is_not_raised(
    story: Story,
) -> None:
    _hospitality(story, "75")
    _hospitality(story, "120", senior_approval_by="Director of Finance", reason="Speaker")
    declined = _hospitality(story, "500")
    GiftOrHospitality.objects.filter(pk=declined.pk).update(outcome="declined")
    assert _found("gift_unapproved") == {}


# --- The register of likely breaches as a whole -------------------------------------------


def test_running_the_checks_twice_raises_each_finding_once(story: Story) -> None:
    _joined_long_ago(story.nurse)
    InterestFactory(declarant=story.nurse, start_date=datetime.date(2020, 1, 1))
    first = breaches_detect()
    second = breaches_detect()
    assert first.created and second.created == []
    assert second.found == first.found
    keys = list(Breach.objects.values_list("detection_key", flat=True))
    assert len(keys) == len(set(keys))
    assert AuditEvent.objects.filter(action="breach.detected").count() == len(first.created)


def test_a_dismissed_detection_is_never_raised_again(story: Story) -> None:
    from compliance.services.breaches import Outcome, breach_review

    _joined_long_ago(story.nurse)
    InterestFactory(declarant=story.nurse, start_date=datetime.date(2020, 1, 1))
    breach = _found("late_declaration")[story.nurse.pk]
    breach_review(
        actor=story.lay.user,
        breach=breach,
        version=breach.version,
        outcome=Outcome(status="not_a_breach", note="Declared on paper in 2020"),
    )
    assert breaches_detect().created == []
    assert Breach.objects.filter(detection_key=breach.detection_key).count() == 1
    assert Breach.objects.get(pk=breach.pk).status == "not_a_breach"


def test_the_checks_record_ids_not_words_in_the_audit_trail(story: Story) -> None:
    approve_story(story)
    breaches_detect()
    for event in AuditEvent.objects.filter(action="breach.detected"):
        assert story.award_item.title not in str(event.detail) + event.object_repr
        assert set(event.detail) == {"rule", "key"}


def test_meeting_declarations_excluded_from_the_checks_once_ruled_in_error(
    story: Story,
) -> None:
    """A declaration ruled made in error is not a declaration: the conflict it was the only
    declaration of is undeclared again."""
    from meetings.services.declaration_errors import meeting_declaration_in_error

    start_meeting(story)
    declaration = meeting_declaration_record(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.fed_gp,
        description="Partner in Hillview",
        category="financial",
        nature="partner",
        organisation=story.fed_gp.interests.first().organisation,
    )
    meeting_declaration_in_error(
        actor=story.lay.user, declaration=declaration, reason="Recorded against the wrong GP"
    )
    assert MeetingDeclaration.objects.standing().filter(pk=declaration.pk).count() == 0
    approve_story(story)
    assert story.fed_gp.pk in _found("undeclared_conflict")


def test_ticking_that_a_member_declared_their_register_entry_settles_it(
    client: Client, story: Story
) -> None:
    """On the chair's screen the secretary records that the member declared the interest the
    register shows: no likely breach for them."""
    from meetings.services.meetings import meeting_mark_held, meeting_publish_agenda

    start_meeting(story)
    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    meeting_mark_held(actor=story.secretary.user, meeting=story.meeting)
    login(client, story.secretary)
    screen = client.get(
        reverse("meeting_conduct", args=[story.meeting.pk]) + f"?item={story.award_item.pk}"
    ).content.decode()
    assert f'id="declared-{story.award_item.pk}-{story.fed_gp.pk}"' in screen
    url = reverse(
        "conflict_declared", args=[story.meeting.pk, story.award_item.pk, story.fed_gp.pk]
    )
    assert client.post(url).status_code == 302
    declaration = MeetingDeclaration.objects.get(meeting=story.meeting, member=story.fed_gp)
    entry = story.fed_gp.interests.get()
    assert declaration.item == story.award_item and declaration.interest == entry
    assert declaration.description == "Partner, Hillview Medical Centre (on the register)"
    client.post(url)  # twice: still one
    assert MeetingDeclaration.objects.filter(member=story.fed_gp).count() == 1
    screen = client.get(
        reverse("meeting_conduct", args=[story.meeting.pk]) + f"?item={story.award_item.pk}"
    ).content.decode()
    assert f'id="declared-{story.award_item.pk}-{story.fed_gp.pk}"' not in screen
    login(client, story.nurse)  # not a recorder
    chair_url = reverse(
        "conflict_declared", args=[story.meeting.pk, story.award_item.pk, story.chair.pk]
    )
    assert client.post(chair_url).status_code == 403
    approve_story(story)
    assert set(_found("undeclared_conflict")) == {story.chair.pk}
