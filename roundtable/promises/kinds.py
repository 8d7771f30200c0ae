"""Plain names for the kinds of act in the audit log (an action's first word, ``AuditEvent.kind``)."""

from __future__ import annotations

import functools

from django.utils.translation import get_language
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


@functools.cache
def _choices(language: str | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((k, str(v)) for k, v in KIND_NAMES.items()), key=lambda pair: pair[1]))


@functools.cache
def _names(language: str | None) -> dict[str, str]:
    return {k: str(v) for k, v in KIND_NAMES.items()}


def kind_choices() -> list[tuple[str, str]]:
    """(kind, plain name) for the filter, sorted by name, in the language in use. No query: the list is
    fixed here, and translated once per language (the audit page draws it on every read)."""
    return list(_choices(get_language()))


def kind_name(kind: str) -> str:
    """The plain name of a kind in the language in use; an unknown kind is shown as it is."""
    return _names(get_language()).get(kind, kind)
