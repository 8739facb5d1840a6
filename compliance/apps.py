from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance: the breaches register"

    def ready(self) -> None:
        from compliance import (
            annual_documents,
            dashboard,  # noqa: F401  (registers the dashboard tasks)
            tasks,  # noqa: F401  (tells the audit pack zip how to queue)
        )
        from compliance.documents import register_documents
        from compliance.meeting_hooks import detect_after_approval
        from meetings import hooks as meeting_hooks

        meeting_hooks.register_minutes_approved(detect_after_approval)
        register_documents()
        annual_documents.register_documents()
