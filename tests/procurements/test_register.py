"""The procurement decisions register: built from the data, published without the names
of related people or anything of Part II beyond the conflicts, in a fixed number of queries."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any, cast

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.services.conduct import conflict_decision_record, item_minutes_save
from procurements.models import AwardDecision, Bid, Lot
from procurements.selectors.register import COLUMNS, first_link, procurement_register
from procurements.services.awards import award_record
from procurements.services.panels import EvaluatorConflicted, evaluator_add, evaluator_declare
from procurements.services.procurements import bid_add, procurement_stage_move
from tests.conftest import login
from tests.interests.factories import InterestFactory
from tests.meetings.conftest import Story

READER_ACCESS = 5  # queries: whether the full register's reader may read confidential titles
PART_TWO_MINUTES = "The panel scored the Trust's bid highest on workforce and price."

PATEL = (
    "Dr A. Patel is a partner in Riverside Surgery, a member of Northfield GP Federation, "
    "which bids for Lot 2 Out-of-hours."
)


def move_to_award(story: Story) -> None:
    procurement = story.lot.procurement
    for stage in ("selection", "invitation", "evaluation", "award"):
        procurement = procurement_stage_move(
            actor=story.secretary.user, procurement=procurement, to=stage
        )


def award(story: Story, lot: Lot | None = None, **changes: Any) -> AwardDecision:
    lot = lot or story.lot
    bid = Bid.objects.get(lot=lot, organisation=story.trust)
    fields: dict[str, Any] = {
        "decided_on": datetime.date(2026, 3, 17),
        "how_decided": "Governing Body: vote in Part II on the panel's recommendation",
        "contract_value": Decimal("6650000"),
        "agenda_item": story.award_item if lot == story.lot else None,
        "comments": "Five-year contract with an option to extend by two",
    }
    fields.update(changes)
    return award_record(actor=story.secretary.user, lot=lot, bid=bid, **fields)


def body(response: Any) -> str:
    return response.content.decode()


def csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(cast(Any, response).streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def decided(story: Story) -> Story:
    """The award item is decided: the chair and the federation GP left; a lay nurse with an
    indirect interest in the Trust was told her interest is noted."""
    InterestFactory(
        declarant=story.nurse,
        category="indirect",
        indirect_type="financial",
        related_person_relationship="spouse_or_partner",
        related_person_name="John Wright",
        organisation=story.trust,
        nature="director",
        description="My husband is a non-executive director of the Trust",
    )
    actor = story.secretary.user
    for member in (story.chair, story.fed_gp):
        conflict_decision_record(
            actor=actor,
            item=story.award_item,
            member=member,
            action=2,
            reason="Partner in a practice that is a member of the bidding federation",
            left_at=datetime.time(14, 30),
            returned_at=datetime.time(15, 5),
        )
    conflict_decision_record(
        actor=actor,
        item=story.award_item,
        member=story.nurse,
        action=3,
        reason="Her husband sits on the Trust's board",
        left_at=datetime.time(14, 30),
    )
    item_minutes_save(actor=actor, item=story.award_item, text=PART_TWO_MINUTES)
    story.trust.address = "Trust Headquarters\n1 High Street, Northfield"
    story.trust.postcode = "NF1 2AB"
    story.trust.save()
    move_to_award(story)
    award(story)
    return story


def test_the_first_link_of_a_chain_is_the_interest_and_where_it_starts() -> None:
    chain = (
        "Dr A. Patel —financial (partner)→ Riverside Surgery —member of→ Northfield GP "
        "Federation —bidder on→ Lot 2 Out-of-hours —decided by→ item 2"
    )
    assert first_link(chain) == "financial (partner), Riverside Surgery"


def test_a_row_has_every_column_from_the_data(decided: Story) -> None:
    register = procurement_register(public=False, reader=decided.secretary.user)
    (row,) = register.rows
    assert row.reference == "NCCG-2026-01"
    assert row.title == "Community and out-of-hours: Lot 2 Out-of-hours"
    assert row.new_or_existing == "New procurement"
    assert row.route == "Other"
    assert row.clinical_lead == "Not recorded"
    assert row.how_decided.startswith(
        "Governing Body: vote in Part II on the panel's recommendation. Decided on 17 March "
        f"2026, item {decided.award_item.number} of the Governing Body meeting of"
    )
    assert row.supplier == (
        "Northfield Community Trust, Trust Headquarters, 1 High Street, Northfield, NF1 2AB"
    )
    assert row.value_text == "£6,650,000.00"
    assert row.comments == "Five-year contract with an option to extend by two"
    assert len(row.cells()) == len(COLUMNS)


def test_conflicts_come_from_the_chairs_recorded_decisions(decided: Story) -> None:
    (row,) = procurement_register(public=False, reader=decided.secretary.user).rows
    assert PATEL in row.conflicts_noted
    assert (
        "Dr B. Okafor is a partner in Hillview Medical Centre, a member of Northfield GP "
        "Federation, which bids for Lot 2 Out-of-hours."
    ) in row.conflicts_noted
    assert (
        "Dr A. Patel: Does not receive the papers or minutes for the item, and leaves the room "
        "(left the room at 14:30 and returned at 15:05). Reason: Partner in a practice that is "
        "a member of the bidding federation"
    ) in row.conflicts_managed
    assert (
        "Mrs S. Wright's spouse or partner, John Wright, is a director of Northfield Community "
        "Trust, which bids for Lot 2 Out-of-hours."
    ) in row.conflicts_noted
    assert not any("—" in note for note in row.conflicts_noted)  # no arrow notation


def test_the_public_register_names_the_relationship_never_the_related_person(
    client: Client, decided: Story
) -> None:
    page = body(client.get(reverse("procurement_register")))
    assert (
        "Mrs S. Wright&#x27;s spouse or partner is a director of Northfield Community Trust, "
        "which bids for Lot 2 Out-of-hours."
    ) in page
    assert "—" not in page.split("<main", 1)[1]  # the chains are in words, not arrows
    assert "John Wright" not in page
    assert "John Wright" not in str(csv_rows(client.get(reverse("procurement_register_csv"))))

    login(client, decided.lay)
    assert "John Wright" in body(client.get(reverse("procurement_register_full")))


def test_the_public_register_shows_nothing_of_part_two_beyond_the_conflicts(
    client: Client, decided: Story
) -> None:
    page = body(client.get(reverse("procurement_register")))
    assert "Award of the out-of-hours contract" not in page
    assert PART_TWO_MINUTES not in page
    assert PATEL in page
    login(client, decided.secretary)
    full = body(client.get(reverse("procurement_register_full")))
    assert "Award of the out-of-hours contract" in full
    assert PART_TWO_MINUTES not in full


def test_the_panels_history_is_in_the_register(client: Client, story: Story) -> None:
    actor = story.secretary.user
    with pytest.raises(EvaluatorConflicted):
        evaluator_add(actor=actor, lot=story.lot, member=story.chair)
    nurse_place = evaluator_add(actor=actor, lot=story.lot, member=story.nurse)
    evaluator_declare(
        actor=story.nurse.user,
        place=nurse_place,
        no_interest=False,
        statement="My husband is a director of the Trust",
    )
    gp_place = evaluator_add(actor=actor, lot=story.lot, member=story.single_gp)
    evaluator_declare(actor=story.single_gp.user, place=gp_place, no_interest=True)
    bid_add(actor=actor, lot=story.lot, organisation=story.moorside)
    move_to_award(story)
    award(story)

    (row,) = procurement_register(public=False, reader=story.secretary.user).rows
    noted = "\n".join(row.conflicts_noted)
    managed = "\n".join(row.conflicts_managed)
    assert f"Dr A. Patel (proposed evaluator for Lot 2 Out-of-hours): {PATEL}" in noted
    assert "Dr A. Patel: refused a place on the evaluation panel for Lot 2" in managed
    assert "Mrs S. Wright (evaluator for Lot 2 Out-of-hours): declared an interest in a bidder" in (
        noted
    )
    assert "My husband is a director of the Trust" in noted
    assert "Mrs S. Wright: did not receive the lot's bid documents" in managed
    assert (
        "Dr E. Clarke (evaluator for Lot 2 Out-of-hours): Dr E. Clarke is the owner of "
        "Moorside Surgery, which bids for Lot 2 Out-of-hours." in noted
    )
    assert "Dr E. Clarke: access to the lot's bid documents was withdrawn at once" in managed

    # The public register keeps the evaluator's own words out.
    page = body(client.get(reverse("procurement_register")))
    assert "declared an interest in a bidder" in page
    assert "My husband is a director of the Trust" not in page


def test_unpublished_decisions_stay_in_the_full_register_only(
    client: Client, decided: Story, auditor: Any
) -> None:
    AwardDecision.objects.update(is_published=False)
    page = body(client.get(reverse("procurement_register")))
    assert "NCCG-2026-01" not in page
    assert "There are no decisions to show" in page
    assert csv_rows(client.get(reverse("procurement_register_csv"))) == [list(COLUMNS)]
    login(client, auditor)
    assert "NCCG-2026-01" in body(client.get(reverse("procurement_register_full")))


def test_each_csv_holds_exactly_what_its_page_shows(client: Client, decided: Story) -> None:
    public = csv_rows(client.get(reverse("procurement_register_csv")))
    assert public[0] == list(COLUMNS)
    assert public[1:] == [row.cells() for row in procurement_register(public=True).rows]
    login(client, decided.secretary)
    response = client.get(reverse("procurement_register_full_csv"))
    assert response["Content-Disposition"] == (
        'attachment; filename="procurement-decisions-register-full.csv"'
    )
    full = csv_rows(response)
    assert full[1:] == [
        row.cells()
        for row in procurement_register(public=False, reader=decided.secretary.user).rows
    ]
    assert "John Wright" in full[1][8]


def test_the_published_register_says_when_it_was_last_updated(
    client: Client, decided: Story
) -> None:
    page = body(client.get(reverse("procurement_register")))
    today = timezone.localdate()
    assert f"Last updated: {today.day} {today:%B %Y}" in page


def test_the_register_is_built_in_a_constant_number_of_queries(story: Story) -> None:
    def panel_history(lot: Lot) -> None:
        with pytest.raises(EvaluatorConflicted):
            evaluator_add(actor=story.secretary.user, lot=lot, member=story.chair)
        place = evaluator_add(actor=story.secretary.user, lot=lot, member=story.nurse)
        evaluator_declare(
            actor=story.nurse.user, place=place, no_interest=False, statement="A relative"
        )

    panel_history(story.lot)
    move_to_award(story)
    award(story)
    reader = User.objects.get(pk=story.secretary.user.pk)  # nothing about it cached yet
    with CaptureQueriesContext(connection) as one:
        assert len(procurement_register(public=False, reader=reader).rows) == 1

    for number in (3, 4, 5):
        lot = Lot.objects.create(procurement=story.lot.procurement, number=number, title="More")
        Bid.objects.create(lot=lot, organisation=story.trust)
        Bid.objects.create(lot=lot, organisation=story.federation)
        panel_history(lot)
        award(story, lot=lot)
    reader = User.objects.get(pk=story.secretary.user.pk)
    with CaptureQueriesContext(connection) as four:
        register = procurement_register(public=False, reader=reader)
    assert len(register.rows) == 4
    assert all(len(row.conflicts) == 2 for row in register.rows)
    # 5 for the rows; a fixed few for whether the reader may read the confidential titles
    # (their permissions and their groups', their record, the meetings they sit in).
    assert len(four.captured_queries) == len(one.captured_queries) <= 5 + READER_ACCESS
    with CaptureQueriesContext(connection) as public:
        assert len(procurement_register(public=True).rows) == 4
    assert len(public.captured_queries) <= 5


def test_the_register_pdfs_hold_what_their_pages_hold(
    client: Client, decided: Story, auditor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.pdf import fetch_pdf, pdf_text

    capture = django_capture_on_commit_callbacks
    public = pdf_text(fetch_pdf(client, reverse("procurement_register_pdf"), capture))
    assert "NCCG-2026-01" in public and "Procurement decisions register" in public
    assert "John Wright" not in public  # the related person is named only internally
    login(client, auditor)
    full = pdf_text(fetch_pdf(client, reverse("procurement_register_full_pdf"), capture))
    assert "John Wright" in full

    AwardDecision.objects.update(is_published=False)
    client.logout()
    assert "NCCG-2026-01" not in pdf_text(
        fetch_pdf(client, reverse("procurement_register_pdf"), capture)
    )
