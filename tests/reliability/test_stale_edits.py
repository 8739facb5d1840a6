"""Every edit form refuses a stale save: nothing is overwritten and the page says why.

One test, parametrised over the edit forms. For each: the same record's form is opened
twice (two people, or one person in two tabs), the first copy is saved with one change,
then the stale copy is saved with another. The second save must be refused with a clear
message, and the record must still hold the first change.

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
from html.parser import HTMLParser
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
from tests.interests.factories import InterestFactory
from tests.meetings.conftest import Story

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this"


class _FormReader(HTMLParser):
    """The fields of the page's POST form that holds ``marker`` (a field name), as a
    browser would send them: inputs, ticked boxes, chosen options and text areas."""

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._fields = []
            self.forms.append(self._fields)
        if self._fields is None:
            return
        name = a.get("name", "")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._fields.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            text = "".join(self._text)
            self._fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._fields = None

    def fields(self) -> dict[str, Any]:
        for form in self.forms:
            if any(name == self.marker for name, _ in form):
                data: dict[str, Any] = {}
                for name, value in form:
                    data.setdefault(name, []).append(value)
                return {k: v[0] if len(v) == 1 else v for k, v in data.items()}
        raise AssertionError(f"no form on the page carries {self.marker}")


def form_as_shown(client: Client, url: str, marker: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    reader = _FormReader(marker)
    reader.feed(response.content.decode())
    data = reader.fields()
    assert data[marker], f"the form at {url} carries an empty {marker}"
    return data


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
