"""What a board page shows beside its notes, read in one hand-written statement.

For one page of notes the board shows which of them the viewer gave a dot to, the themes suggested for
each, the "you said, we did" answers linked to each note or its theme and, for organisers, how many open
reports each has. Built with the ORM that was four querysets, each costing more to build and compile than
to run (issue 19); here it is one ``UNION ALL`` with the table and column names taken from the models
(``lib.rawsql.Table``) and every value a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from roundtable.feedback.models import NoteReport, Response, ResponseLink, ThemeSuggestion, Vote
from roundtable.lib.rawsql import Table


@dataclass
class NoteExtras:
    """``voted``: note ids the viewer gave a dot to (on the whole board); ``suggestions``: note id to its
    waiting suggestions as (suggestion id, theme id), oldest first; ``note_answers`` and ``theme_answers``:
    note or theme id to the responses linked to it as (response id, title), in the order they were linked;
    ``reports``: note id to its open reports (counted only when asked)."""

    voted: set[int] = field(default_factory=set)
    suggestions: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    note_answers: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    theme_answers: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    reports: dict[int, int] = field(default_factory=dict)


# The selects, each of the same five columns (kind, key, id, a number, a title). ``{{ids}}`` and ``{{themes}}`` are
# left for the placeholders of the page's note and theme ids.
_SELECTS = {
    "vote": "SELECT 'vote', v.{v.note}, v.{v.id}, 0, '' FROM {v} v WHERE v.{v.board} = %s AND v.{v.voter} = %s",
    "suggestion": (
        "SELECT 'suggestion', s.{s.note}, s.{s.id}, s.{s.theme}, '' FROM {s} s "
        "WHERE s.{s.note} IN ({{ids}}) AND s.{s.status} = %s"
    ),
    "note_answer": (
        "SELECT 'note_answer', k.{k.note}, k.{k.id}, r.{r.id}, r.{r.title} FROM {k} k "
        "JOIN {r} r ON r.{r.id} = k.{k.response} WHERE k.{k.note} IN ({{ids}})"
    ),
    "theme_answer": (
        "SELECT 'theme_answer', k.{k.theme}, k.{k.id}, r.{r.id}, r.{r.title} FROM {k} k "
        "JOIN {r} r ON r.{r.id} = k.{k.response} WHERE k.{k.theme} IN ({{themes}})"
    ),
    "report": (
        "SELECT 'report', p.{p.note}, 0, COUNT(*), '' FROM {p} p "
        "WHERE p.{p.dealt_with_at} IS NULL AND p.{p.note} IN ({{ids}}) GROUP BY p.{p.note}"
    ),
}


@lru_cache(maxsize=4)
def _parts(vendor: str) -> dict[str, str]:
    """``_SELECTS`` with this database's names (``vendor`` keys the cache)."""
    names = {"v": Table(Vote), "s": Table(ThemeSuggestion), "k": Table(ResponseLink), "r": Table(Response),
             "p": Table(NoteReport)}  # fmt: skip
    return {kind: sql.format(**names) for kind, sql in _SELECTS.items()}


def note_extras(
    *, board_id: int, viewer_id: int | None, note_ids: list[int], theme_ids: set[int], reports: bool
) -> NoteExtras:
    """The viewer's dots (``viewer_id`` None: not read, as on an anonymous board), suggestions, answers and
    (``reports``) open reports for these notes, in one query; none when there is nothing to ask."""
    parts = _parts(connection.vendor)
    ids = ", ".join(["%s"] * len(note_ids))
    selects: list[str] = []
    params: list = []
    if viewer_id is not None:
        selects.append(parts["vote"])
        params += [board_id, viewer_id]
    if note_ids:
        selects.append(parts["suggestion"].format(ids=ids))
        params += [*note_ids, ThemeSuggestion.Status.WAITING.value]
        selects.append(parts["note_answer"].format(ids=ids))
        params += note_ids
        if reports:
            selects.append(parts["report"].format(ids=ids))
            params += note_ids
    if theme_ids:
        themes = sorted(theme_ids)
        selects.append(parts["theme_answer"].format(themes=", ".join(["%s"] * len(themes))))
        params += themes
    extras = NoteExtras()
    if not selects:
        return extras
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        found = sorted(cursor.fetchall(), key=lambda row: (row[0], row[2]))  # by kind, then in id order
    for kind, key, _id, number, title in found:
        if kind == "vote":
            extras.voted.add(key)
        elif kind == "suggestion":
            extras.suggestions.setdefault(key, []).append((_id, number))
        elif kind == "note_answer":
            extras.note_answers.setdefault(key, []).append((number, title))
        elif kind == "theme_answer":
            extras.theme_answers.setdefault(key, []).append((number, title))
        else:
            extras.reports[key] = number
    return extras
