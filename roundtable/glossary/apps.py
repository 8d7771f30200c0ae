from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "roundtable.glossary"
    label = "glossary"
