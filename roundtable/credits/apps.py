from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "roundtable.credits"
    label = "credits"

    def ready(self) -> None:
        # The project page's side column (projects/panels.py): our panel, drawn from our selector.
        from roundtable.credits.selectors import project_panel
        from roundtable.projects.panels import ProjectPanel, register_project_panel

        register_project_panel(
            ProjectPanel(key="credits", order=30, template="credits/panels/project.html", data=project_panel)
        )
        from roundtable.credits.services import contributions_suggest
        from roundtable.lib import periodic

        periodic.register("credits.contributions_suggest", contributions_suggest)
