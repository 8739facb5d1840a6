"""The invitation goes through the outbox: queued with the login, its one-time link made only
as it is sent (never stored), sent to the login's current address or not at all."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.outbox.models import OutboxMessage
from core.outbox.services import ONE_TIME_LINK
from interests.services.invitations import invitation_queue
from tests.conftest import login
from tests.interests.factories import MemberFactory


def _invitee():
    member = MemberFactory(user__username="n.north", first_name="Nia", last_name="North")
    member.user.set_unusable_password()
    member.user.save()
    return member


def test_the_stored_copy_has_no_link_and_the_email_has_a_working_one(
    secretary, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://recuse.northfield-ccg.example"
    member = _invitee()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_queue(actor=secretary.user, member=member, request=None)
    message = OutboxMessage.objects.get(template="emails/invitation")
    assert message.status == "sent" and message.recipient == member.user
    assert ONE_TIME_LINK in message.body_text and "/accounts/reset/" not in message.body_text
    assert "/accounts/reset/" not in message.body_html
    sent = mail.outbox[0]
    prefix = "https://recuse.northfield-ccg.example/accounts/reset/"
    assert prefix in sent.body and ONE_TIME_LINK not in sent.body
    path = sent.body.split(prefix, 1)[1].split()[0]
    form = Client().get(f"/accounts/reset/{path}", follow=True)
    assert b"new_password1" in form.content  # the link works


def test_the_invitee_reads_it_under_messages_sent_to_them_without_the_link(
    secretary, client, django_capture_on_commit_callbacks
):
    member = _invitee()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_queue(actor=secretary.user, member=member, request=None)
    member.user.set_password("a-long-enough-password-1")
    member.user.save()
    login(client, member.user)
    message = OutboxMessage.objects.get(template="emails/invitation")
    page = client.get(reverse("my_message", args=[message.pk])).content.decode()
    assert "(a one-time link, in the email only)" in page
    assert "/accounts/reset/" not in page


def test_an_invitation_whose_login_changed_address_before_sending_is_cancelled(secretary, db):
    member = _invitee()
    invitation_queue(actor=secretary.user, member=member, request=None)  # not yet committed
    User.objects.filter(pk=member.user.pk).update(email="someone.else@example.org")
    from core.tasks import send_email

    message = OutboxMessage.objects.get(template="emails/invitation")
    assert send_email(message.pk) == "cancelled"
    message.refresh_from_db()
    assert message.status == "cancelled"
    assert mail.outbox == []
