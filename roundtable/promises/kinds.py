"""Plain names for the kinds of act in the audit log (an action's first word, ``AuditEvent.kind``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KIND_NAMES = {
    "organisation": _("Organisation"),
    "staff": _("Staff and roles"),
    "pay_rate": _("Pay rates"),
    "project": _("Projects"),
    "invitation": _("Invitations"),
    "membership": _("Members"),
    "person": _("People added"),
    "profile": _("Profiles"),
    "announcement": _("Announcements"),
    "meeting": _("Meetings"),
    "updates": _("Progress updates"),
    "outcome": _("Outcomes"),
    "payments": _("Payments"),
    "credits": _("Credit"),
    "decisions": _("Decisions"),
    "round_table": _("Round tables"),
    "barrier": _("Barriers"),
    "check_in": _("Check-ins"),
    "board": _("Boards"),
    "note": _("Notes"),
    "response": _("You said, we did"),
    "feedback_link": _("Feedback form"),
    "jargon": _("Word lists"),
    "glossary": _("Glossary"),
    "writing_policy": _("Writing rules"),
    "notifications": _("Messages and tasks"),
    "letter": _("Letters"),
    "report": _("Reports"),
    "privacy": _("Privacy notice"),
    "audit": _("Audit log"),
}


def kind_choices() -> list[tuple[str, str]]:
    """(kind, plain name) for the filter, sorted by name. No query: the list is fixed here."""
    return sorted(((k, str(v)) for k, v in KIND_NAMES.items()), key=lambda pair: pair[1])


def kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))
