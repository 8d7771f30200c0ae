from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "roundtable.ui"
    label = "ui"
