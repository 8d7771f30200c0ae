from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "roundtable.credits"
    label = "credits"
