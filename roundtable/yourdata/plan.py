"""Reading the plan of personal data: which rows of each model are about a person.

The plan itself is filled by each app's ``personal_data.py`` (see ``roundtable/lib/personal_data.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from roundtable.lib.personal_data import Entry, entries

if TYPE_CHECKING:
    from roundtable.accounts.models import User


def model_of(entry: Entry) -> type[Model]:
    """The model class an entry names. Raises ``LookupError`` for a model that does not exist."""
    return apps.get_model(entry.model)


def rows_about(entry: Entry, person: User) -> QuerySet | None:
    """The rows of ``entry``'s model about ``person`` (its person links, or its email fields matching
    theirs), narrowed by ``entry.only``; ``None`` when the entry has no way to find them."""
    condition = Q()
    for path in entry.person:
        condition |= Q(**{path: person.pk})
    if person.email:
        for name in entry.match_email:
            condition |= Q(**{f"{name}__iexact": person.email})
    if not condition:
        return None
    rows = model_of(entry)._default_manager.filter(condition)
    if entry.only is not None:
        rows = entry.only(rows)
    return rows


def exported() -> list[Entry]:
    """The entries that go into a download, in the plan's order."""
    return [e for e in entries() if e.export]


def export_files() -> dict[str, list[Entry]]:
    """JSON file name -> the entries whose rows it holds."""
    files: dict[str, list[Entry]] = {}
    for entry in exported():
        files.setdefault(entry.export, []).append(entry)
    return files
