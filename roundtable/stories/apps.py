from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Tell your story once: a person's story parts, sharing per part and project, requests, the access log,
    quotes in outputs, and stories recorded by proxy (docs/stories.md)."""

    name = "roundtable.stories"
    label = "stories"

    def ready(self) -> None:
        from roundtable.projects.panels import ProjectPanel, register_project_panel
        from roundtable.stories.selectors import project_panel

        # For organisers and members, after pay (50) and before the health check (60).
        register_project_panel(
            ProjectPanel(key="stories", order=55, template="stories/panels/project.html", data=project_panel)
        )
