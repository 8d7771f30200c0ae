"""Feedback's own five kinds of input as hand-written SQL, for the "waiting for an answer" page.

The page counts, for every kind, what nobody has answered after 14 days, then reads one kind's figures
and one page of its rows. Built with the ORM, those counts (a subquery a kind, each with a ``NOT IN`` of
the linked ids) cost several times more to build and compile than to run (issue 19), so feedback's own
kinds are written here as SQL, with the table and column names taken from the models (``lib.rawsql.Table``)
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
from django.db.models.expressions import RawSQL

from roundtable.feedback.models import Barrier, CheckInAnswer, Feedback, Note, ResponseLink, Theme
from roundtable.lib.rawsql import Table, moment

OWN_KINDS = ("barrier", "note", "theme", "answer", "feedback")  # the order of selectors._inputs
_MODELS = {"barrier": Barrier, "note": Note, "theme": Theme, "answer": CheckInAnswer, "feedback": Feedback}

Fragment = tuple[str, list | tuple]


_ROWS = "FROM {t} t WHERE t.{t.project} = %s"
_EXTRA = {
    "note": " AND t.{t.hidden_at} IS NULL",
    "theme": " AND t.{t.status} = %s",
    "answer": " AND NOT (t.{t.feeling_text} = '' AND t.{t.change_text} = '')",
}
_WAITING = "t.{t.id} NOT IN (SELECT l.{column} FROM {link} l WHERE l.{link.project} = %s AND l.{column} IS NOT NULL)"
_STILL_OPEN = " AND t.{t.status} = %s"


@lru_cache(maxsize=8)
def _sql(vendor: str, kind: str) -> tuple[str, str]:
    """(rows, waiting) for ``kind`` on this database (``vendor`` keys the cache).

    rows: ``FROM <table> t WHERE`` the project's rows of this kind (params: project, then the theme status);
    waiting: the condition that no response links the row (and, for a barrier, that it is still open)
    (params: project, then the barrier status).
    """
    t, link = Table(_MODELS[kind]), Table(ResponseLink)
    rows = (_ROWS + _EXTRA.get(kind, "")).format(t=t)
    waiting = (_WAITING + (_STILL_OPEN if kind == "barrier" else "")).format(t=t, link=link, column=getattr(link, kind))
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
        "(SELECT COUNT(*) " + rows + " AND " + waiting + " AND t." + created + " < %s)",
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
    counted = "(SELECT COUNT(*) FROM (" + sql + ") w WHERE w.created_at < %s)"  # noqa: S608 - compiled by the ORM
    return counted, [*params, moment(cutoff)]


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
            "SELECT COUNT(*), COUNT(CASE WHEN NOT (" + waiting + ") THEN 1 END) " + rows,
            [*waiting_params, *rows_params],
        )
        total, answered = cursor.fetchone()
    return total or 0, answered or 0


def page_ids(kind: str, project_id: int, cutoff: dt.datetime, *, offset: int, limit: int) -> Fragment:
    """The ids of one page of the rows of ``kind`` waiting since before ``cutoff``, oldest first, as SQL for
    ``pk__in=RawSQL(...)``."""
    (rows, rows_params), (waiting, waiting_params) = _parts(kind, project_id)
    t = Table(_MODELS[kind])
    where = f"{rows} AND {waiting} AND t.{t.created_at} < %s"
    sql = f"SELECT t.{t.id} {where} ORDER BY t.{t.created_at}, t.{t.id} LIMIT %s OFFSET %s"  # noqa: S608 - model names
    return sql, [*rows_params, *waiting_params, moment(cutoff), limit, offset]


def page_rows(kind: str, project_id: int, cutoff: dt.datetime, *, offset: int, limit: int, related: tuple[str, ...]):
    """One page of the rows of ``kind`` waiting since before ``cutoff``, oldest first, as model instances with
    ``related`` joined (a queryset; the page's ids are chosen by ``page_ids``)."""
    ids = RawSQL(*page_ids(kind, project_id, cutoff, offset=offset, limit=limit))  # noqa: S611 - names from the models
    return _MODELS[kind]._default_manager.filter(pk__in=ids).select_related(*related).order_by("created_at", "id")
