from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Proposals decided one person, one vote (by web, phone and post), their outcomes, and round-table turns."""

    name = "roundtable.decisions"
    label = "decisions"

    def ready(self) -> None:
        from roundtable.decisions.letters import letter_parts
        from roundtable.decisions.round_tables_selectors import meeting_round_tables_panel
        from roundtable.decisions.selectors import project_panel_data
        from roundtable.decisions.services import decisions_send_due
        from roundtable.lib import periodic
        from roundtable.lib.panels import Panel
        from roundtable.meetings.panels import register_meeting_panel
        from roundtable.notifications.letter_parts import register_letter_parts
        from roundtable.projects.panels import ProjectPanel, register_project_panel

        # Asked before the projects provider, so the proposal's own project contact wins.
        register_letter_parts(letter_parts, specific=True)
        periodic.register("decisions.reminders", decisions_send_due)
        # The project page's "Decisions" panel, after the meetings panel (10) and before listening (20).
        register_project_panel(
            ProjectPanel(key="decisions", order=15, template="decisions/panels/project.html", data=project_panel_data)
        )
        # The meeting page's round-table summary, after feedback's check-in (10).
        register_meeting_panel(
            Panel(
                key="round_tables",
                order=20,
                template="decisions/round_tables/meeting_panel.html",
                data=meeting_round_tables_panel,
            )
        )
