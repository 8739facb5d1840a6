"""Nil returns and the annual declaration: silence is not a nil return."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from interests.models import Declaration
from interests.services import campaigns as services
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory

TODAY = timezone.localdate()
CONFIRM = {"confirmed_complete": "on", "acknowledged_duty": "on"}


@pytest.fixture
def campaign(secretary):
    return services.campaign_open(
        title="Annual declaration 2026/27",
        deadline=TODAY + datetime.timedelta(days=30),
        actor=secretary.user,
    )


def test_a_member_with_nothing_to_declare_makes_a_nil_return(client, single_handed_gp):
    login(client, single_handed_gp)
    response = client.post(reverse("nil_return"), CONFIRM)
    assert response.status_code == 302
    assert single_handed_gp.declarations.get().kind == Declaration.Kind.NIL_RETURN


def test_nil_return_needs_the_confirmations(client, single_handed_gp):
    login(client, single_handed_gp)
    response = client.post(reverse("nil_return"), {"confirmed_complete": "on"})
    assert "Confirm you will update your declaration within 28 days" in response.content.decode()
    assert not single_handed_gp.declarations.exists()


def test_a_nil_return_is_refused_while_current_interests_are_on_the_register(client, federation_gp):
    InterestFactory(declarant=federation_gp)
    login(client, federation_gp)
    response = client.post(reverse("nil_return"), CONFIRM)
    assert "current interest(s) on the register" in response.content.decode()
    assert not federation_gp.declarations.exists()


def test_opening_an_annual_declaration_and_tracking_who_has_not_answered(
    client, secretary, federation_gp, single_handed_gp, campaign
):
    InterestFactory(declarant=federation_gp)
    login(client, federation_gp)
    client.post(reverse("annual_declaration", args=[campaign.pk]), CONFIRM)
    answer = federation_gp.declarations.get(campaign=campaign)
    assert answer.kind == Declaration.Kind.CONFIRMED
    assert answer.entries_confirmed.count() == 1

    login(client, secretary)
    html = client.get(reverse("register_campaign_detail", args=[campaign.pk])).content.decode()
    outstanding = html.split("Not yet answered")[1].split("Answered (")[0]
    assert "Emma Clarke" in outstanding
    assert "Ben Okafor" not in outstanding


def test_answering_with_no_entries_is_a_nil_return(client, single_handed_gp, campaign):
    login(client, single_handed_gp)
    client.post(reverse("annual_declaration", args=[campaign.pk]), CONFIRM)
    assert single_handed_gp.declarations.get(campaign=campaign).kind == Declaration.Kind.NIL_RETURN


def test_drafts_must_be_submitted_before_confirming(client, federation_gp, campaign):
    InterestFactory(declarant=federation_gp, status="draft")
    login(client, federation_gp)
    response = client.post(reverse("annual_declaration", args=[campaign.pk]), CONFIRM)
    assert "You have draft entries" in response.content.decode()
    assert not federation_gp.declarations.exists()


def test_each_member_answers_once(federation_gp, campaign):
    services.annual_declaration_confirm(
        member=federation_gp,
        campaign=campaign,
        actor=federation_gp.user,
        confirmed_complete=True,
        acknowledged_duty=True,
    )
    with pytest.raises(ValidationError):
        services.annual_declaration_confirm(
            member=federation_gp,
            campaign=campaign,
            actor=federation_gp.user,
            confirmed_complete=True,
            acknowledged_duty=True,
        )


def test_the_dashboard_tells_members_what_is_due(client, federation_gp, campaign):
    InterestFactory(
        declarant=federation_gp,
        status="draft",
        organisation__name="Draft Ltd",
        start_date=TODAY - datetime.timedelta(days=40),
    )
    login(client, federation_gp)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Answer Annual declaration 2026/27" in html
    assert "Submit your draft declaration: Draft Ltd" in html
    assert "Overdue" in html


def test_only_the_secretary_opens_campaigns_and_deadlines_cannot_be_past(
    client, secretary, federation_gp
):
    login(client, federation_gp)
    assert client.post(reverse("register_campaigns"), {"title": "x"}).status_code == 403
    login(client, secretary)
    past = TODAY - datetime.timedelta(days=1)
    response = client.post(
        reverse("register_campaigns"),
        {
            "title": "Annual 2026",
            "deadline_day": past.day,
            "deadline_month": past.month,
            "deadline_year": past.year,
        },
    )
    assert "The deadline must be today or in the future" in response.content.decode()


def test_only_one_campaign_is_open_at_a_time(secretary, campaign):
    with pytest.raises(ValidationError):
        services.campaign_open(title="Another", deadline=TODAY, actor=secretary.user)
    services.campaign_close(campaign=campaign, actor=secretary.user)
    services.campaign_open(title="Another", deadline=TODAY, actor=secretary.user)


def test_inactive_and_non_decision_makers_are_not_chased(campaign):
    MemberFactory(first_name="Left", is_active=False)
    MemberFactory(first_name="Admin", is_decision_maker=False)
    from interests.selectors.register import campaign_progress

    names = {m.first_name for m in campaign_progress(campaign).outstanding}
    assert "Left" not in names and "Admin" not in names
