"""The CRediT roles (ANSI/NISO Z39.104-2022) and our own contribution types for lived-experience partners.

Pure data, no models: the migration and ``services.contribution_types_sync`` both read it.
Each type maps to the CRediT roles it counts as, where one applies, and names the
All Contributors keyword it was inspired by.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CREDIT_BASE = "https://credit.niso.org/contributor-roles/"

# slug -> the role's name as CRediT writes it (not translated: it is a standard's label).
CREDIT_ROLES: dict[str, str] = {
    "conceptualization": "Conceptualization",
    "data-curation": "Data curation",
    "formal-analysis": "Formal analysis",
    "funding-acquisition": "Funding acquisition",
    "investigation": "Investigation",
    "methodology": "Methodology",
    "project-administration": "Project administration",
    "resources": "Resources",
    "software": "Software",
    "supervision": "Supervision",
    "validation": "Validation",
    "visualization": "Visualization",
    "writing-original-draft": "Writing – original draft",
    "writing-review-editing": "Writing – review & editing",
}


def credit_uri(slug: str) -> str:
    return f"{CREDIT_BASE}{slug}/"


# (slug, name, what it means, CRediT role slugs, All Contributors keyword)
TYPES: list[tuple[str, object, object, list[str], str]] = [
    (
        "lived_experience",
        _("Lived experience"),
        _("Shared what life is really like, so the work fits real lives."),
        ["conceptualization"],
        "ideas",
    ),
    (
        "ideas",
        _("Ideas and planning"),
        _("Came up with ideas or helped plan the work."),
        ["conceptualization"],
        "ideas",
    ),
    (
        "reviewing",
        _("Reading and checking"),
        _("Read drafts and said what to change."),
        ["writing-review-editing"],
        "review",
    ),
    (
        "co_writing",
        _("Writing together"),
        _("Wrote part of a paper, report or leaflet."),
        ["writing-original-draft", "writing-review-editing"],
        "content",
    ),
    ("design", _("Design"), _("Helped design a service, a form or how something looks."), ["methodology"], "design"),
    (
        "user_testing",
        _("Trying things out"),
        _("Tried a service or form and told us what did not work."),
        ["validation"],
        "userTesting",
    ),
    (
        "events",
        _("Running events"),
        _("Helped run or plan a meeting or an event."),
        ["project-administration"],
        "eventOrganizing",
    ),
    ("translation", _("Translation"), _("Put words into another language."), [], "translation"),
    (
        "accessibility",
        _("Making things easy to use"),
        _("Helped make things easy to read and use for everyone."),
        [],
        "a11y",
    ),
    (
        "research",
        _("Research"),
        _("Helped collect or look at data, such as running a survey."),
        ["investigation", "formal-analysis"],
        "research",
    ),
    ("promotion", _("Talks and spreading the word"), _("Gave a talk or told others about the work."), [], "talk"),
    (
        "governance",
        _("Steering group"),
        _("Helped make decisions on a steering group or board."),
        ["supervision"],
        "projectManagement",
    ),
    ("mentoring", _("Mentoring"), _("Helped and guided other people taking part."), ["supervision"], "mentoring"),
    ("other", _("Other help"), _("Any other help with the work."), [], ""),
]
