from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Recuse kernel (audit trail, roles, uploads, documents)"

    def ready(self) -> None:
        from core import tasks  # noqa: F401  (tells core.documents how to queue a document)
