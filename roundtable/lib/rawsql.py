"""Hand-written SQL for hot read paths, with every name taken from the models (issue 19).

Building and compiling an ORM queryset costs more than running it on the busiest pages (the project
page's selectors spent most of their time compiling SQL). Where a page reads the same shape on every
request, its selector may write the SELECT itself:

* ``Table(Model)`` gives the quoted table name (``{t}``) and the quoted column of a field (``{t.title}``),
  so only names from the models are written into the SQL; every value is a parameter.
* ``Columns(Model, alias, fields)`` gives the select list for one model under a table alias, and turns its
  part of a row back into a model instance exactly as the ORM would (the database's converters, deferred
  fields for those not read, ``None`` for a LEFT JOIN that found nothing).
* ``converter(Model, field)`` turns one column's value into its Python value (SQLite gives dates as text).
* ``moment(datetime)`` passes an aware datetime as a parameter for a ``DateTimeField`` column, as the ORM does.
* ``planned_for_its_values()`` keeps a read whose best plan depends on its values out of PostgreSQL's
  prepared statements (``DATABASE_PREPARED_STATEMENTS``), so it is planned for the values it has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Field, Model


class Table:
    """A model's table for hand-written SQL: ``str(table)`` is its quoted name, ``table.<field>`` the quoted
    column of that field (``table.project`` is the column of the foreign key ``project``)."""

    def __init__(self, model: type[Model]) -> None:
        self._model = model

    def __str__(self) -> str:
        return connection.ops.quote_name(self._model._meta.db_table)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # not a field: copy, pickle and hasattr() ask for these
            raise AttributeError(name)
        field = self._model._meta.get_field(name)
        assert isinstance(field, Field) and field.column
        return connection.ops.quote_name(field.column)


def converter(model: type[Model], name: str) -> Callable[[Any], Any]:
    """How the ORM turns a value of ``model``'s field ``name`` read from the database into Python (an aware
    datetime from SQLite's text, a bool from 0/1, JSON from text); the value itself when nothing is needed."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    column = field.get_col(model._meta.db_table)
    steps = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    if not steps:
        return _same

    def convert(value: Any) -> Any:
        for step in steps:
            value = step(value, column, connection)
        return value

    return convert


def _same(value: Any) -> Any:
    return value


def moment(value: dt.datetime) -> Any:
    """An aware datetime as a parameter for a ``DateTimeField`` column, as the ORM would pass it."""
    return connection.ops.adapt_datetimefield_value(value)


@contextmanager
def planned_for_its_values() -> Iterator[None]:
    """Run the queries inside without preparing them, so PostgreSQL plans each for the values it is given.

    With prepared statements on (settings: ``DATABASE_PREPARED_STATEMENTS``) a statement run often gets one
    generic plan, made for a typical value. A read whose best plan depends on how many rows its value matches
    (the needs of a person in 500 projects, a page of a project with 4,734 members) can then be far slower:
    "What needs you" took 221 ms with the generic plan at 100 times the data, and 2 ms planned for its
    values (issue 19, ``make bench-large``). No effect on SQLite or when statements are not prepared.
    """
    raw = connection.connection if connection.vendor == "postgresql" else None
    before = getattr(raw, "prepare_threshold", None)
    if raw is None or before is None:
        yield
        return
    raw.prepare_threshold = None  # psycopg prepares nothing while it is None
    try:
        yield
    finally:
        raw.prepare_threshold = before


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return field


class Columns:
    """One model's columns in a hand-written SELECT, read back into an instance.

    ``fields``: the field names read (attnames such as ``user_id`` for foreign keys are fine); all concrete
    fields when None. Fields not read are deferred, as with ``QuerySet.only``. ``sql`` is the select list
    (``alias."column", ...``) and ``width`` how many columns it takes.
    """

    def __init__(self, model: type[Model], alias: str, fields: Sequence[str] | None = None) -> None:
        self.model = model
        concrete = list(model._meta.concrete_fields)
        if fields is not None:
            wanted = {_field(model, name).attname for name in fields} | {model._meta.pk.attname}
            concrete = [field for field in concrete if field.attname in wanted]
        self.attnames = [field.attname for field in concrete]
        self.width = len(concrete)
        self.sql = ", ".join(f"{alias}.{connection.ops.quote_name(field.column or '')}" for field in concrete)
        self._converters = [converter(model, field.name) for field in concrete]
        self._pk_index = self.attnames.index(model._meta.pk.attname)

    def instance(self, row: Sequence[Any], start: int = 0) -> Any:
        """The instance from ``row[start:start + width]``; None when its primary key is NULL (LEFT JOIN)."""
        values = row[start : start + self.width]
        if values[self._pk_index] is None:
            return None
        converted = [convert(value) for convert, value in zip(self._converters, values, strict=True)]
        return self.model.from_db(connection.alias, self.attnames, converted)


@lru_cache(maxsize=64)
def _select_sql(vendor: str, model: type[Model], where: tuple[str, ...], order: tuple[str, ...]) -> tuple[str, Columns]:
    """The SQL of ``select`` for this database (``vendor`` keys the cache) and its columns."""
    table, columns = Table(model), Columns(model, "t")
    conditions = " AND ".join(f"t.{getattr(table, name)} = %({name})s" for name in where)
    ordering = ", ".join(
        f"t.{getattr(table, name.lstrip('-'))}{' DESC' if name.startswith('-') else ''}" for name in order
    )
    sql = f"SELECT {columns.sql} FROM {table} t WHERE {conditions}"  # noqa: S608 - only names from the models
    return (f"{sql} ORDER BY {ordering}" if ordering else sql), columns


def select(model: type[Model], *, where: dict[str, Any], order: Sequence[str] = ()) -> list[Any]:
    """Every row of ``model`` whose fields equal ``where`` (field name -> value; a foreign key takes the pk), as
    whole instances, in ``order`` (field names, "-" first for descending). One query, built once per process:
    for hot reads of one table where building a queryset costs more than running it."""
    sql, columns = _select_sql(connection.vendor, model, tuple(where), tuple(order))
    with connection.cursor() as cursor:
        cursor.execute(sql, where)
        return [columns.instance(row) for row in cursor.fetchall()]
