from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "roundtable.credits"
    label = "credits"

    def ready(self) -> None:
        from roundtable.credits.services import contributions_suggest
        from roundtable.lib import periodic

        periodic.register("credits.contributions_suggest", contributions_suggest)
