from django.apps import AppConfig


class InterestsConfig(AppConfig):
    name = "interests"
    verbose_name = "People, organisations and the register of interests"

    def ready(self) -> None:
        from interests import dashboard  # noqa: F401  (registers the dashboard tasks)
        from interests.documents import register_documents

        register_documents()
