from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "roundtable.payments"
    label = "payments"

    def ready(self) -> None:
        # The project page's side column (projects/panels.py): our panel, drawn from our selector.
        from roundtable.payments.selectors import project_panel
        from roundtable.projects.panels import ProjectPanel, register_project_panel

        register_project_panel(
            ProjectPanel(key="payments", order=50, template="payments/panels/project.html", data=project_panel)
        )
