from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roundtable.core"
    label = "core"
