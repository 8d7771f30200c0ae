from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "roundtable.payments"
    label = "payments"

    def ready(self) -> None:
        from roundtable.lib import periodic
        from roundtable.payments.services import claims_draft_due

        periodic.register("payments.claims_draft", claims_draft_due)
