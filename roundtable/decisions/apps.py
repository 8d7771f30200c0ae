from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Proposals decided one person, one vote (by web, phone and post), their outcomes, and round-table turns."""

    name = "roundtable.decisions"
    label = "decisions"
