"""The updates app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md)."""

from roundtable.lib.personal_data import DELETE, NOTHING, Entry, register

register(
    Entry("updates.ProgressUpdate", actors=("author",), erase=NOTHING),
    Entry("updates.Outcome", actors=("author",), erase=NOTHING),
    Entry(
        "updates.OutcomeRecipient",
        person=("user",),
        export="outcomes_sent_to_you",
        fields=("outcome__title", "outcome__published_at", "member_status"),
        erase=DELETE,
        words="Project outcomes we told you about",
    ),
    Entry("updates.Nudge", actors=("organiser",), erase=NOTHING),
)
