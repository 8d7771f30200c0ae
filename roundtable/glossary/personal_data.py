"""The glossary app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md)."""

from roundtable.lib.personal_data import DELETE, NOTHING, Entry, register

register(
    Entry("glossary.OrganisationTerm", actors=("created_by",), erase=NOTHING),
    Entry("glossary.WritingPolicy", actors=("updated_by",), erase=NOTHING),
    Entry("glossary.GlossaryEntry", actors=("created_by",), erase=NOTHING),
    Entry(
        "glossary.TermQuestion",
        person=("asked_by",),
        actors=("answered_by",),
        export="words_you_asked_about",
        fields=("project__title", "term", "where_seen", "status", "created_at", "answered_at"),
        erase=DELETE,
        words="Words you asked the meaning of",
    ),
)
