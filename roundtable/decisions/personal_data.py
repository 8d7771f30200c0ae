"""The decisions app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

Only named votes are exported: an anonymous ballot (``Ballot``) has no link to anyone, so nobody can
find it, the voter included. ``HasVoted`` says only that they took part.
"""

from roundtable.lib.personal_data import ANONYMISE, NOTHING, Entry, register

register(
    Entry("decisions.Proposal", actors=("created_by", "closed_by"), erase=NOTHING),
    Entry(
        "decisions.Vote",
        person=("person",),
        actors=("taken_by",),
        export="votes",
        fields=("proposal__question", "side", "choice", "reason", "channel", "created_at"),
        erase=ANONYMISE,  # still counted, by "a former member"
        clear={"reason": ""},
        words="How you voted where votes are named",
    ),
    Entry(
        "decisions.HasVoted",
        person=("person",),
        actors=("taken_by",),
        export="decisions_you_took_part_in",
        fields=("proposal__question", "side", "channel", "created_at"),
        erase=ANONYMISE,
        words="Decisions you voted in (not how, where votes were secret)",
    ),
    Entry("decisions.RoundTable", actors=("started_by",), erase=NOTHING),
    Entry(
        "decisions.Turn",
        person=("user",),
        actors=("recorded_by",),
        export="round_table_turns",
        fields=("round_table__meeting__title", "role", "outcome", "recorded_at"),
        erase=ANONYMISE,
        words="Your turns to speak in round-table discussions",
    ),
)
