from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "roundtable.meetings"
    label = "meetings"

    def ready(self) -> None:
        from roundtable.meetings.letters import letter_parts
        from roundtable.notifications.letter_parts import register_letter_parts

        # Asked before the projects provider, so a meeting's own project contact wins.
        register_letter_parts(letter_parts, specific=True)
