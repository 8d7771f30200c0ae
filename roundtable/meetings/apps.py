from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "roundtable.meetings"
    label = "meetings"

    def ready(self) -> None:
        from roundtable.meetings.letters import letter_parts
        from roundtable.notifications.letter_parts import register_letter_parts

        # Asked before the projects provider, so a meeting's own project contact wins.
        register_letter_parts(letter_parts, specific=True)

        from roundtable.lib import periodic
        from roundtable.meetings.services import formats_missing_warn, reminders_send_due

        periodic.register("meetings.reminders", reminders_send_due)
        periodic.register("meetings.format_warnings", formats_missing_warn)
