import datetime as dt

from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roundtable.api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        from roundtable.api.selectors import organisation_panel
        from roundtable.api.webhooks import webhooks_gather, webhooks_send_due
        from roundtable.lib import periodic
        from roundtable.lib.panels import Panel
        from roundtable.projects.panels import register_organisation_panel

        # The organisation page's link to the tokens and webhooks page, for its admins.
        register_organisation_panel(
            Panel(key="api", order=90, template="api/panels/organisation.html", data=organisation_panel)
        )

        periodic.register("api.webhooks_gather", webhooks_gather)
        periodic.register("api.webhooks_send", webhooks_send_due, every=dt.timedelta(seconds=30))
