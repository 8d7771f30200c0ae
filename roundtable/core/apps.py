from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roundtable.core"
    label = "core"

    def ready(self) -> None:
        # "What needs you" on the project page and My projects (projects sits below every app it reads).
        from roundtable.core.needs import needs_for
        from roundtable.projects.panels import register_needs

        register_needs(needs_for)
