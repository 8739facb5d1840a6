from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Committees, meetings and recusal"

    def ready(self) -> None:
        from meetings import dashboard  # noqa: F401  (registers the dashboard tasks)
