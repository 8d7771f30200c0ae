"""The accounts app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

The user row itself is not erased by an entry: ``yourdata`` makes it "a former member" (no name, no
email, no password), because payments and their ledger point to it and must stay.
"""

from roundtable.lib.personal_data import DELETE, NOTHING, Entry, register

register(
    Entry(
        "accounts.User",
        person=("id",),
        actors=("added_by",),
        export="profile",
        fields=("id", "email", "full_name", "known_as", "date_joined", "last_login", "uses_web", "added_by__full_name"),
        erase=NOTHING,  # made into a former member by yourdata.erasure
        words="Your name, email and when you joined",
        not_a_person=("email", "full_name"),
    ),
    Entry(
        "accounts.CommunicationProfile",
        person=("user",),
        export="communication_profile",
        fields=(
            "channels",
            "phone",
            "postal_address",
            "contact_days",
            "contact_from",
            "contact_until",
            "language",
            "formats",
            "access_needs",
            "meeting_days",
            "meeting_from",
            "meeting_until",
            "avoid_school_holidays",
            "caring_notes",
            "notice_days",
            "helper_name",
            "helper_contact",
            "helper_gets_copies",
            "naming",
            "pseudonym",
            "updated_at",
            "updated_by_proxy",
        ),
        erase=DELETE,
        words="How you like to be contacted, your access needs and caring commitments",
    ),
)
