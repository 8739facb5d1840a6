from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Committees, meetings and recusal"

    def ready(self) -> None:
        from interests import hooks
        from meetings import (
            audit_subjects,
            dashboard,  # noqa: F401  (registers the dashboard tasks)
        )
        from meetings.documents import register_documents
        from meetings.register_hooks import CommitteePlaces, MeetingsListener, person_section

        hooks.register_listener(MeetingsListener())
        hooks.register_committee_directory(CommitteePlaces())
        hooks.register_person_section(person_section)
        audit_subjects.register()
        register_documents()
