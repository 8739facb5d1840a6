"""The chair's screen for the meeting as it happens: item by item, compact rows in plain
words, every open conflict on an item decided in one action, "left now" and "returned
now", saved in place with htmx and by a plain form without JavaScript."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from meetings.models import ConflictDecision
from meetings.services.agenda import item_save
from meetings.services.conduct import conflict_decision_record
from tests.conftest import login
from tests.meetings.conftest import Story

HTMX = {"HTTP_HX_REQUEST": "true"}


def body(response: Any) -> str:
    return response.content.decode()


def conduct(story: Story, item: Any = None) -> str:
    url = reverse("meeting_conduct", args=[story.meeting.pk])
    return f"{url}?item={item.pk}" if item is not None else url


def current_item(page: str) -> str:
    return page.split('class="recuse-current-item"', 1)[1].split("</section>", 1)[0]


def hillview_item(story: Story) -> Any:
    """A Part I decision on the federation: the chair, the federation GP are conflicted."""
    return item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Federation estates strategy",
        purpose="decision",
        part="I",
        affected_organisations=[story.federation],
    )


def test_each_conflict_is_a_compact_row_in_plain_words(client: Client, story: Story) -> None:
    login(client, story.vice)
    page = current_item(body(client.get(conduct(story, story.award_item))))
    assert (
        "Dr B. Okafor is a partner in Hillview Medical Centre, a member of Northfield GP "
        "Federation, which bids for Lot 2 Out-of-hours."
    ) in page
    assert "Suggested: No papers; leaves the room." in page
    assert "—" not in page and "→" not in page  # the arrows stay in the matrix
    # The full decision form is folded away behind "Record a different decision".
    assert page.count("<details") == 2
    assert (
        '<details class="nhsuk-details nhsuk-u-margin-bottom-0 recuse-conflict__more" open'
        not in page
    )
    matrix = body(client.get(reverse("recusal_matrix", args=[story.meeting.pk])))
    assert "Dr B. Okafor —financial (partner)→ Hillview Medical Centre" in matrix


def test_the_current_item_is_in_focus_and_the_others_are_listed(
    client: Client, story: Story
) -> None:
    login(client, story.vice)
    page = body(client.get(conduct(story)))
    # With no item asked for, the first item that still needs the chair.
    assert "Item 3: Award of the out-of-hours contract" in current_item(page)
    assert 'aria-current="step"' in page
    assert "2 of 2 to decide" in page and "No conflicts" in page
    finance = body(client.get(conduct(story, story.open_item)))
    assert "Item 2: Finance report" in current_item(finance)
    assert "Okafor" not in current_item(finance)
    assert f"?item={story.award_item.pk}#item-{story.award_item.pk}" in finance  # next item


def test_accepting_the_suggestions_decides_every_open_conflict_one_by_one(
    client: Client, story: Story
) -> None:
    conflict_decision_record(
        actor=story.secretary.user,
        item=story.award_item,
        member=story.chair,
        action=3,
        reason="Agreed with the Guardian",
    )
    login(client, story.vice)
    response = client.post(
        reverse("suggestions_accept", args=[story.meeting.pk, story.award_item.pk]), follow=True
    )
    assert "The suggested action has been recorded for 1 person on item 3: Dr B. Okafor." in body(
        response
    )
    decisions = {d.member_id: d for d in ConflictDecision.objects.filter(item=story.award_item)}
    assert decisions[story.fed_gp.pk].action == 2
    assert decisions[story.fed_gp.pk].decided_by == story.vice.user
    assert decisions[story.chair.pk].action == 3  # a decision already made is left alone
    assert AuditEvent.objects.filter(action="meeting.conflict_decided").count() == 2
    page = current_item(body(response))
    assert "Accept the suggested action" not in page
    assert "All 2 decided" in body(response)


def test_the_chair_never_accepts_their_own_conflict(client: Client, story: Story) -> None:
    item = hillview_item(story)
    login(client, story.chair)
    response = client.post(
        reverse("suggestions_accept", args=[story.meeting.pk, item.pk]), follow=True
    )
    page = body(response)
    assert "Your own conflict was left open" in page
    decided = set(ConflictDecision.objects.filter(item=item).values_list("member_id", flat=True))
    assert decided == {story.fed_gp.pk}
    decision = ConflictDecision.objects.get(item=item, member=story.fed_gp)
    assert (decision.action, decision.decided_by) == (3, story.chair.user)


def test_left_now_and_returned_now_stamp_the_time(client: Client, story: Story) -> None:
    login(client, story.vice)
    stamp = reverse(
        "departure_stamp", args=[story.meeting.pk, story.award_item.pk, story.fed_gp.pk]
    )
    early = client.post(stamp, {"moment": "left"}, follow=True)
    assert "Record the chair&#x27;s decision before the times they left and returned." in body(
        early
    )
    client.post(reverse("suggestions_accept", args=[story.meeting.pk, story.award_item.pk]))
    back_first = client.post(stamp, {"moment": "returned"}, follow=True)
    assert "Record the time they left before the time they returned." in body(back_first)

    before = timezone.localtime().time().replace(second=0, microsecond=0)
    page = body(client.post(stamp, {"moment": "left"}, follow=True))
    after = timezone.localtime().time()
    decision = ConflictDecision.objects.get(item=story.award_item, member=story.fed_gp)
    assert decision.left_at is not None and before <= decision.left_at <= after
    assert f"Dr Ben Okafor left the room at {decision.left_at:%H:%M}." in page
    assert f"Left {decision.left_at:%H:%M}" in current_item(page)
    client.post(stamp, {"moment": "returned"})
    decision.refresh_from_db()
    assert decision.returned_at is not None and decision.returned_at >= decision.left_at
    assert AuditEvent.objects.filter(action="meeting.conflict_returned").exists()
    assert client.post(stamp, {"moment": "sideways"}, follow=True).status_code == 200
    decision.refresh_from_db()
    assert decision.action == 2


def test_stamps_and_acceptance_are_for_recorders_only(
    client: Client, story_published: Story
) -> None:
    story = story_published
    stamp = reverse(
        "departure_stamp", args=[story.meeting.pk, story.award_item.pk, story.fed_gp.pk]
    )
    accept = reverse("suggestions_accept", args=[story.meeting.pk, story.award_item.pk])
    for person in (story.fed_gp, story.single_gp):
        login(client, person)
        assert client.post(accept).status_code == 403
        assert client.post(stamp, {"moment": "left"}).status_code == 403
    login(client, story.chair)  # excluded from the award item
    assert client.post(accept).status_code == 403
    assert not ConflictDecision.objects.exists()


def test_decided_rows_fold_to_one_line(client: Client, story: Story) -> None:
    conflict_decision_record(
        actor=story.secretary.user,
        item=story.award_item,
        member=story.fed_gp,
        action=2,
        left_at=datetime.time(15, 2),
    )
    login(client, story.vice)
    page = current_item(body(client.get(conduct(story, story.award_item))))
    row = page.split(f'id="conflict-{story.award_item.pk}-{story.fed_gp.pk}"', 1)[1].split(
        "</li>", 1
    )[0]
    assert "<strong>Dr B. Okafor</strong>: No papers; leaves the room. Left 15:02." in row
    assert "Returned now" in row and "Left now" in row
    # Why, and the form to change it, are folded away.
    why = row.split("<details", 1)[1]
    assert not why.startswith(" open") and " open>" not in why.split(">", 1)[0]
    assert "Hillview Medical Centre" in why
    assert (
        "Decided: Does not receive the papers or minutes for the item, and leaves the room." in why
    )


def test_the_screen_saves_in_place_with_htmx(client: Client, story: Story) -> None:
    login(client, story.vice)
    page = body(client.get(conduct(story)))
    assert 'hx-boost="true"' in page and 'hx-select="#conduct-items"' in page
    prefix = f"decision-{story.award_item.pk}-{story.fed_gp.pk}"
    url = reverse(
        "conflict_decision", args=[story.meeting.pk, story.award_item.pk, story.fed_gp.pk]
    )

    # A mistake comes back as the chair's screen, with the row open and the error shown.
    invalid = client.post(url, {f"{prefix}-action": "4"}, **HTMX)
    assert invalid.status_code == 200
    text = body(invalid)
    assert 'id="conduct-items"' in text
    assert "Give the reason for a decision that differs from the suggested action" in text
    assert 'recuse-conflict__more" open' in text
    assert not ConflictDecision.objects.exists()

    # Saved: htmx follows the redirect and swaps the region, where the message is announced.
    saved = client.post(url, {f"{prefix}-action": "2"}, follow=True, **HTMX)
    region = body(saved).split('id="conduct-status"', 1)[1].split("</p>", 1)[0]
    assert "The decision on Dr Ben Okafor&#x27;s conflict on item 3 has been recorded." in region
    assert ConflictDecision.objects.get(member=story.fed_gp).action == 2


def test_without_javascript_a_mistake_gets_its_own_page(client: Client, story: Story) -> None:
    login(client, story.vice)
    prefix = f"decision-{story.award_item.pk}-{story.fed_gp.pk}"
    url = reverse(
        "conflict_decision", args=[story.meeting.pk, story.award_item.pk, story.fed_gp.pk]
    )
    response = client.post(url, {f"{prefix}-action": "4"})
    assert "Decision on Dr B. Okafor's conflict" in body(response)
    assert "a member of Northfield GP Federation, which bids for Lot 2" in body(response)
    assert "There is a problem" in body(response)
    saved = client.post(url, {f"{prefix}-action": "2"})
    assert saved["Location"].endswith(
        f"?item={story.award_item.pk}#conflict-{story.award_item.pk}-{story.fed_gp.pk}"
    )
