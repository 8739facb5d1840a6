from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "People, organisations and the register of interests"

    def ready(self) -> None:
        from core.outbox.services import register_one_time_link
        from interests import (
            audit_subjects,
            dashboard,  # noqa: F401  (registers the dashboard tasks)
        )
        from interests.documents import register_documents
        from interests.services.invitations import INVITATION, invitation_link

        audit_subjects.register()
        register_documents()
        register_one_time_link(INVITATION, invitation_link)
