"""Regression tests from the security review: each asserts the safe behaviour."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from interests.models import Interest
from interests.services.organisations import OrganisationData, organisation_update
from meetings.models import Attendance
from meetings.services.agenda import attendee_apologies
from procurements.models import Bid
from procurements.selectors.lot_facts import lot_check
from procurements.services.documents import lot_document_upload
from procurements.services.panels import evaluator_add, evaluator_declare
from tests.conftest import login
from tests.meetings.conftest import approve_story, pdf


def test_renaming_an_organisation_rechecks_panels(client: Client, story: Any) -> None:
    Interest.objects.create(
        declarant=story.nurse,
        category="financial",
        organisation_name="Northfield GP Federation Ltd",
        nature="director",
        description="d",
        start_date=datetime.date(2020, 1, 1),
        status="submitted",
    )
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.nurse)
    evaluator_declare(actor=story.nurse.user, place=place, no_interest=True)
    doc = lot_document_upload(
        actor=story.secretary.user,
        lot=story.lot,
        kind="bid",
        title="Bid",
        upload=pdf(),
        bid=Bid.objects.get(lot=story.lot, organisation=story.federation),
    )
    f = story.federation
    organisation_update(
        actor=story.secretary.user,
        organisation=f,
        data=OrganisationData(name="Northfield GP Federation Ltd", kind=f.kind),
    )
    assert lot_check(story.lot, [story.nurse])[story.nurse.pk]
    login(client, story.nurse)
    assert client.get(reverse("lot_document_download", args=[doc.pk])).status_code == 403, (
        "after the rename the evaluator is conflicted but still opens the federation's bid"
    )


def test_attendance_cannot_change_after_the_minutes_are_approved(story: Any) -> None:
    a = story.secretary.user
    approve_story(story)
    att = Attendance.objects.get(meeting=story.meeting, member=story.nurse)
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        attendee_apologies(actor=a, attendance=att, apologies=True)
    att.refresh_from_db()
    assert not att.apologies, "attendance of an approved meeting changed (public minutes change)"
