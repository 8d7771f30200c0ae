from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Proposals decided one person, one vote (by web, phone and post), their outcomes, and round-table turns."""

    name = "roundtable.decisions"
    label = "decisions"

    def ready(self) -> None:
        from roundtable.decisions.letters import letter_parts
        from roundtable.decisions.services import decisions_send_due
        from roundtable.notifications import sweeps
        from roundtable.notifications.letter_parts import register_letter_parts

        # Asked before the projects provider, so the proposal's own project contact wins.
        register_letter_parts(letter_parts, specific=True)
        sweeps.register("decisions.reminders", decisions_send_due)
