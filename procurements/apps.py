from django.apps import AppConfig


class ProcurementsConfig(AppConfig):
    name = "procurements"
    verbose_name = "Procurements and the decisions register"

    def ready(self) -> None:
        from interests import hooks as register_hooks
        from meetings import hooks as meeting_hooks
        from procurements import (
            audit_subjects,
            dashboard,  # noqa: F401  (registers the dashboard links)
        )
        from procurements.documents import register_documents
        from procurements.item_lots import ProcurementLots
        from procurements.register_hooks import ProcurementsListener, person_section

        register_hooks.register_listener(ProcurementsListener())
        register_hooks.register_person_section(person_section)
        meeting_hooks.register_item_lots(ProcurementLots())
        audit_subjects.register()
        register_documents()
