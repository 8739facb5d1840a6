"""Every edit form refuses a stale save: nothing is overwritten and the page says why.

Parametrised over the edit forms. For each: the same record's form is opened twice (two
people, or one person in two tabs), the first copy is saved with one change, then the stale
copy is saved with another. The second save must be refused with a clear message, and the
record must still hold the first change. A save posted without its token (an old tab, a
script) is refused the same way: nothing says what its sender saw.

The forms are posted as the browser would post them: every field read back from the page
(hidden version token included), with one field changed. To cover a new edit form, add a
factory to ``CASES``: how to make the record, who edits it, its URL, the field to change
and how to read that field back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from compliance.models import Breach
from compliance.services.breaches import BreachReport, Outcome, breach_record, breach_review
from interests.models import GiftOrHospitality, Interest, Member, Organisation
from interests.services.gifts import gift_record
from meetings.models import AgendaItem, Committee, ItemMinutes
from meetings.selectors import committees as selectors
from procurements.models import Lot, Procurement
from tests.conftest import login
from tests.forms import form_as_shown, form_fields
from tests.interests.factories import InterestFactory
from tests.meetings.conftest import Story

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this"


@dataclass
class Edit:
    """One record's edit form, ready to be opened twice."""

    url: str
    first: Client
    second: Client
    field: str
    read: Callable[[], Any]
    extra: dict[str, Any] = default(default_factory=dict)
    version_field: str = "edit_version"
    message: str = STALE
    # What the first and the stale save type into ``field``, as posted and as read back.
    values: tuple[Any, Any] = ("First change", "Stale change")
    # False where the record has moved on so the form is no longer offered (a reviewed
    # breach): the refusal and what it now reads are shown instead.
    form_shown_again: bool = True


def _two(member: Member, other: Member | None = None) -> tuple[Client, Client]:
    return login(Client(), member), login(Client(), other or member)


def committee(story: Story) -> Edit:
    c = story.committee
    a, b = _two(story.secretary)
    return Edit(
        reverse("committee_edit", args=[c.pk]),
        a,
        b,
        "description",
        lambda: Committee.objects.get(pk=c.pk).description,
    )


def quorum(story: Story) -> Edit:
    c = story.committee
    role = Member.ProfessionalRole.values[0]
    a, b = _two(story.secretary)
    return Edit(
        reverse("committee_quorum", args=[c.pk]),
        a,
        b,
        role,
        lambda: selectors.role_minimums(Committee.objects.get(pk=c.pk))[role],
        values=(2, 3),  # the story asks for at least 1 GP: the first save must change it
    )


def referrals(story: Story) -> Edit:
    c = story.committee
    one = Committee.objects.create(name="Primary Care Commissioning", quorum_minimum_voting=3)
    two = Committee.objects.create(name="Audit Committee", quorum_minimum_voting=3)
    a, b = _two(story.secretary)
    return Edit(
        reverse("committee_referrals", args=[c.pk]),
        a,
        b,
        "referral_committees",
        lambda: list(
            Committee.objects.get(pk=c.pk).referral_committees.values_list("pk", flat=True)
        ),
        values=([one.pk], [two.pk]),
    )


def minutes(story: Story) -> Edit:
    """An item's minutes, written by the secretary and the chair at once."""
    item = story.open_item
    a, b = _two(story.secretary, story.chair)
    return Edit(
        reverse("item_minutes", args=[story.meeting.pk, item.pk]),
        a,
        b,
        f"minutes-{item.pk}-text",
        lambda: ItemMinutes.objects.get(item=item).text,
        version_field=f"minutes-{item.pk}-edit_version",
    )


def remedy(story: Story) -> Edit:
    item = story.open_item
    a, b = _two(story.secretary)
    return Edit(
        reverse("item_remedy", args=[story.meeting.pk, item.pk]),
        a,
        b,
        "remedy_note",
        lambda: AgendaItem.objects.get(pk=item.pk).remedy_note,
        extra={"remedy": "defer"},
    )


def procurement(story: Story) -> Edit:
    p = story.lot.procurement
    a, b = _two(story.secretary)
    return Edit(
        reverse("procurement_edit", args=[p.pk]),
        a,
        b,
        "comments",
        lambda: Procurement.objects.get(pk=p.pk).comments,
    )


def lot(story: Story) -> Edit:
    lot = story.lot
    a, b = _two(story.secretary)
    return Edit(
        reverse("lot_edit", args=[lot.procurement_id, lot.pk]),
        a,
        b,
        "title",
        lambda: Lot.objects.get(pk=lot.pk).title,
    )


def organisation(story: Story) -> Edit:
    org = story.trust
    a, b = _two(story.secretary)
    return Edit(
        reverse("organisation_edit", args=[org.pk]),
        a,
        b,
        "nature_of_business",
        lambda: Organisation.objects.get(pk=org.pk).nature_of_business,
    )


def gift(story: Story) -> Edit:
    """One member, two tabs."""
    g = gift_record(
        member=story.fed_gp,
        fields={
            "kind": "gift",
            "description": "Box of chocolates",
            "offered_by_name": "Acme Medical Ltd",
            "estimated_value": Decimal("20"),
            "offered_on": datetime.date.today() - datetime.timedelta(days=7),
            "outcome": "declined",
        },
        actor=story.fed_gp.user,
    )
    a, b = _two(story.fed_gp)
    return Edit(
        reverse("gift_correct", args=[g.pk]),
        a,
        b,
        "description",
        lambda: GiftOrHospitality.objects.get(pk=g.pk).description,
        extra={"change_reason": "The description was wrong"},
    )


def interest_draft(story: Story) -> Edit:
    i = InterestFactory(declarant=story.fed_gp, status="draft", submitted_at=None)
    a, b = _two(story.fed_gp)
    return Edit(
        reverse("interest_edit", args=[i.pk]),
        a,
        b,
        "description",
        lambda: Interest.objects.get(pk=i.pk).description,
    )


def interest_correction(story: Story) -> Edit:
    i = InterestFactory(declarant=story.fed_gp)
    a, b = _two(story.fed_gp)
    return Edit(
        reverse("interest_edit", args=[i.pk]),
        a,
        b,
        "description",
        lambda: Interest.objects.get(pk=i.pk).description,
        extra={"reason": "The description was wrong"},
    )


def _breach(story: Story) -> Breach:
    return breach_record(
        actor=story.secretary.user,
        report=BreachReport(
            rule="other",
            member=story.nurse,
            occurred_on=datetime.date(2026, 2, 3),
            what_happened="Spoke to a bidder about the tender during the standstill period.",
            how_found="reported",
            how_found_detail="A colleague",
        ),
    )


OUTCOME = {
    "status": "breach",
    "note": "The member forgot.",
    "action_taken": "Reminded of the policy.",
    "public_summary": "A member spoke to a bidder.",
    "public_action": "The member was reminded of the policy.",
}


def breach_reviewing(story: Story) -> Edit:
    """A breach awaiting review, reviewed in two tabs (its own integer version)."""
    b = _breach(story)
    first, second = _two(story.lay)
    return Edit(
        reverse("breach_review", args=[b.pk]),
        first,
        second,
        "action_taken",
        lambda: Breach.objects.get(pk=b.pk).action_taken,
        extra=OUTCOME,
        version_field="version",
        form_shown_again=False,
    )


def breach(story: Story) -> Edit:
    """A confirmed breach, updated by the Guardian in two tabs (its own integer version)."""
    b = _breach(story)
    breach_review(
        actor=story.lay.user,
        breach=b,
        version=1,
        outcome=Outcome(
            status="breach",
            note="The member forgot.",
            action_taken="Reminded of the policy.",
            public_summary="A member spoke to a bidder.",
            public_action="The member was reminded of the policy.",
        ),
    )
    first, second = _two(story.lay)
    return Edit(
        reverse("breach_update", args=[b.pk]),
        first,
        second,
        "action_taken",
        lambda: Breach.objects.get(pk=b.pk).action_taken,
        version_field="version",
    )


CASES: dict[str, Callable[[Story], Edit]] = {
    "committee": committee,
    "committee quorum": quorum,
    "committee referrals": referrals,
    "item minutes": minutes,
    "item remedy": remedy,
    "procurement": procurement,
    "lot": lot,
    "organisation": organisation,
    "gift correction": gift,
    "interest draft": interest_draft,
    "interest correction": interest_correction,
    "breach review": breach_reviewing,
    "breach update": breach,
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_a_stale_save_is_refused_and_the_first_save_stands(
    story: Story, make: Callable[[Story], Edit]
) -> None:
    edit = make(story)
    first = form_as_shown(edit.first, edit.url, edit.version_field)
    stale = form_as_shown(edit.second, edit.url, edit.version_field)
    assert first[edit.version_field] == stale[edit.version_field]

    first_value, stale_value = edit.values
    assert edit.read() != first_value, "the first save must change the record"
    saved = edit.first.post(edit.url, {**first, **edit.extra, edit.field: first_value})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert edit.read() == first_value

    refused = edit.second.post(edit.url, {**stale, **edit.extra, edit.field: stale_value})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert edit.message in page
    assert edit.read() == first_value, "the stale save overwrote the first"
    assert "Someone else saved a change" in page, "the page shows what the record now reads"
    if isinstance(first_value, str):
        assert first_value in page
        if edit.form_shown_again:
            assert stale_value in page, "what the person typed is kept in the form"


@pytest.mark.parametrize("token", ["missing", "empty"])
@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_a_save_without_its_version_token_is_refused_and_changes_nothing(
    story: Story, make: Callable[[Story], Edit], token: str
) -> None:
    edit = make(story)
    shown = form_as_shown(edit.first, edit.url, edit.version_field)
    before = edit.read()
    change, _ = edit.values
    assert before != change, "the save must change the record"
    sent = {**shown, **edit.extra, edit.field: change}
    if token == "missing":
        del sent[edit.version_field]
    else:
        sent[edit.version_field] = ""

    refused = edit.first.post(edit.url, sent)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert edit.message in page
    assert edit.read() == before, "a save without its token went through"
    assert "Someone else saved a change" in page, "the page shows what the record now reads"

    if edit.form_shown_again:
        # The refusal is not a dead end: the form shown again carries a fresh token, and
        # saving it now, informed, goes through.
        again = form_fields(page, edit.version_field)
        saved = edit.first.post(edit.url, {**again, **edit.extra, edit.field: change})
        assert saved.status_code == 302, saved.content.decode()[:3000]
        assert edit.read() == change
