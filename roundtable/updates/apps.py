from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "roundtable.updates"
    label = "updates"
