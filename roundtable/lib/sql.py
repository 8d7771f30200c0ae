"""Names for hand-written SQL, taken from the models, so a hot read can be one statement without the ORM.

Building and compiling a queryset costs more than running it on the busiest pages (issue 19). A page's
hottest read may then be written as SQL, with every table and column name taken from the models
(``Table``) and every value passed as a parameter, never written into the text.

    note = Table(Note)
    f"SELECT COUNT(*) FROM {note} n WHERE n.{note.project} = %s"   # "feedback_note", "project_id", quoted
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Field


class Table:
    """A model's table: ``str(table)`` is its quoted table name, ``table.project`` the quoted column of its
    field ``project`` (``id`` for the primary key)."""

    def __init__(self, model) -> None:
        self._model = model

    def __str__(self) -> str:
        return connection.ops.quote_name(self._model._meta.db_table)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        field = self._model._meta.get_field(name)
        assert isinstance(field, Field) and field.column
        return connection.ops.quote_name(field.column)


def moment(value: dt.datetime):
    """An aware datetime as a parameter for a ``DateTimeField`` column, as the ORM would pass it."""
    return connection.ops.adapt_datetimefield_value(value)
