"""The projects app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md)."""

from roundtable.lib.personal_data import ANONYMISE, DELETE, NOTHING, Entry, register

register(
    Entry(
        "projects.Organisation",
        erase=NOTHING,
        not_a_person=("name", "postal_address", "phone"),  # the organisation's own contact details
    ),
    Entry(
        "projects.StaffMembership",
        person=("user",),
        export="staff_roles",
        fields=("organisation__name", "role", "created_at"),
        words="Your staff roles in organisations",
    ),
    Entry(
        "projects.Project",
        actors=("created_by", "contact"),
        erase=NOTHING,
        not_a_person=("phone", "postal_address"),  # the project's contact details for letters
    ),
    Entry(
        "projects.Membership",
        person=("user",),
        actors=("added_by",),
        export="memberships",
        fields=(
            "project_id",
            "project__title",
            "role",
            "status",
            "shared_sections",
            "sharing_chosen_at",
            "joined_at",
            "left_at",
            "leave_reason",
            "added_by_proxy",
        ),
        erase=ANONYMISE,
        clear={"status": "left", "shared_sections": [], "leave_reason": ""},
        words="The projects you joined and what you chose to share with each",
    ),
    Entry(
        "projects.Invitation",
        person=("accepted_by",),
        actors=("invited_by",),
        match_email=("email",),
        export="invitations",
        fields=("project__title", "organisation__name", "email", "name", "personal_note", "status", "created_at"),
        erase=DELETE,
        words="Invitations sent to you",
        not_a_person=("name",),
    ),
    Entry(
        "projects.Interest",
        match_email=("email",),
        export="interest_shown",
        fields=("project__title", "name", "email", "message", "status", "created_at"),
        erase=DELETE,
        words="Projects you said you were interested in",
        not_a_person=("name",),
    ),
    Entry("projects.Announcement", actors=("author",), erase=NOTHING),
    Entry(
        "projects.SupportContact",
        not_a_person=("name", "phone", "email"),  # a support service's public contact details, not a member's
        erase=NOTHING,
    ),
)
