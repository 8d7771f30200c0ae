"""The feedback app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

Notes on anonymous boards and the anonymous form hold no link to anyone, so they are never in a
download and erasure cannot find them (their retention period clears them).
"""

from roundtable.lib.personal_data import ANONYMISE, DELETE, NOTHING, Entry, register

register(
    Entry(
        "feedback.Barrier",
        person=("raised_by",),
        actors=("owner",),
        export="barriers",
        fields=("id", "project__title", "category", "description", "status", "response", "created_at", "closed_at"),
        erase=ANONYMISE,
        clear={"raised_by": None},
        words="Barriers you raised and what was done about them",
    ),
    Entry("feedback.Board", actors=("created_by",), erase=NOTHING),
    Entry(
        "feedback.Note",
        person=("author",),
        actors=("hidden_by",),
        export="notes",
        fields=("id", "project__title", "board__title", "text", "created_at", "hidden_at"),
        erase=ANONYMISE,
        clear={"author": None},
        words="Notes you put on boards with your name",
    ),
    Entry(
        "feedback.Vote",
        person=("voter",),
        export="note_votes",
        fields=("note_id", "board__title", "created_at"),
        words="Dots you gave to notes",
    ),
    Entry("feedback.DotAllowance", person=("voter",), erase=DELETE),
    Entry("feedback.ThemeSuggestion", actors=("suggested_by",), erase=NOTHING),
    Entry(
        "feedback.NoteReport",
        person=("reporter",),
        export="notes_reported",
        fields=("note_id", "reason", "created_at"),
        words="Notes you reported",
    ),
    Entry("feedback.CheckIn", actors=("created_by",), erase=NOTHING),
    Entry(
        "feedback.CheckInAnswer",
        person=("person",),
        actors=("recorded_by",),
        export="check_in_answers",
        fields=(
            "check_in__meeting__title",
            "heard",
            "papers_in_time",
            "valued",
            "feeling",
            "voice_changed",
            "enough_ways",
            "what_matters",
            "organisation_changed",
            "feeling_text",
            "change_text",
            "by_proxy",
            "created_at",
        ),
        erase=DELETE,
        words="Your answers after meetings",
    ),
    Entry("feedback.Response", actors=("created_by",), erase=NOTHING),
    Entry(
        "feedback.Feedback",
        person=("author",),
        actors=("entered_by",),
        only=lambda rows: rows.exclude(author=None),  # the anonymous form's rows have no author
        export="replies_as_feedback",
        fields=("id", "project__title", "about_label", "text", "channel", "by_proxy", "created_at"),
        erase=DELETE,
        words="Your replies to messages, kept as feedback for the project",
    ),
)
