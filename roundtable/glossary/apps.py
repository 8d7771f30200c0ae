from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "roundtable.glossary"
    label = "glossary"

    def ready(self) -> None:
        # Editors in lower apps (projects) offer "Check my writing" through this hook, never by importing glossary.
        from roundtable.glossary.writing import WritingCheck
        from roundtable.lib.writing import register_writing_check

        register_writing_check(WritingCheck)
