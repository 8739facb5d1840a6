"""The checks on Celery: declared once in the beat schedule, a task of no arguments (so any
scheduler, including one kept in the database, can run it), idempotent."""

from __future__ import annotations

import datetime
import inspect
from typing import Any

from celery.schedules import crontab
from django.utils import timezone

from ccg_governance.celery import app
from compliance.models import Breach
from compliance.tasks import detect_breaches
from interests.models import Member
from tests.interests.factories import InterestFactory, MemberFactory


def test_the_checks_run_every_night_from_the_one_schedule() -> None:
    entries = [e for e in app.conf.beat_schedule.values() if e["task"] == detect_breaches.name]
    assert len(entries) == 1
    entry = entries[0]
    assert isinstance(entry["schedule"], crontab)
    assert not entry.get("args") and not entry.get("kwargs")
    assert detect_breaches.name in app.tasks
    assert list(inspect.signature(detect_breaches.run).parameters) == []


def test_the_task_raises_new_findings_once(db: Any) -> None:
    member = MemberFactory()
    Member.objects.filter(pk=member.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    InterestFactory(declarant=member, start_date=timezone.localdate() - datetime.timedelta(days=60))
    first = detect_breaches.delay().get()
    second = detect_breaches.delay().get()
    assert first == {"found": 1, "new": 1}
    assert second == {"found": 1, "new": 0}
    assert Breach.objects.get().member_id == member.pk
