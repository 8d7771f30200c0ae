from django.apps import AppConfig


class PromisesConfig(AppConfig):
    """Promises written down: privacy notices, the accessibility statement, the organisation's audit log
    and its export (docs/privacy.md). Reads every app below it; nothing imports it."""

    name = "roundtable.promises"
    label = "promises"

    def ready(self) -> None:
        import datetime as dt

        from roundtable.lib import periodic
        from roundtable.lib.panels import Panel
        from roundtable.projects.panels import register_organisation_panel
        from roundtable.promises.selectors import organisation_panel
        from roundtable.promises.services import organisation_exports_tidy

        # Links to the privacy notice, the audit log and the export on the organisation page, for admins.
        register_organisation_panel(
            Panel(key="promises", order=20, template="promises/panels/organisation.html", data=organisation_panel)
        )
        # Every few minutes: an export still waiting long after it was asked for is built here, and the
        # files of exports whose link has run out are removed.
        periodic.register("promises.exports", organisation_exports_tidy, every=dt.timedelta(minutes=5))
