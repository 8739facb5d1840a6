"""On publication each attendee is emailed the items they will receive (only those) and the
organisations to check their declarations against (only those of items they receive)."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from core.outbox.models import OutboxMessage
from meetings.services.access import meeting_access_sync
from meetings.services.meetings import meeting_publish_agenda
from tests.conftest import login


def _email_to(member) -> OutboxMessage:
    return OutboxMessage.objects.get(template="emails/agenda_published", recipient=member.user)


def _publish(story, capture):
    story.open_item.affected_organisations.add(story.moorside)
    meeting_access_sync(meeting=story.meeting)
    with capture(execute=True):
        meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)


def test_a_member_withheld_from_an_item_is_not_told_of_it(
    story, django_capture_on_commit_callbacks
):
    _publish(story, django_capture_on_commit_callbacks)
    email = _email_to(story.fed_gp)  # conflicted on the award through the federation
    for body in (email.body_text, email.body_html):
        assert f"Item {story.open_item.number}: Finance report" in body
        assert f"Item {story.award_item.number}" not in body
        assert "Award of the out-of-hours contract" not in body
        assert "Confidential item" not in body
        assert "Moorside Surgery" in body  # the open item affects it
        assert "Northfield GP Federation" not in body  # the award's bidders: not theirs
        assert "Northfield Community Trust" not in body
    assert email.subject == f"Agenda published: {story.meeting.display_title}"
    assert f"http://127.0.0.1:8000/meetings/{story.meeting.pk}/pack/" in email.body_text
    assert len([m for m in mail.outbox if story.fed_gp.user.email in m.to]) == 1


def test_a_member_who_receives_a_confidential_item_is_told_its_number_not_its_title(
    story, django_capture_on_commit_callbacks, client
):
    _publish(story, django_capture_on_commit_callbacks)
    email = _email_to(story.single_gp)
    for body in (email.body_text, email.body_html):
        assert f"Item {story.award_item.number}: Confidential item (Part II)" in body
        assert "Award of the out-of-hours contract" not in body
        assert "Evaluation report" not in body
        # Its organisations (the lot's bidders) are named only in the app.
        assert "Northfield GP Federation" not in body
        assert "1 confidential item also affects organisations" in body
    # ... where the pack names them, for the item the member receives.
    login(client, story.single_gp)
    pack = client.get(reverse("meeting_pack", args=[story.meeting.pk])).content.decode()
    assert "This item affects Northfield Community Trust and Northfield GP Federation" in pack


def test_every_attendee_with_a_login_gets_one_email_and_publishing_sends_no_more(
    story, django_capture_on_commit_callbacks
):
    _publish(story, django_capture_on_commit_callbacks)
    attendees = {a.member.user_id for a in story.meeting.attendances.select_related("member")}
    emailed = set(
        OutboxMessage.objects.filter(template="emails/agenda_published").values_list(
            "recipient_id", flat=True
        )
    )
    assert emailed == attendees
    assert OutboxMessage.objects.filter(status="sent").count() == len(attendees)
