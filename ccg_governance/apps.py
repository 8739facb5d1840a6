from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _install_schedules(sender: Any, **kwargs: Any) -> None:
    from ccg_governance.celery import app
    from core.schedules.defaults import schedules_install

    schedules_install(app.conf.beat_schedule)


class CcgGovernanceConfig(AppConfig):
    name = "ccg_governance"
    verbose_name = "Recuse (project)"

    def ready(self) -> None:
        from ccg_governance.celery import SECRETARY_SCHEDULES
        from core.schedules.registry import register_schedule_labels

        register_schedule_labels(SECRETARY_SCHEDULES)
        # After every migrate (and every flush) the declared schedules exist (added when
        # missing, never overwritten), so the secretary's screen lists them before beat first
        # starts. Sent for django-celery-beat's app: this one has no models, so no signal.
        post_migrate.connect(
            _install_schedules,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="recuse-schedules",
        )
