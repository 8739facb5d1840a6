"""The conflict forecast: "what if these organisations bid?", before any bid exists."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from guardian.models import UserObjectPermission

from core.models import AuditEvent
from meetings.selectors.recusal_facts import meeting_assessment
from procurements.forecast import organisations_named, procurement_forecast
from procurements.item_lots import meetings_deciding_lot_sync
from procurements.models import Bid
from tests.conftest import login
from tests.meetings.conftest import Story


def _forecast(story: Story, *organisations: Any) -> Any:
    procurement = story.lot.procurement
    return procurement_forecast(procurement, list(organisations))


def test_the_forecast_before_any_bid_matches_the_engine_once_the_bids_are_in(
    story: Story,
) -> None:
    Bid.objects.filter(lot=story.lot).delete()
    forecast = _forecast(story, story.trust, story.federation)

    labels = [s.label for s in forecast.scenarios]
    assert labels == [
        "Northfield Community Trust bids",
        "Northfield GP Federation bids",
        "all 2 organisations bid",
    ]
    both = forecast.scenarios[-1]
    (meeting,) = both.meetings
    (item,) = meeting.items
    assert item.item_id == story.award_item.pk

    Bid.objects.create(lot=story.lot, organisation=story.federation, status="submitted")
    Bid.objects.create(lot=story.lot, organisation=story.trust, status="submitted")
    meetings_deciding_lot_sync(story.lot)
    assessment = meeting_assessment(story.meeting)
    conflicted = {v.person_id for v in assessment.conflicts() if v.item_id == story.award_item.pk}
    assert conflicted == set(item.conflicted_ids) == {story.chair.pk, story.fed_gp.pk}
    assert item.quorate == assessment.quorum[story.award_item.pk].quorate
    chains = {c.person_id: c.chains for c in item.conflicts}
    engine_chains = {
        v.person_id: tuple(r.text for r in v.reasons)
        for v in assessment.conflicts()
        if v.item_id == story.award_item.pk
    }
    assert chains == engine_chains


def test_the_summary_says_who_leaves_and_what_restores_quorum(story: Story) -> None:
    forecast = _forecast(story, story.federation)
    (scenario,) = forecast.scenarios
    (item,) = scenario.meetings[0].items
    # Two of the three GPs leave; the vice-chair, lay member, nurse and single-handed GP
    # remain: four voting members, one of them a GP, one lay: quorum holds.
    assert item.summary == "If Northfield GP Federation bids, 2 of 3 GPs leave; quorum holds"
    assert item.quorate
    assert item.remedies == ()


def test_an_inquorate_forecast_ranks_reserves_first(story: Story) -> None:
    # The single-handed GP's practice joins the federation: every GP would leave.
    from tests.interests.factories import RelationshipFactory

    RelationshipFactory(source=story.moorside, target=story.federation)
    forecast = _forecast(story, story.federation)
    (item,) = forecast.scenarios[0].meetings[0].items
    assert not item.quorate
    assert [r.kind for r in item.remedies] == ["co_opt", "panel", "defer"]
    assert "Dr N. North" in item.remedies[0].text
    assert item.summary == (
        "If Northfield GP Federation bids, 3 of 3 GPs leave; quorum holds only with 1 reserve"
    )


def test_a_kind_names_every_organisation_of_that_kind(story: Story) -> None:
    named = organisations_named([], ["gp_federation", "nhs_trust"])
    assert [o.name for o in named] == ["Northfield Community Trust", "Northfield GP Federation"]


def test_with_no_meeting_arranged_the_deciding_committee_as_it_stands(story: Story) -> None:
    procurement = story.lot.procurement
    procurement.deciding_committee = story.committee
    procurement.save()
    story.award_item.procurement_lot.delete()
    forecast = _forecast(story, story.federation)
    (meeting,) = forecast.scenarios[0].meetings
    assert "no meeting arranged" in meeting.heading
    (item,) = meeting.items
    assert item.conflicted_ids == {story.chair.pk, story.fed_gp.pk}


def test_a_forecast_changes_no_access_and_no_bid(client: Any, story: Story) -> None:
    permissions = UserObjectPermission.objects.count()
    bids = list(Bid.objects.values_list("pk", "organisation_id", "status"))
    login(client, story.secretary)
    url = reverse("procurement_forecast", args=[story.lot.procurement_id])
    response = client.get(url, {"organisations": [story.federation.pk, story.riverside.pk]})
    assert response.status_code == 200
    assert UserObjectPermission.objects.count() == permissions
    assert list(Bid.objects.values_list("pk", "organisation_id", "status")) == bids
    body = response.content.decode()
    assert "If Northfield GP Federation bids, 2 of 3 GPs leave; quorum holds" in body
    assert "Dr A. Patel —financial (partner)→ Riverside Surgery" in body
    assert AuditEvent.objects.filter(action="procurement.forecast_viewed").count() == 1


def test_the_page_asks_again_when_nothing_is_named(client: Any, story: Story) -> None:
    login(client, story.secretary)
    url = reverse("procurement_forecast", args=[story.lot.procurement_id])
    response = client.get(url, {"kinds": []})
    assert response.status_code == 200  # an empty question is a fresh form
    response = client.get(url, {"organisations": ["999999"]})
    assert response.status_code == 400
    assert "Choose organisations from the list" in response.content.decode()


def test_the_procurement_lead_may_forecast_and_members_may_not(client: Any, story: Story) -> None:
    procurement = story.lot.procurement
    url = reverse("procurement_forecast", args=[procurement.pk])
    login(client, story.fed_gp)
    assert client.get(url).status_code == 404
    procurement.procurement_lead = story.lay
    procurement.save()
    login(client, story.lay)
    assert client.get(url, {"organisations": [story.federation.pk]}).status_code == 200
