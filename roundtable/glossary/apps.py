from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "roundtable.glossary"
    label = "glossary"

    def ready(self) -> None:
        # Editors in lower apps (projects) offer "Check my writing" through this hook, never by importing glossary.
        from roundtable.glossary.writing import WritingCheck
        from roundtable.lib.writing import register_writing_check

        register_writing_check(WritingCheck)

        # Pages in lower apps explain the organisation's and project's words (ui's {% explain_terms %}).
        from roundtable.glossary.selectors import display_terms
        from roundtable.lib.writing import register_project_terms

        register_project_terms(display_terms)
