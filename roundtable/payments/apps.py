from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "roundtable.payments"
    label = "payments"
