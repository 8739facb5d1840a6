from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "People, organisations and the register of interests"

    def ready(self) -> None:
        from interests import (
            audit_subjects,
            dashboard,  # noqa: F401  (registers the dashboard tasks)
        )
        from interests.documents import register_documents

        audit_subjects.register()
        register_documents()
