"""The plan of personal data: for every model that points to a person, how it is exported and erased.

Each app says this about its own models in ``roundtable/<app>/personal_data.py``, which only imports
this module (so any app, however low, can do it)::

    from roundtable.lib.personal_data import DELETE, Entry, register

    register(
        Entry(
            "feedback.Barrier",
            person=("raised_by",),        # the links that make a row *about* this person
            actors=("owner",),            # links that only say who did something (no action needed)
            export="barriers",            # the JSON file in their download (empty: not exported)
            fields=("id", "project_id", "title", "text", "status", "created_at"),
            erase=DELETE,
            words="Barriers you raised",  # plain words for their summary page
        )
    )

``roundtable.yourdata`` imports every app's ``personal_data`` module when it starts
(``autodiscover``), builds the download from these entries and carries out erasure by them. Its test
walks every model and fails when a link to a person (a foreign key to the user, or a field named for a
name, email, phone or address) is not named by an entry. See docs/your-data.md.

What ``erase`` means, after the person's own user row is made into "a former member" (kept, because
payments and their ledger point to it and must stay):

* ``DELETE``: the rows about them are deleted (and what cascades from them).
* ``ANONYMISE``: the rows stay; ``clear`` sets the named fields to the given values.
* ``KEEP``: kept because a rule says so (``retention`` names the setting in ``RETENTION`` with its
  source); ``clear`` removes their name and contact details from the rows.
* ``NOTHING``: the person link only records who did something (or the row is an organisation's, not a
  person's); the former-member row keeps it from naming anyone.

After the entries, every text column in the database is searched for the person's name, email, phone
and address and each is replaced by "a former member" (their words in other people's messages, notes,
audit summaries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DELETE = "delete"
ANONYMISE = "anonymise"
KEEP = "keep"
NOTHING = "nothing"
ERASE_CHOICES = (DELETE, ANONYMISE, KEEP, NOTHING)


@dataclass(frozen=True)
class Entry:
    """How one model's rows about a person are exported and erased.

    ``model`` is ``"app_label.ModelName"``. ``person`` names the foreign keys to the user that make a
    row about them (exported, erased); ``actors`` the ones that only record who acted (kept; they point
    at the former-member row after erasure). ``match_email`` names email fields that find rows about
    someone without a link (an invitation sent to their address). ``export`` is the JSON file's name
    (``"claims"`` gives ``claims.json``); rows of several entries may share a file only if they share
    ``fields``. ``fields`` are read with ``QuerySet.values`` (``project_id``, ``project__name`` ...).
    ``files`` names file fields copied into the zip. ``only`` narrows the rows exported and erased
    (a callable taking the queryset and returning it filtered: "not anonymous ballots"). ``clear``
    maps a field to the value it gets under ANONYMISE and KEEP. ``personal_text`` names the text fields
    that hold the person's details in an organisation's model (``NOTHING`` entries without a person).
    """

    model: str
    person: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    match_email: tuple[str, ...] = ()
    export: str = ""
    fields: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    only: Callable[[Any], Any] | None = None
    erase: str = DELETE
    clear: dict[str, Any] = field(default_factory=dict)
    retention: str = ""
    words: str = ""
    not_a_person: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if "." not in self.model:
            raise ValueError(f"An entry names its model as 'app.Model', not {self.model!r}")
        if self.erase not in ERASE_CHOICES:
            raise ValueError(f"{self.model}: erase must be one of {ERASE_CHOICES}, not {self.erase!r}")
        if self.erase == KEEP and not self.retention:
            raise ValueError(f"{self.model}: a KEEP entry names its retention setting (RETENTION key)")
        if self.export and not self.fields:
            raise ValueError(f"{self.model}: an exported entry lists its fields")

    @property
    def links(self) -> tuple[str, ...]:
        """Every field this entry accounts for."""
        return (*self.person, *self.actors, *self.match_email, *self.clear, *self.not_a_person)


_ENTRIES: list[Entry] = []


def register(*entries: Entry) -> None:
    """Add entries to the plan (replacing an earlier entry for the same model and person links)."""
    for entry in entries:
        _ENTRIES[:] = [
            e for e in _ENTRIES if (e.model, e.person, e.match_email) != (entry.model, entry.person, entry.match_email)
        ]
        _ENTRIES.append(entry)


def entries() -> list[Entry]:
    """Every registered entry, in the order registered (apps lowest first)."""
    return list(_ENTRIES)


def entries_for(model_label: str) -> list[Entry]:
    """The entries for one model (``"payments.Claim"``)."""
    return [e for e in _ENTRIES if e.model == model_label]
