"""Interests that start later are picked up by the nightly re-check."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from ccg_governance.celery import app
from interests.models import Interest
from interests.services.declarations import Publication, interest_declare
from procurements.models import PanelMember
from procurements.selectors.lot_facts import lot_check
from procurements.services.panels import evaluator_add, evaluator_declare
from procurements.tasks import recheck_all_panels


def test_an_interest_that_starts_later_conflicts_the_evaluator_on_the_night_it_starts(
    story: Any,
) -> None:
    place = evaluator_add(actor=story.secretary.user, lot=story.lot, member=story.nurse)
    evaluator_declare(actor=story.nurse.user, place=place, no_interest=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    interest = interest_declare(
        member=story.nurse,
        actor=story.nurse.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": story.federation,
            "organisation_name": "",
            "nature": "director",
            "description": "Joining the federation board",
            "start_date": tomorrow,
        },
    )
    assert lot_check(story.lot, [story.nurse], day=tomorrow)[story.nurse.pk]
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CLEAR  # not yet: the interest starts tomorrow

    # The night it starts (simulated by moving the start to today without any service call).
    Interest.objects.filter(pk=interest.pk).update(start_date=timezone.localdate())
    recheck_all_panels()
    place.refresh_from_db()
    assert place.status == PanelMember.Status.CONFLICTED


def test_the_nightly_re_checks_are_scheduled() -> None:
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"meetings.resync_all_access", "procurements.recheck_all_panels"} <= tasks
    app.loader.import_default_modules()  # what a worker does on start: every app's tasks.py
    assert {"meetings.resync_all_access", "procurements.recheck_all_panels"} <= set(app.tasks)
