from django.apps import AppConfig


class HealthConfig(AppConfig):
    """The co-production health check: the ten signs of tokenism measured from the record (docs/health.md)."""

    name = "roundtable.health"
    label = "health"

    def ready(self) -> None:
        from roundtable.health.registry import discover

        # Every module in health/signs/ registers one sign, every module in health/recommendations/ one or
        # more recommendations; importing them here keeps the registry complete without a shared list.
        discover()

        # The project page's "Reports" panel (projects/panels.py), for staff who may open the reports.
        from roundtable.health.reports.permissions import project_panel
        from roundtable.projects.panels import ProjectPanel, register_project_panel

        register_project_panel(
            ProjectPanel(key="reports", order=90, template="health/reports/panels/project.html", data=project_panel)
        )
