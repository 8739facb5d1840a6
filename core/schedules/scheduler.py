"""Beat's scheduler: django-celery-beat's, but the declared defaults only fill gaps."""

from __future__ import annotations

from django_celery_beat.schedulers import DatabaseScheduler

from core.schedules.defaults import schedules_install


class SeededDatabaseScheduler(DatabaseScheduler):
    def setup_schedule(self) -> None:
        self.install_default_entries(self.schedule)
        # Not update_from_dict: that would overwrite the secretary's times on every start.
        schedules_install(self.app.conf.beat_schedule)
