from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "roundtable.updates"
    label = "updates"

    def ready(self) -> None:
        # The project page's side column (projects/panels.py): our panel, drawn from our selector.
        from roundtable.projects.panels import ProjectPanel, register_project_panel
        from roundtable.updates.selectors import project_panel

        register_project_panel(
            ProjectPanel(key="updates", order=40, template="updates/panels/project.html", data=project_panel)
        )

        from roundtable.lib import periodic
        from roundtable.updates.services import nudges_send_due

        periodic.register("updates.nudges", nudges_send_due)
