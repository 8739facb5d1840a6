"""Two people edit the same record: the second, stale save is refused and nothing is lost.

Each test is the interleaving the issue measured: both open the form, the first saves, the
second saves what they loaded. Before version tokens the second save silently overwrote the
first (3 of 3); now it is refused, the first change stands and the page shows it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from interests.models import Member, Organisation
from meetings.models import AgendaItem
from meetings.services.agenda import item_save
from meetings.services.papers import paper_upload
from tests.conftest import login
from tests.interests.factories import InterestFactory, MemberFactory
from tests.meetings.conftest import Story, pdf

pytestmark = pytest.mark.django_db


def version_in(page: str) -> str:
    match = re.search(r'name="edit_version" value="([0-9a-f]+)"', page)
    assert match, "the form carries no version token"
    return match.group(1)


def two_secretaries(secretary: Member) -> tuple[Client, Client]:
    other = MemberFactory(user__username="p.secretary2", user__roles=[Role.SECRETARY])
    return login(Client(), secretary), login(Client(), other)


def may_open(member: Member, paper: Any) -> bool:
    return User.objects.get(pk=member.user_id).has_perm("meetings.view_paper", paper)


def item_form(item: AgendaItem, version: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": item.title,
        "presenter": item.presenter,
        "purpose": item.purpose,
        "part": item.part,
        "lot": "",
        "affected_organisations": [o.pk for o in item.affected_organisations.all()],
        "edit_version": version,
        "save": "1",
    }
    if item.title_is_confidential:
        data["title_is_confidential"] = "on"
    data.update(overrides)
    return data


def test_a_stale_item_save_cannot_re_grant_a_withdrawn_paper(story: Story) -> None:
    """Secretary A adds an affected organisation to a Part II item, which withdraws a
    conflicted lay member's paper; secretary B's stale save must not take it off again."""
    estates = Organisation.objects.create(name="Lakeside Estates", kind="company")
    InterestFactory(declarant=story.lay, organisation=estates)
    actor = story.secretary.user
    item = item_save(
        actor=actor, meeting=story.meeting, title="Estates review", purpose="decision", part="II"
    )
    paper = paper_upload(actor=actor, item=item, title="Estates options", upload=pdf())
    assert may_open(story.lay, paper)
    a, b = two_secretaries(story.secretary)
    url = reverse("item_edit", args=[story.meeting.pk, item.pk])
    version_a = version_in(a.get(url).content.decode())
    version_b = version_in(b.get(url).content.decode())

    saved = a.post(url, item_form(item, version_a, affected_organisations=[estates.pk]))
    assert saved.status_code == 302
    assert not may_open(story.lay, paper)

    item.refresh_from_db()
    stale = b.post(
        url, item_form(item, version_b, affected_organisations=[], presenter="Head of Estates")
    )

    page = stale.content.decode()
    assert stale.status_code == 200
    assert "Someone else changed this item" in page
    assert "Lakeside Estates" in page  # the other person's change is shown
    item.refresh_from_db()
    assert list(item.affected_organisations.all()) == [estates]
    assert item.presenter == ""
    assert not may_open(story.lay, paper)
    assert (
        AuditEvent.objects.filter(action="agenda.item_changed", object_id=str(item.pk)).count() == 1
    )
    # Saving again, now informed, goes through with the fresh token the page carries.
    again = b.post(url, item_form(item, version_in(page), presenter="Head of Estates"))
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.presenter == "Head of Estates"
    assert list(item.affected_organisations.all()) == [estates]


def organisation_form(organisation: Organisation, version: str, **overrides: str) -> dict[str, str]:
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "ods_code": organisation.ods_code,
        "companies_house_number": organisation.companies_house_number,
        "nature_of_business": organisation.nature_of_business,
        "address": organisation.address,
        "postcode": organisation.postcode,
        "is_active": "on",
        "edit_version": version,
    }
    return data | overrides


def test_a_stale_organisation_save_is_refused(secretary: Member) -> None:
    practice = Organisation.objects.create(name="Riverside Surgery", kind="gp_practice")
    a, b = two_secretaries(secretary)
    url = reverse("organisation_edit", args=[practice.pk])
    version_a = version_in(a.get(url).content.decode())
    version_b = version_in(b.get(url).content.decode())

    assert a.post(url, organisation_form(practice, version_a, ods_code="B82005")).status_code == 302
    stale = b.post(url, organisation_form(practice, version_b, postcode="NF1 2AB"))

    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Someone else changed this organisation" in page and "B82005" in page
    practice.refresh_from_db()
    assert (practice.ods_code, practice.postcode) == ("B82005", "")


def person_form(member: Member, version: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": member.title,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "job_title": member.job_title,
        "professional_role": member.professional_role,
        "email": member.email,
        "affiliation": member.affiliation,
        "is_decision_maker": "yes" if member.is_decision_maker else "no",
        "is_active": "on",
        "edit_version": version,
    }
    return data | overrides


def test_a_stale_person_save_is_refused(secretary: Member) -> None:
    nurse = MemberFactory(user=None, job_title="Nurse", professional_role="nurse")
    a, b = two_secretaries(secretary)
    url = reverse("person_edit", args=[nurse.pk])
    version_a = version_in(a.get(url).content.decode())
    version_b = version_in(b.get(url).content.decode())

    first = a.post(url, person_form(nurse, version_a, job_title="Director of Nursing"))
    assert first.status_code == 302
    stale = b.post(url, person_form(nurse, version_b, affiliation="Northfield Trust"))

    assert stale.status_code == 200
    assert "Director of Nursing" in stale.content.decode()
    nurse.refresh_from_db()
    assert (nurse.job_title, nurse.affiliation) == ("Director of Nursing", "")
