from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Recuse kernel (audit trail, roles, uploads, documents, email, schedules)"

    def ready(self) -> None:
        from core import tasks  # noqa: F401  (tells documents and the outbox how to queue)
        from core.outbox import dashboard  # noqa: F401  (the outbox on the secretary's dashboard)
