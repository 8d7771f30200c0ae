"""Reads for "your data": a person's requests, and the plain summary of what goes and what stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.lib.personal_data import ANONYMISE, DELETE, KEEP, entries
from roundtable.yourdata.models import DataRequest
from roundtable.yourdata.retention import retention_days

if TYPE_CHECKING:
    from roundtable.accounts.models import User

RECENT_REQUESTS = 5


def proxy_person_panel(*, project, access, person, user) -> dict | None:
    """The link to "delete their account, on their request" on the page of ``person`` (added by proxy):
    only for an admin of the project's organisation (``access.roles``, no query), as the page it leads to
    allows (``permissions.require_proxy_person``); None hides it from everyone else."""
    from roundtable.projects.models import StaffRole

    if StaffRole.ADMIN not in access.roles or person.uses_web or person.pk == user.pk:
        return None
    return {"person": person}


def requests_for(person: User) -> list[DataRequest]:
    """Their latest requests, newest first (1 query)."""
    return list(DataRequest.objects.filter(person=person)[:RECENT_REQUESTS])


def what_goes_and_stays() -> dict[str, list[str]]:
    """Plain words from the plan: ``goes`` (deleted), ``stays_unnamed`` (kept without their name) and
    ``kept_by_law`` (kept for a period a rule sets, with that period in years). No queries."""
    goes: list[str] = []
    unnamed: list[str] = []
    law: list[str] = []
    for entry in entries():
        if not entry.words or not entry.export:
            continue
        if entry.erase == DELETE:
            goes.append(entry.words)
        elif entry.erase == ANONYMISE:
            unnamed.append(entry.words)
        elif entry.erase == KEEP:
            years = retention_days(entry.retention) // 365
            law.append(f"{entry.words} ({years} years)")
    return {"goes": goes, "stays_unnamed": unnamed, "kept_by_law": law}
