from django.apps import AppConfig


class HealthConfig(AppConfig):
    """The co-production health check: the ten signs of tokenism measured from the record (docs/health.md)."""

    name = "roundtable.health"
    label = "health"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from roundtable.health.changes import note_organisation_change, note_record_change, note_snapshot_change
        from roundtable.health.models import HealthSnapshot
        from roundtable.health.registry import discover
        from roundtable.health.reports.permissions import project_panel as reports_panel
        from roundtable.health.selectors_pages import organisation_panel, project_panel
        from roundtable.health.services import measurements_take_requested, snapshots_take_due
        from roundtable.lib import periodic
        from roundtable.lib.panels import Panel
        from roundtable.projects.models import Organisation, Project
        from roundtable.projects.panels import ProjectPanel, register_organisation_panel, register_project_panel

        # Every module in health/signs/ registers one sign, every module in health/recommendations/ one or
        # more recommendations; importing them here keeps the registry complete without a shared list.
        discover()
        # A link to the health check on the project page (after payments, 50) and on the organisation page.
        register_project_panel(
            ProjectPanel(key="health", order=60, template="health/panels/project.html", data=project_panel)
        )
        register_organisation_panel(
            Panel(key="health", order=10, template="health/panels/organisation.html", data=organisation_panel)
        )
        # Every pass: takes each London day that has ended and has no snapshot yet (a bounded number a pass)
        # and alerts once when a sign turns "at risk"; when all is up to date it is one query.
        periodic.register("health.snapshots", snapshots_take_due)
        # Every pass: measures again each project whose page found its kept measurement stale (one query when
        # none waits), so the page reads one row instead of measuring (docs/health.md, "The kept measurement").
        periodic.register("health.measurements", measurements_take_requested)
        # A write to a project's record marks its kept measurement stale once the write is kept.
        post_save.connect(note_record_change, dispatch_uid="health.note_record_change.save")
        # The organisation's health page keeps its drawn copy until its projects or snapshots change.
        for model in (Organisation, Project, HealthSnapshot):
            for signal, kind in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    note_organisation_change, sender=model, dispatch_uid=f"health.organisation.{model.__name__}.{kind}"
                )
        # A snapshot saved or deleted one at a time: the organisation page's summary of its project again.
        for signal, kind in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(note_snapshot_change, sender=HealthSnapshot, dispatch_uid=f"health.summary.{kind}")
        # The project page's "Reports" panel, for staff who may open the reports.
        register_project_panel(
            ProjectPanel(key="reports", order=90, template="health/reports/panels/project.html", data=reports_panel)
        )
