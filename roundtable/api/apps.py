import datetime as dt

from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roundtable.api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        from roundtable.api.webhooks import webhooks_gather, webhooks_send_due
        from roundtable.lib import periodic

        periodic.register("api.webhooks_gather", webhooks_gather)
        periodic.register("api.webhooks_send", webhooks_send_due, every=dt.timedelta(seconds=30))
