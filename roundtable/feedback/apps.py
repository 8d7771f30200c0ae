from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "roundtable.feedback"
    label = "feedback"

    def ready(self) -> None:
        # The project page's side column (projects/panels.py): our panel, drawn from our selector.
        from roundtable.feedback.selectors import project_summary
        from roundtable.projects.panels import ProjectPanel, register_project_panel

        register_project_panel(
            ProjectPanel(key="feedback", order=20, template="feedback/panels/project.html", data=project_summary)
        )

        # The meeting page's check-in (meetings/panels.py).
        from roundtable.feedback.selectors import meeting_check_in_panel
        from roundtable.lib.panels import Panel
        from roundtable.meetings.panels import register_meeting_panel

        register_meeting_panel(
            Panel(key="check_in", order=10, template="feedback/panels/meeting.html", data=meeting_check_in_panel)
        )
        # A check-in's letter carries a reply slip with its questions (feedback/letters.py).
        from roundtable.feedback.letters import letter_parts
        from roundtable.notifications.letter_parts import register_letter_parts

        register_letter_parts(letter_parts, specific=True)

        from roundtable.feedback.services import barriers_from_departures, check_ins_open_due
        from roundtable.lib import periodic

        periodic.register("feedback.barriers_from_departures", barriers_from_departures)
        periodic.register("feedback.check_ins_open", check_ins_open_due)
