"""The credits app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

Contributions stay after erasure (the project's record of who did the work), credited to "a former
member"; every output stops naming them (its credit's naming becomes anonymous, and its choice is
forgotten). Pages, statements and exports count them as former members, never as people who asked not to
be named (``User.is_former_member``).
"""

from roundtable.lib.personal_data import ANONYMISE, DELETE, NOTHING, Entry, register

register(
    Entry("credits.ContributionType", erase=NOTHING, not_a_person=("name",)),
    Entry(
        "credits.Contribution",
        person=("person",),
        actors=("created_by", "checked_by"),
        export="contributions",
        fields=("id", "project__title", "type__name", "degree", "date", "description", "hours", "status", "created_at"),
        erase=ANONYMISE,
        words="What you gave to each project",
    ),
    Entry(
        "credits.CreditProfile",
        person=("user",),
        export="credit_profile",
        fields=("orcid",),
        erase=DELETE,
        words="Your ORCID iD",
    ),
    Entry("credits.Output", actors=("created_by",), erase=NOTHING),
    Entry(
        "credits.OutputCredit",
        person=("person",),
        export="naming_choices",
        fields=("output__title", "output__kind", "naming", "pseudonym", "chosen_at"),
        erase=ANONYMISE,
        # Not named, and no longer "their choice": chosen_at goes too, so no page or export says they chose it.
        clear={"naming": "anonymous", "pseudonym": "", "chosen_at": None},
        words="How you chose to be named on each report, paper or output",
    ),
)
