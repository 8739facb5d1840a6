"""The procurement screens: who may open each one, building a conflict-free panel, the
evaluators' declarations, bid documents, bidders, stages and awards."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from interests.models import Member
from procurements.models import AwardDecision, Bid, Lot, LotDocument, PanelMember, Procurement
from procurements.services.documents import lot_document_upload
from procurements.services.panels import evaluator_add, evaluator_declare
from procurements.services.procurements import procurement_stage_move
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import InterestFactory, MemberFactory, OrganisationFactory
from tests.meetings.conftest import PDF_BYTES, Story, pdf

CHAIR_CHAIN = (
    "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ Northfield GP Federation "
    "—bidder on→ Lot 2 Out-of-hours"
)


def body(response: Any) -> str:
    return response.content.decode()


def procurement_of(story: Story) -> Procurement:
    return story.lot.procurement


def upload(story: Story, lot: Lot, title: str = "Federation bid") -> LotDocument:
    bid = lot.bids.order_by("pk").first()
    return lot_document_upload(
        actor=story.secretary.user, lot=lot, kind="bid", title=title, upload=pdf(), bid=bid
    )


def clear_evaluator(story: Story, member: Member, lot: Lot | None = None) -> PanelMember:
    lot = lot or story.lot
    place = evaluator_add(actor=story.secretary.user, lot=lot, member=member)
    return evaluator_declare(actor=member.user, place=place, no_interest=True)


def move_to_award(story: Story) -> None:
    procurement = procurement_of(story)
    for stage in ("selection", "invitation", "evaluation", "award"):
        procurement = procurement_stage_move(
            actor=story.secretary.user, procurement=procurement, to=stage
        )


def lot_one(story: Story) -> Lot:
    lot = Lot.objects.create(procurement=procurement_of(story), number=1, title="Community")
    Bid.objects.create(lot=lot, organisation=story.trust, status="submitted")
    return lot


def denials(user: Any) -> int:
    return AuditEvent.objects.filter(action="lot_document.access_denied", actor=user).count()


# --- Who may open each screen ---------------------------------------------


@pytest.fixture
def external(story: Story) -> Member:
    """Nia North from Southfield CCG, signed and clear on the Lot 2 panel."""
    clear_evaluator(story, story.reserve_gp)
    return story.reserve_gp


MANAGER_PAGES = [
    ("procurement_edit", lambda s: [procurement_of(s).pk]),
    ("lot_add", lambda s: [procurement_of(s).pk]),
    ("lot_edit", lambda s: [procurement_of(s).pk, s.lot.pk]),
    ("bid_add", lambda s: [procurement_of(s).pk, s.lot.pk]),
    ("lot_panel", lambda s: [procurement_of(s).pk, s.lot.pk]),
    ("lot_document_upload", lambda s: [procurement_of(s).pk, s.lot.pk]),
    ("award_record", lambda s: [procurement_of(s).pk, s.lot.pk]),
    (
        "evaluator_remove",
        lambda s: [procurement_of(s).pk, s.lot.pk, PanelMember.objects.get(member=s.reserve_gp).pk],
    ),
]
MANAGER_ACTIONS = [
    ("procurement_stage_move", lambda s: [procurement_of(s).pk], {"to": "selection"}),
    (
        "bid_status",
        lambda s: [procurement_of(s).pk, s.lot.pk, s.lot.bids.first().pk],
        {"status": "qualified"},
    ),
    ("evaluator_add", lambda s: [procurement_of(s).pk, s.lot.pk], {"member": "0"}),
]


@pytest.mark.parametrize(("name", "args"), MANAGER_PAGES)
def test_only_the_governance_team_opens_the_running_pages(
    client: Client, story: Story, external: Member, outsider: Any, name: str, args: Any
) -> None:
    url = reverse(name, args=args(story))
    assert client.get(url)["Location"].startswith(reverse("login"))
    login(client, story.secretary)
    assert client.get(url).status_code == 200
    # They may know the procurement exists, but not run it.
    for person in (external, story.lay):
        login(client, person)
        assert client.get(url).status_code == 403
    # They may not know it exists (a chair reads no procurement: they may be conflicted).
    for person in (story.chair, story.nurse, outsider):
        login(client, person)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "args", "data"), MANAGER_ACTIONS)
def test_only_the_governance_team_changes_a_procurement(
    client: Client,
    story: Story,
    external: Member,
    outsider: Any,
    name: str,
    args: Any,
    data: dict[str, str],
) -> None:
    url = reverse(name, args=args(story))
    assert client.post(url, data)["Location"].startswith(reverse("login"))
    for person, status in (
        (external, 403),
        (story.lay, 403),
        (story.chair, 404),
        (story.nurse, 404),
        (outsider, 404),
    ):
        login(client, person)
        assert client.post(url, data).status_code == status
    assert client.get(url).status_code == 405
    procurement = procurement_of(story)
    procurement.refresh_from_db()
    assert procurement.stage == "planning"
    assert not Bid.objects.filter(status="qualified").exists()


def test_starting_a_procurement_is_for_the_governance_team(
    client: Client, story: Story, external: Member, outsider: Any
) -> None:
    url = reverse("procurement_create")
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person in (external, story.chair, story.nurse, outsider):
        login(client, person)
        assert client.get(url).status_code == 403
    login(client, story.secretary)
    assert client.get(url).status_code == 200


def test_the_list_shows_each_person_only_what_they_may_see(
    client: Client, story: Story, external: Member, outsider: Any
) -> None:
    url = reverse("procurement_list")
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person, sees in (
        (story.secretary, True),
        (story.lay, True),
        (story.chair, False),
        (external, True),
        (story.nurse, False),
        (outsider, False),
    ):
        login(client, person)
        response = client.get(url)
        assert response.status_code == 200
        assert ("NCCG-2026-01" in body(response)) is sees


def test_an_external_evaluator_sees_only_their_lot(
    client: Client, story: Story, external: Member, outsider: Any
) -> None:
    other = lot_one(story)
    url = reverse("procurement_detail", args=[procurement_of(story).pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    login(client, external)
    page = body(client.get(url))
    assert "Lot 2 Out-of-hours" in page
    assert other.label not in page
    assert reverse("lot_panel", args=[procurement_of(story).pk, story.lot.pk]) not in page
    login(client, story.secretary)
    page = body(client.get(url))
    assert other.label in page
    assert "Move to pre-qualification and selection" in page
    for person in (story.nurse, outsider):
        login(client, person)
        assert client.get(url).status_code == 404


def test_my_evaluations_needs_a_register_record(
    client: Client, story: Story, external: Member, outsider: Any
) -> None:
    url = reverse("my_evaluations")
    assert client.get(url)["Location"].startswith(reverse("login"))
    login(client, external)
    assert "Lot 2 Out-of-hours" in body(client.get(url))
    login(client, story.nurse)
    assert "You are not on any evaluation panel" in body(client.get(url))
    login(client, outsider)
    assert client.get(url).status_code == 403


def test_an_evaluation_page_is_only_for_the_evaluator(
    client: Client, story: Story, external: Member, outsider: Any
) -> None:
    place = PanelMember.objects.get(member=external)
    url = reverse("evaluation", args=[place.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    login(client, external)
    assert client.get(url).status_code == 200
    for person in (story.secretary, story.nurse, outsider):
        login(client, person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "none"}).status_code == 404


def test_the_published_register_is_open_and_the_full_one_is_not(
    client: Client, story: Story, external: Member, outsider: Any
) -> None:
    assert client.get(reverse("procurement_register")).status_code == 200
    assert client.get(reverse("procurement_register_csv")).status_code == 200
    for name in ("procurement_register_full", "procurement_register_full_csv"):
        url = reverse(name)
        assert client.get(url)["Location"].startswith(reverse("login"))
        for person, status in (
            (story.secretary, 200),
            (story.chair, 403),
            (story.lay, 200),
            (story.nurse, 403),
            (external, 403),
            (outsider, 403),
        ):
            login(client, person)
            assert client.get(url).status_code == status
        client.logout()


# --- Starting a procurement, stages, lots ---------------------------------


def test_the_form_explains_each_route_in_plain_english(client: Client, story: Story) -> None:
    login(client, story.secretary)
    page = body(client.get(reverse("procurement_create")))
    assert "Provider Selection Regime: direct award process C" in page
    assert "renewed with it after a notice of intent" in page
    assert "Suppliers first pass a selection stage" in page


def test_the_secretary_starts_a_procurement_with_every_detail(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("procurement_create"),
        {
            "reference": "NCCG/2026/020",
            "title": "Community diagnostics",
            "description": "Ultrasound and phlebotomy in the community",
            "is_new_service": "yes",
            "route": "psr_competitive",
            "clinical_lead": story.single_gp.pk,
            "contract_manager": story.nurse.pk,
            "procurement_lead": story.nurse.pk,
            "deciding_committee": story.committee.pk,
            "started_on_day": "1",
            "started_on_month": "4",
            "started_on_year": "2026",
            "comments": "",
        },
    )
    procurement = Procurement.objects.get(reference="NCCG/2026/020")
    assert response["Location"] == reverse("procurement_detail", args=[procurement.pk])
    assert procurement.route == "psr_competitive"
    assert procurement.is_new_service
    assert procurement.procurement_lead == story.nurse
    assert procurement.deciding_committee == story.committee
    assert procurement.started_on == datetime.date(2026, 4, 1)
    assert procurement.stage == "planning"


def test_a_duplicate_reference_is_refused_next_to_the_field(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("procurement_create"),
        {"reference": "NCCG-2026-01", "title": "Again", "is_new_service": "no", "route": "open"},
    )
    assert response.status_code == 200
    assert 'id="id_reference-error"' in body(response)
    assert "Another procurement already has the reference NCCG-2026-01" in body(response)
    assert Procurement.objects.count() == 1


def test_stages_move_one_at_a_time_and_out_of_order_moves_are_refused(
    client: Client, story: Story
) -> None:
    procurement = procurement_of(story)
    url = reverse("procurement_stage_move", args=[procurement.pk])
    login(client, story.secretary)
    response = client.post(url, {"to": "award"})
    assert response.status_code == 400
    assert "The procurement is at planning; it can move only to:" in body(response)
    assert "There is a problem" in body(response)
    procurement.refresh_from_db()
    assert procurement.stage == "planning"
    assert not AuditEvent.objects.filter(action="procurement.stage_moved").exists()

    assert client.post(url, {"to": "selection"}).status_code == 302
    procurement.refresh_from_db()
    assert procurement.stage == "selection"
    assert client.post(url, {"to": "abandoned"}).status_code == 302
    procurement.refresh_from_db()
    assert procurement.stage == "abandoned"
    response = client.post(url, {"to": "invitation"})
    assert response.status_code == 400
    assert "it can move only to: none" in body(response)


def test_a_lot_value_is_typed_in_pounds_and_cannot_be_negative(
    client: Client, story: Story
) -> None:
    procurement = procurement_of(story)
    url = reverse("lot_edit", args=[procurement.pk, story.lot.pk])
    login(client, story.secretary)
    response = post_edit(
        client, url, {"number": "2", "title": "Out-of-hours", "estimated_value": "-5"}
    )
    assert response.status_code == 200
    assert "The estimated value cannot be negative" in body(response)
    story.lot.refresh_from_db()
    assert story.lot.estimated_value is None

    post_edit(
        client, url, {"number": "2", "title": "Out-of-hours", "estimated_value": "£6,800,000"}
    )
    story.lot.refresh_from_db()
    assert story.lot.estimated_value == Decimal("6800000")
    assert "£6,800,000.00" in body(client.get(reverse("procurement_detail", args=[procurement.pk])))


def test_a_lot_number_is_used_once_per_procurement(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("lot_add", args=[procurement_of(story).pk]),
        {"number": "2", "title": "Out-of-hours again", "estimated_value": ""},
    )
    assert "This procurement already has a lot 2" in body(response)
    assert Lot.objects.count() == 1


def test_a_new_lot_is_added(client: Client, story: Story) -> None:
    procurement = procurement_of(story)
    login(client, story.secretary)
    client.post(
        reverse("lot_add", args=[procurement.pk]),
        {"number": "1", "title": "Community services", "estimated_value": "14200000"},
    )
    assert Lot.objects.filter(procurement=procurement, number=1).exists()


# --- Bidders --------------------------------------------------------------


def test_adding_a_bidder_through_the_screen_rechecks_the_panel_at_once(
    client: Client, story: Story
) -> None:
    document = upload(story, story.lot)
    place = clear_evaluator(story, story.single_gp)
    login(client, story.single_gp)
    download = reverse("lot_document_download", args=[document.pk])
    assert client.get(download).status_code == 200

    login(client, story.secretary)
    response = client.post(
        reverse("bid_add", args=[procurement_of(story).pk, story.lot.pk]),
        {"organisation_text": "Moorside Surgery", "status": "expressed_interest"},
    )
    assert response.status_code == 302
    assert Bid.objects.filter(lot=story.lot, organisation=story.moorside).exists()
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CONFLICTED
    assert "Moorside Surgery —bidder on→ Lot 2 Out-of-hours" in place.status_note

    login(client, story.single_gp)
    assert client.get(download).status_code == 403
    assert denials(story.single_gp.user) == 1


def test_a_bidder_is_found_by_ods_code(client: Client, story: Story) -> None:
    OrganisationFactory(name="Southfield Urgent Care Ltd", ods_code="NQT12")
    login(client, story.secretary)
    client.post(
        reverse("bid_add", args=[procurement_of(story).pk, story.lot.pk]),
        {"organisation_text": "nqt12", "status": "qualified"},
    )
    bid = Bid.objects.get(organisation__ods_code="NQT12")
    assert bid.status == "qualified"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Nowhere Health Ltd", "We could not find “Nowhere Health Ltd”"),
        ("", "Choose the organisation bidding, or type its name"),
        ("Northfield GP Federation", "Northfield GP Federation is already bidding for Lot 2"),
    ],
)
def test_a_bidder_that_cannot_be_added_is_explained(
    client: Client, story: Story, typed: str, message: str
) -> None:
    other = lot_one(story)
    # Moorside bids only for Lot 1, so the form also offers it in a select.
    Bid.objects.create(lot=other, organisation=story.moorside)
    login(client, story.secretary)
    before = Bid.objects.count()
    response = client.post(
        reverse("bid_add", args=[procurement_of(story).pk, story.lot.pk]),
        {"organisation_text": typed, "status": "expressed_interest"},
    )
    assert response.status_code == 200
    assert message in body(response)
    assert 'id="id_organisation_text-error"' in body(response)
    assert Bid.objects.count() == before
    assert "Moorside Surgery" in body(response)


def test_the_bidder_form_suggests_organisations_as_you_type(client: Client, story: Story) -> None:
    login(client, story.secretary)
    page = body(client.get(reverse("bid_add", args=[procurement_of(story).pk, story.lot.pk])))
    assert reverse("organisation_suggestions") in page
    assert 'list="organisation-suggestions"' in page


def test_a_bid_status_changes_and_a_settled_bid_is_refused_next_to_its_row(
    client: Client, story: Story
) -> None:
    bid = Bid.objects.get(lot=story.lot, organisation=story.federation)
    url = reverse("bid_status", args=[procurement_of(story).pk, story.lot.pk, bid.pk])
    login(client, story.secretary)
    assert client.post(url, {f"bid-{bid.pk}-status": "qualified"}).status_code == 302
    bid.refresh_from_db()
    assert bid.status == "qualified"

    Bid.objects.filter(pk=bid.pk).update(status="awarded")
    response = client.post(url, {f"bid-{bid.pk}-status": "submitted"})
    assert response.status_code == 400
    assert f'id="id_bid-{bid.pk}-status-error"' in body(response)
    assert "The lot has been awarded: bids can no longer change" in body(response)
    bid.refresh_from_db()
    assert bid.status == "awarded"


# --- The panel builder ----------------------------------------------------


def panel_url(story: Story) -> str:
    return reverse("lot_panel", args=[procurement_of(story).pk, story.lot.pk])


def test_the_panel_builder_shows_the_chain_for_the_conflicted_chair_and_offers_no_button(
    client: Client, story: Story
) -> None:
    login(client, story.secretary)
    page = body(client.get(panel_url(story)))
    assert CHAIR_CHAIN in page
    assert "Conflicted" in page
    assert f'name="member" value="{story.chair.pk}"' not in page
    assert f'name="member" value="{story.single_gp.pk}"' in page
    # The external evaluator from Southfield is marked as such.
    assert 'External</strong> <span class="nhsuk-u-font-size-16">Southfield CCG' in page


def test_the_service_refuses_the_conflicted_chair_and_nothing_changes(
    client: Client, story: Story
) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("evaluator_add", args=[procurement_of(story).pk, story.lot.pk]),
        {"member": story.chair.pk},
    )
    assert response.status_code == 400
    page = body(response)
    assert "Dr Anita Patel cannot evaluate Lot 2 Out-of-hours" in page
    assert CHAIR_CHAIN in page
    assert "Nobody has been added to the panel" in page
    assert not PanelMember.objects.exists()
    assert AuditEvent.objects.filter(action="panel.evaluator_refused").count() == 1


def test_the_secretary_adds_a_clear_gp_who_must_then_declare(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("evaluator_add", args=[procurement_of(story).pk, story.lot.pk]),
        {"member": story.single_gp.pk},
    )
    assert response["Location"] == panel_url(story)
    place = PanelMember.objects.get(member=story.single_gp)
    assert place.status == PanelMember.Status.AWAITING_DECLARATION
    page = body(client.get(panel_url(story)))
    assert "Awaiting declaration" in page
    # Already on the panel: not offered again.
    assert f'name="member" value="{story.single_gp.pk}"' not in page


def test_an_unknown_person_cannot_be_added(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("evaluator_add", args=[procurement_of(story).pk, story.lot.pk]),
        {"member": "999999"},
    )
    assert response.status_code == 400
    assert "That person is not an active member of the register" in body(response)
    assert not PanelMember.objects.exists()


def test_the_candidate_search_filters_by_name_on_the_server(client: Client, story: Story) -> None:
    login(client, story.secretary)
    page = body(client.get(panel_url(story), {"q": "southfield"}))
    assert "Dr Nia North" in page
    assert "Dr Emma Clarke" not in page
    page = body(client.get(panel_url(story), {"q": "clarke"}))
    assert "Dr Emma Clarke" in page
    assert "Dr Nia North" not in page


def test_the_candidate_table_stays_usable_with_hundreds_of_members(
    client: Client, story: Story, django_assert_max_num_queries: Any
) -> None:
    MemberFactory.create_batch(120, user=None, last_name="Zed")
    login(client, story.secretary)
    with django_assert_max_num_queries(30):
        page = body(client.get(panel_url(story)))
    assert page.count('name="member" value=') <= 50
    assert "Showing the first 50 of" in page


def test_an_evaluator_is_removed_with_a_reason(client: Client, story: Story) -> None:
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.single_gp)
    url = reverse("evaluator_remove", args=[procurement_of(story).pk, story.lot.pk, place.pk])
    login(client, story.secretary)
    response = client.post(url, {"reason": "  "})
    assert "Say why the evaluator is leaving the panel" in body(response)
    place.refresh_from_db()
    assert place.status == PanelMember.Status.AWAITING_DECLARATION
    client.post(url, {"reason": "Replaced by a Southfield evaluator"})
    place.refresh_from_db()
    assert place.status == PanelMember.Status.REMOVED
    assert place.status_note == "Replaced by a Southfield evaluator"


# --- The evaluator's declaration ------------------------------------------


def test_an_evaluator_signs_and_then_sees_the_documents(client: Client, story: Story) -> None:
    document = upload(story, story.lot)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.reserve_gp)
    url = reverse("evaluation", args=[place.pk])
    login(client, story.reserve_gp)
    page = body(client.get(url))
    assert "Northfield GP Federation" in page
    assert reverse("lot_document_download", args=[document.pk]) not in page
    response = client.post(url, {"answer": "none"})
    assert response["Location"] == url
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CLEAR
    assert reverse("lot_document_download", args=[document.pk]) in body(client.get(url))


def test_declaring_an_interest_needs_a_statement_and_keeps_the_documents_closed(
    client: Client, story: Story
) -> None:
    document = upload(story, story.lot)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.nurse)
    url = reverse("evaluation", args=[place.pk])
    login(client, story.nurse)
    response = client.post(url, {"answer": "interest", "statement": ""})
    assert response.status_code == 400
    assert "Describe your interest in the bidder" in body(response)
    place.refresh_from_db()
    assert place.status == PanelMember.Status.AWAITING_DECLARATION

    client.post(url, {"answer": "interest", "statement": "My husband works for the Trust"})
    place.refresh_from_db()
    assert place.status == PanelMember.Status.DECLARED_INTEREST
    assert reverse("lot_document_download", args=[document.pk]) not in body(client.get(url))
    assert client.get(reverse("lot_document_download", args=[document.pk])).status_code == 403


def test_an_evaluator_the_register_conflicts_sees_the_chain_when_declaring(
    client: Client, story: Story
) -> None:
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.reserve_gp)
    # An entry that reached the register without a recheck (for example an import).
    InterestFactory(declarant=story.reserve_gp, organisation=story.trust, nature="consultant")
    login(client, story.reserve_gp)
    response = client.post(reverse("evaluation", args=[place.pk]), {"answer": "none"})
    assert response.status_code == 400
    page = body(response)
    assert "Dr N. North —financial (consultant or adviser)→ Northfield Community Trust" in page
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CONFLICTED


# --- Bid documents --------------------------------------------------------


def upload_url(story: Story) -> str:
    return reverse("lot_document_upload", args=[procurement_of(story).pk, story.lot.pk])


def test_a_document_is_checked_by_content_and_the_message_is_next_to_the_field(
    client: Client, story: Story
) -> None:
    bid = story.lot.bids.first()
    login(client, story.secretary)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bid.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = client.post(
        upload_url(story), {"kind": "bid", "bid": bid.pk, "title": "Bid", "file": fake}
    )
    assert response.status_code == 200
    assert 'id="id_file-error"' in body(response)
    assert "The selected file must be a" in body(response)
    assert not LotDocument.objects.exists()


def test_a_bid_document_must_belong_to_a_bid_on_this_lot(client: Client, story: Story) -> None:
    other = lot_one(story)
    login(client, story.secretary)
    response = client.post(
        upload_url(story),
        {"kind": "bid", "bid": other.bids.get().pk, "title": "Bid", "file": pdf()},
    )
    assert "Choose an organisation bidding for this lot" in body(response)
    response = client.post(upload_url(story), {"kind": "bid", "title": "Bid", "file": pdf()})
    assert "Choose the bidder this bid document belongs to" in body(response)
    assert not LotDocument.objects.exists()


def test_the_secretary_uploads_but_cannot_open_a_bid(client: Client, story: Story) -> None:
    bid = story.lot.bids.first()
    login(client, story.secretary)
    response = client.post(
        upload_url(story), {"kind": "bid", "bid": bid.pk, "title": "Federation bid", "file": pdf()}
    )
    assert response.status_code == 302
    document = LotDocument.objects.get()
    assert document.content_type == "application/pdf"
    response = client.get(reverse("lot_document_download", args=[document.pk]))
    assert response.status_code == 403
    assert denials(story.secretary.user) == 1
    page = body(client.get(reverse("procurement_detail", args=[procurement_of(story).pk])))
    assert "Federation bid" in page
    assert reverse("lot_document_download", args=[document.pk]) not in page


def test_a_clear_evaluator_downloads_a_document_and_it_is_logged(
    client: Client, story: Story, external: Member
) -> None:
    document = upload(story, story.lot)
    login(client, external)
    response = client.get(reverse("lot_document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(cast(Any, response).streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action="lot_document.downloaded", actor=external.user, object_id=str(document.pk)
    ).exists()


def test_the_procurement_lead_opens_the_documents(client: Client, story: Story) -> None:
    document = upload(story, story.lot)
    procurement = procurement_of(story)
    login(client, story.secretary)
    post_edit(
        client,
        reverse("procurement_edit", args=[procurement.pk]),
        {
            "reference": procurement.reference,
            "title": procurement.title,
            "is_new_service": "no",
            "route": "competitive_dialogue",
            "procurement_lead": story.nurse.pk,
        },
    )
    login(client, story.nurse)
    assert client.get(reverse("lot_document_download", args=[document.pk])).status_code == 200


def test_a_panel_member_added_after_the_documents_opens_nothing_until_they_declare(
    client: Client, story: Story
) -> None:
    document = upload(story, story.lot)
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.single_gp)
    login(client, story.single_gp)
    assert client.get(reverse("lot_document_download", args=[document.pk])).status_code == 403
    assert denials(story.single_gp.user) == 1
    page = body(client.get(reverse("evaluation", args=[place.pk])))
    assert reverse("lot_document_download", args=[document.pk]) not in page
    assert "Sign my declaration" in page


def test_an_evaluator_of_one_lot_cannot_open_another_lots_documents(
    client: Client, story: Story, external: Member
) -> None:
    other = lot_one(story)
    elsewhere = upload(story, other, title="Trust bid for community services")
    login(client, external)
    response = client.get(reverse("lot_document_download", args=[elsewhere.pk]))
    assert response.status_code == 403
    assert denials(external.user) == 1


def test_people_who_may_not_know_the_procurement_get_a_404_and_it_is_logged(
    client: Client, story: Story, outsider: Any
) -> None:
    document = upload(story, story.lot)
    url = reverse("lot_document_download", args=[document.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person in (story.nurse, outsider):
        login(client, person)
        assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="lot_document.access_denied").count() == 2


# --- The award ------------------------------------------------------------


def award_url(story: Story) -> str:
    return reverse("award_record", args=[procurement_of(story).pk, story.lot.pk])


def award_data(bid: Bid, **changes: Any) -> dict[str, Any]:
    data = {
        "bid": bid.pk,
        "decided_on_day": "17",
        "decided_on_month": "3",
        "decided_on_year": "2026",
        "committee": bid.lot.procurement.deciding_committee_id or "",
        "how_decided": "Vote in Part II on the evaluation panel's recommendation",
        "contract_value": "£6,650,000",
        "agenda_item": "",
        "comments": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def at_award(story: Story) -> Story:
    Procurement.objects.filter(pk=procurement_of(story).pk).update(
        deciding_committee=story.committee
    )
    story.lot.procurement.refresh_from_db()
    move_to_award(story)
    return story


def test_the_award_form_is_prefilled_with_the_deciding_committee(
    client: Client, at_award: Story
) -> None:
    login(client, at_award.secretary)
    page = body(client.get(award_url(at_award)))
    assert f'<option value="{at_award.committee.pk}" selected>Governing Body</option>' in page
    assert "Award of the out-of-hours contract" in page


def test_the_lot_is_awarded_with_the_meeting_item(client: Client, at_award: Story) -> None:
    story = at_award
    trust_bid = Bid.objects.get(lot=story.lot, organisation=story.trust)
    login(client, story.secretary)
    response = client.post(award_url(story), award_data(trust_bid, agenda_item=story.award_item.pk))
    assert response.status_code == 302
    award = AwardDecision.objects.get()
    assert award.bid == trust_bid
    assert award.contract_value == Decimal("6650000")
    assert award.how_decided.startswith("Governing Body: Vote in Part II")
    assert award.agenda_item == story.award_item
    trust_bid.refresh_from_db()
    assert trust_bid.status == "awarded"


def test_an_award_to_an_organisation_that_did_not_bid_is_refused(
    client: Client, at_award: Story
) -> None:
    story = at_award
    other = lot_one(story)
    stranger_bid = Bid.objects.create(lot=other, organisation=story.moorside)
    login(client, story.secretary)
    response = client.post(award_url(story), award_data(stranger_bid))
    assert response.status_code == 200
    assert "Choose an organisation that bid for Lot 2 Out-of-hours" in body(response)
    assert 'id="id_bid-error"' in body(response)
    assert not AwardDecision.objects.exists()


def test_a_negative_contract_value_is_refused(client: Client, at_award: Story) -> None:
    story = at_award
    bid = Bid.objects.get(lot=story.lot, organisation=story.trust)
    login(client, story.secretary)
    response = client.post(award_url(story), award_data(bid, contract_value="-1"))
    assert "The contract value cannot be negative" in body(response)
    assert 'id="id_contract_value-error"' in body(response)
    assert not AwardDecision.objects.exists()
    bid.refresh_from_db()
    assert bid.status == "submitted"


def test_an_award_before_the_award_stage_is_refused(client: Client, story: Story) -> None:
    bid = Bid.objects.get(lot=story.lot, organisation=story.trust)
    story.lot.procurement.deciding_committee = story.committee
    story.lot.procurement.save()
    login(client, story.secretary)
    page = body(client.get(award_url(story)))
    assert "Not at the award stage" in page
    response = client.post(award_url(story), award_data(bid))
    assert "move it to the award stage before recording an award" in body(response)
    assert not AwardDecision.objects.exists()


def test_an_agenda_item_about_another_lot_is_refused(client: Client, at_award: Story) -> None:
    story = at_award
    bid = Bid.objects.get(lot=story.lot, organisation=story.trust)
    login(client, story.secretary)
    response = client.post(award_url(story), award_data(bid, agenda_item=story.open_item.pk))
    assert "Choose an agenda item about this lot" in body(response)
    assert not AwardDecision.objects.exists()


def test_a_plain_member_role_cannot_record_awards(client: Client, at_award: Story) -> None:
    member = MemberFactory(user__username="plain", user__roles=[Role.MEMBER])
    login(client, member)
    assert client.get(award_url(at_award)).status_code == 404
