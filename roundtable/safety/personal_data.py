"""The safety app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

Ground rules belong to the project that agreed them; who suggested or agreed one only records who acted.
A report of a broken rule is the reporter's and goes with their account.
"""

from roundtable.lib.personal_data import DELETE, NOTHING, Entry, register

register(
    Entry("safety.GroundRule", actors=("proposed_by", "agreed_by"), erase=NOTHING),
    Entry(
        "safety.BreachReport",
        person=("reporter",),
        export="ground_rule_reports",
        fields=("project__title", "what_happened", "created_at", "handled_at"),
        erase=DELETE,
        words="Reports you made that a ground rule was broken",
    ),
)
