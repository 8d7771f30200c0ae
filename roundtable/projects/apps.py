from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "roundtable.projects"
    label = "projects"

    def ready(self) -> None:
        from roundtable.notifications.letter_parts import register_letter_parts
        from roundtable.projects.letters import letter_parts

        register_letter_parts(letter_parts)
