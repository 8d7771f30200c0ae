"""Feedback's own five kinds of input as hand-written SQL, for the "waiting for an answer" page.

The page counts, for every kind, what nobody has answered after 14 days, then reads one kind's figures
and one page of its rows. Built with the ORM, those counts (a subquery a kind, each with a ``NOT IN`` of
the linked ids) cost several times more to build and compile than to run (issue 19), so feedback's own
kinds are written here as SQL, with the table and column names taken from the models (``lib.sql.Table``)
and every value a parameter. They mean exactly what ``selectors._inputs`` and ``selectors._not_answered``
mean (the tests check both on the same rows); kinds registered by other apps (feedback/inputs.py) stay
querysets, compiled and put into the same statement.

Each fragment is ``(sql, params)`` with ``%s`` placeholders, so compiled querysets can sit beside them.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import connection
from django.db.models import QuerySet

from roundtable.feedback.models import Barrier, CheckInAnswer, Feedback, Note, ResponseLink, Theme
from roundtable.lib.sql import Table, moment

OWN_KINDS = ("barrier", "note", "theme", "answer", "feedback")  # the order of selectors._inputs
_MODELS = {"barrier": Barrier, "note": Note, "theme": Theme, "answer": CheckInAnswer, "feedback": Feedback}

Fragment = tuple[str, list | tuple]


@lru_cache(maxsize=8)
def _sql(vendor: str, kind: str) -> tuple[str, str]:
    """(rows, waiting) for ``kind`` on this database (``vendor`` keys the cache).

    rows: ``FROM <table> t WHERE`` the project's rows of this kind (params: project, then the theme status);
    waiting: the condition that no response links the row (and, for a barrier, that it is still open)
    (params: project, then the barrier status).
    """
    t, link = Table(_MODELS[kind]), Table(ResponseLink)
    column = getattr(link, kind)
    rows = f"FROM {t} t WHERE t.{t.project} = %s"
    if kind == "note":
        rows += f" AND t.{t.hidden_at} IS NULL"
    elif kind == "theme":
        rows += f" AND t.{t.status} = %s"
    elif kind == "answer":
        rows += f" AND NOT (t.{t.feeling_text} = '' AND t.{t.change_text} = '')"
    waiting = (
        f"t.{t.id} NOT IN (SELECT l.{column} FROM {link} l WHERE l.{link.project} = %s AND l.{column} IS NOT NULL)"
    )
    if kind == "barrier":
        waiting += f" AND t.{t.status} = %s"
    return rows, waiting


def _parts(kind: str, project_id: int) -> tuple[Fragment, Fragment]:
    rows, waiting = _sql(connection.vendor, kind)
    rows_params = [project_id, Theme.Status.CONFIRMED.value] if kind == "theme" else [project_id]
    waiting_params = [project_id, Barrier.Status.OPEN.value] if kind == "barrier" else [project_id]
    return (rows, rows_params), (waiting, waiting_params)


def late_count(kind: str, project_id: int, cutoff: dt.datetime) -> Fragment:
    """A scalar subquery: how many of the project's rows of ``kind`` wait unanswered since before ``cutoff``."""
    (rows, rows_params), (waiting, waiting_params) = _parts(kind, project_id)
    created = Table(_MODELS[kind]).created_at
    return (
        f"(SELECT COUNT(*) {rows} AND {waiting} AND t.{created} < %s)",
        [*rows_params, *waiting_params, moment(cutoff)],
    )


def compiled(qs: QuerySet) -> Fragment:
    """A queryset as SQL and its params (a tuple, so that a kept fragment cannot change)."""
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    return sql, tuple(params)


def late_count_of(rows: Fragment, cutoff: dt.datetime) -> Fragment:
    """A scalar subquery: how many of ``rows`` (SQL selecting one column, ``created_at``) are from before
    ``cutoff``."""
    sql, params = rows
    return f"(SELECT COUNT(*) FROM ({sql}) w WHERE w.created_at < %s)", [*params, moment(cutoff)]


def select_one(columns: list[Fragment]) -> tuple:
    """One row of these scalar subqueries, in one statement."""
    sql = "SELECT " + ", ".join(part for part, _params in columns)
    params = [value for _part, values in columns for value in values]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def figures(kind: str, project_id: int) -> tuple[int, int]:
    """(total, answered) of the project's rows of ``kind``: answered is every row no longer waiting."""
    (rows, rows_params), (waiting, waiting_params) = _parts(kind, project_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(CASE WHEN NOT ({waiting}) THEN 1 END) {rows}", [*waiting_params, *rows_params]
        )
        total, answered = cursor.fetchone()
    return total or 0, answered or 0


def page_ids(kind: str, project_id: int, cutoff: dt.datetime, *, offset: int, limit: int) -> Fragment:
    """The ids of one page of the rows of ``kind`` waiting since before ``cutoff``, oldest first, as SQL for
    ``pk__in=RawSQL(...)``."""
    (rows, rows_params), (waiting, waiting_params) = _parts(kind, project_id)
    t = Table(_MODELS[kind])
    return (
        f"SELECT t.{t.id} {rows} AND {waiting} AND t.{t.created_at} < %s ORDER BY t.{t.created_at}, t.{t.id} "
        "LIMIT %s OFFSET %s",
        [*rows_params, *waiting_params, moment(cutoff), limit, offset],
    )


def model_of(kind: str):
    """The model of one of feedback's own kinds."""
    return _MODELS[kind]
