"""Schedules in the database (django-celery-beat), with the defaults declared once in
ccg_governance/celery.py: seeded on migrate, changed by the secretary on a screen, never
overwritten when beat starts, and a due entry really run by beat's scheduler."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from ccg_governance.celery import SECRETARY_SCHEDULES
from ccg_governance.celery import app as celery_app
from core.models import AuditEvent
from core.roles import sync_roles
from core.schedules.scheduler import SeededDatabaseScheduler
from core.schedules.selectors import schedule_version
from tests.conftest import login


@pytest.fixture
def roles(transactional_db):
    """A transactional test before this one flushed the role groups: put them back before
    the personas are made."""
    sync_roles()


def _scheduler() -> SeededDatabaseScheduler:
    scheduler = SeededDatabaseScheduler(app=celery_app)
    # Tasks run eagerly in the suite (no broker): beat's producer is never used, so it is
    # not connected to one.
    scheduler.__dict__["producer"] = None
    return scheduler


def _change(client, task: PeriodicTask, *, time: str, days: list[int], enabled: bool = True):
    return client.post(
        reverse("schedule_edit", args=[task.pk]),
        {
            "time": time,
            "days": [str(d) for d in days],
            "enabled": "1" if enabled else "0",
            "version": schedule_version(task),
        },
    )


@pytest.mark.django_db(transaction=True)
def test_every_declared_schedule_is_in_the_database_and_in_beats_schedule():
    declared = celery_app.conf.beat_schedule
    rows = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    for name, entry in declared.items():
        assert rows[name].task == entry["task"]
        assert str(rows[name].crontab.timezone) == "Europe/London"
    digest = rows["weekly-digest"].crontab
    assert (digest.minute, digest.hour, digest.day_of_week) == ("30", "7", "1")
    assert rows["resend-queued-emails"].crontab.minute == "*/5"
    assert rows["weekly-digest"].description == SECRETARY_SCHEDULES["weekly-digest"].description
    scheduler = _scheduler()
    assert {n: e.task for n, e in scheduler.schedule.items() if n in declared} == {
        name: entry["task"]
        for name, entry in declared.items()
        if name in scheduler.schedule  # beat loads only those due within two hours
    }


@pytest.mark.django_db(transaction=True)
def test_the_secretarys_change_survives_beat_restarting_and_a_due_entry_is_run(
    roles, client, secretary, guardian
):
    login(client, secretary)
    task = PeriodicTask.objects.get(name="weekly-digest")
    target = timezone.localtime() - datetime.timedelta(minutes=2)
    weekday = (target.weekday() + 1) % 7  # crontab counts from Sunday
    response = _change(client, task, time=f"{target:%H:%M}", days=[weekday])
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.crontab.hour, task.crontab.minute) == (str(target.hour), str(target.minute))
    assert AuditEvent.objects.filter(action="schedule.changed").count() == 1

    # It last ran a week ago, so this week's run is due now.
    PeriodicTask.objects.filter(pk=task.pk).update(
        last_run_at=timezone.now() - datetime.timedelta(days=7)
    )
    scheduler = _scheduler()  # beat (re)starting: the declared default is not written back
    task.refresh_from_db()
    assert (task.crontab.hour, task.crontab.minute) == (str(target.hour), str(target.minute))
    assert "weekly-digest" in scheduler.schedule

    scheduler.tick()
    scheduler.sync()

    digests = [m for m in mail.outbox if "waiting for you" in m.subject]
    assert sorted(m.to[0] for m in digests) == sorted([secretary.user.email, guardian.user.email])
    task.refresh_from_db()
    assert task.total_run_count == 1
    assert task.last_run_at > timezone.now() - datetime.timedelta(minutes=1)


@pytest.mark.django_db(transaction=True)
def test_a_switched_off_reminder_is_not_loaded_by_beat(roles, client, secretary):
    login(client, secretary)
    task = PeriodicTask.objects.get(name="annual-declaration-reminders")
    assert (
        _change(client, task, time="08:00", days=list(range(7)), enabled=False).status_code == 302
    )
    assert "annual-declaration-reminders" not in _scheduler().schedule
    page = client.get(reverse("schedule_list")).content.decode()
    assert "Switched off" in page


def test_the_screen_lists_reminders_and_refuses_bad_or_stale_changes(client, secretary):
    login(client, secretary)
    page = client.get(reverse("schedule_list")).content.decode()
    assert "Weekly summary for the secretary and the Conflicts Guardian" in page
    assert "Mondays at 07:30" in page
    task = PeriodicTask.objects.get(name="weekly-digest")
    bad = _change(client, task, time="25:00", days=[])
    assert "Enter a time between 00:00 and 23:59" in bad.content.decode()
    assert "Choose at least one day" in bad.content.decode()
    stale = client.post(
        reverse("schedule_edit", args=[task.pk]),
        {"time": "09:00", "days": ["1"], "enabled": "1", "version": "0:0:0"},
    )
    assert "Someone else changed this schedule" in stale.content.decode()
    task.refresh_from_db()
    assert task.crontab.hour == "7"
    housekeeping = PeriodicTask.objects.get(name="resend-queued-emails")
    assert client.get(reverse("schedule_edit", args=[housekeeping.pk])).status_code == 404


def test_only_the_secretary_changes_schedules(client, federation_gp, guardian):
    task = PeriodicTask.objects.get(name="weekly-digest")
    for person in (federation_gp, guardian):
        login(client, person)
        assert client.get(reverse("schedule_list")).status_code == 403
        assert client.get(reverse("schedule_edit", args=[task.pk])).status_code == 403
