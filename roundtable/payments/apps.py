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
        from roundtable.meetings.hooks import register_after_attendance
        from roundtable.payments.services import claims_draft_for_meeting

        # Claims are drafted from the register as soon as it is recorded, so a partner who opens
        # "My payments" sees them; the worker's sweep (claims_draft_due) catches anything missed.
        register_after_attendance(claims_draft_for_meeting)
        from roundtable.lib import periodic
        from roundtable.payments.services import claims_draft_due

        periodic.register("payments.claims_draft", claims_draft_due)
