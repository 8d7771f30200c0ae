"""Kinds of input that apps above feedback add to "you said, we did" and to the health check.

Feedback knows five kinds of its own (``models.INPUT_KINDS``: board notes, themes, the feedback form and
named replies, check-in answers, barriers), each a foreign key on ``ResponseLink``. Things people say
elsewhere (a topic or a reply in the project conversation, issue 17) live in apps above feedback, which
must not be imported here. So such an app registers an ``InputKind`` from its ``AppConfig.ready``; a
response links to one of its rows by ``ResponseLink.input_kind`` (the key) and ``ResponseLink.input_id``.

Every reader of inputs (the "waiting for an answer" page, writing a response, the "you said, we did" list,
``selectors.listening_measures`` and the health check's sign 2) asks ``input_kinds()`` and treats each
registered kind like its own: one query a kind, whatever the number of rows.

With nothing registered (feedback's own tests), the five kinds work as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

KEY_LIMIT = 20


@dataclass(frozen=True)
class InputKind:
    """One kind of thing people tell us, kept by an app above feedback.

    * ``key``: a short slug (at most 20 characters), stored on ``ResponseLink.input_kind`` and used in
      form values (``"<key>:<id>"``); never one of feedback's own kinds.
    * ``heading``: what a group of them is called on the pages ("Conversation topics").
    * ``rows(project, as_of)``: a queryset of the project's rows that count as inputs as at ``as_of`` (an
      aware UTC datetime; ``None`` means now). Each row has ``pk`` and ``created_at``. The query may use
      only the project's ``pk`` and ``organisation_id`` (the "waiting for an answer" page compiles it once per
      kind and project and keeps the SQL; any rows it reads are read when it runs).
    * ``answered_here(project, as_of)``: ``None``, or an expression to annotate on ``rows`` giving when the
      row was first answered where it was said (an organiser's reply in the conversation), by ``as_of``
      (``None``: ever), or NULL. An input is answered by the earlier of that and its first linked response.
    * ``author(row)``: the person to tell when a response links their words, or ``None``. No query when
      ``rows`` selects the author (``select_related``).
    * ``label(row)``: (the words, what they are) for an organiser, e.g. ("Can we meet later?", "reply in
      the topic Meeting times").
    * ``shown(row, is_organiser)``: the line on the "you said, we did" list, for members or organisers.
    """

    key: str
    heading: Any
    rows: Callable[[Any, dt.datetime | None], QuerySet]
    author: Callable[[Any], Any]
    label: Callable[[Any], tuple[str, str]]
    shown: Callable[[Any, bool], str]
    answered_here: Callable[[Any, dt.datetime | None], Any] | None = None  # an expression (a Subquery)


_KINDS: dict[str, InputKind] = {}


def register_input_kind(kind: InputKind) -> InputKind:
    """Add a kind of input (from an ``AppConfig.ready``). Registering the same key again replaces it.

    Raises ``ValueError`` for a key that is one of feedback's own kinds or longer than 20 characters.
    """
    from roundtable.feedback.models import INPUT_KINDS

    if kind.key in INPUT_KINDS or len(kind.key) > KEY_LIMIT or not kind.key.isidentifier():
        raise ValueError(f"Input kind {kind.key!r} clashes with feedback's own or is not a short slug.")
    _KINDS[kind.key] = kind
    return kind


def unregister_input_kind(key: str) -> None:
    """Remove a kind (tests that check feedback alone)."""
    _KINDS.pop(key, None)


def input_kinds() -> list[InputKind]:
    """Every registered kind, in the order registered."""
    return list(_KINDS.values())


def input_kind(key: str) -> InputKind | None:
    """The registered kind with this key, or None."""
    return _KINDS.get(key)
