from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "roundtable.feedback"
    label = "feedback"

    def ready(self) -> None:
        from roundtable.feedback.services import barriers_from_departures, check_ins_open_due
        from roundtable.lib import periodic

        periodic.register("feedback.barriers_from_departures", barriers_from_departures)
        periodic.register("feedback.check_ins_open", check_ins_open_due)
