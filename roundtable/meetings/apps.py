from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "roundtable.meetings"
    label = "meetings"

    def ready(self) -> None:
        # The project page's side column (projects/panels.py): our panel, drawn from our selector.
        from roundtable.meetings.selectors import project_panel
        from roundtable.projects.panels import ProjectPanel, register_project_panel

        register_project_panel(
            ProjectPanel(key="meetings", order=10, template="meetings/panels/project.html", data=project_panel)
        )

        from roundtable.meetings.letters import letter_parts
        from roundtable.notifications.letter_parts import register_letter_parts

        # Asked before the projects provider, so a meeting's own project contact wins.
        register_letter_parts(letter_parts, specific=True)

        from roundtable.lib import periodic
        from roundtable.meetings.services import formats_missing_warn, reminders_send_due

        periodic.register("meetings.reminders", reminders_send_due)
        periodic.register("meetings.format_warnings", formats_missing_warn)
