from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Ground rules agreed together, private reports of a broken rule (docs/safety.md)."""

    name = "roundtable.safety"
    label = "safety"

    def ready(self) -> None:
        from roundtable.lib import periodic
        from roundtable.lib.panels import Panel
        from roundtable.meetings.panels import register_meeting_panel
        from roundtable.notifications.letter_parts import register_spoken_parts
        from roundtable.projects.panels import ProjectPanel, register_project_panel
        from roundtable.safety.selectors import meeting_panel_data, project_panel_data, spoken_ground_rules
        from roundtable.safety.services import ground_rules_settle_due

        # The project page's "Ground rules", after the decisions panel (15) and before listening (20).
        register_project_panel(
            ProjectPanel(key="ground_rules", order=17, template="safety/panels/project.html", data=project_panel_data)
        )
        # The meeting page's ground rules, before feedback's check-in (10).
        register_meeting_panel(
            Panel(key="ground_rules", order=5, template="safety/panels/meeting.html", data=meeting_panel_data)
        )
        # Call scripts about a meeting read the agreed rules aloud for people who join by phone.
        register_spoken_parts(spoken_ground_rules)
        # Rules put to a vote become agreed (or not) once the proposal closes.
        periodic.register("safety.ground_rules_settle", ground_rules_settle_due)
