from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "roundtable.updates"
    label = "updates"

    def ready(self) -> None:
        from roundtable.lib import periodic
        from roundtable.updates.services import nudges_send_due

        periodic.register("updates.nudges", nudges_send_due)
