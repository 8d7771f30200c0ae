from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "roundtable.payments"
    label = "payments"

    def ready(self) -> None:
        from roundtable.meetings.hooks import register_after_attendance
        from roundtable.payments.services import claims_draft_for_meeting

        # Claims are drafted from the register as soon as it is recorded, so a partner who opens
        # "My payments" sees them; the worker's sweep (claims_draft_due) catches anything missed.
        register_after_attendance(claims_draft_for_meeting)
