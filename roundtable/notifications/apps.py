from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "roundtable.notifications"
    label = "notifications"

    def ready(self) -> None:
        from roundtable.lib import periodic
        from roundtable.notifications import checks  # noqa: F401 - registers the start-up checks
        from roundtable.notifications.services import digests_send_due, messages_dispatch_due

        periodic.register("notifications.digests", digests_send_due)
        # Last, so messages the other jobs queue in a pass go out in the same pass.
        periodic.register("notifications.dispatch", messages_dispatch_due, last=True)
