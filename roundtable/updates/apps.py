from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "roundtable.updates"
    label = "updates"

    def ready(self) -> None:
        from roundtable.notifications import sweeps
        from roundtable.updates.services import nudges_send_due

        sweeps.register("updates.nudges", nudges_send_due)
