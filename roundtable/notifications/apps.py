from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "roundtable.notifications"
    label = "notifications"

    def ready(self) -> None:
        from roundtable.notifications import checks  # noqa: F401 - registers the start-up checks
