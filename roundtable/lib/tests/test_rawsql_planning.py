"""``rawsql.planned_for_its_values``: a read whose best plan depends on its values is never prepared, so
PostgreSQL plans it for the values it has (issue 19: "What needs you" took 221 ms on a generic plan at 100
times the data, 2 ms planned for its values). On SQLite, or with prepared statements off, it changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from roundtable.lib.rawsql import planned_for_its_values

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


def _prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


@on_postgresql
def test_a_read_inside_is_never_prepared_and_one_outside_is():
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold is not None, "settings: DATABASE_PREPARED_STATEMENTS is on by default"
    before = _prepared_statements()
    for _ in range(threshold + 2):
        with planned_for_its_values(), connection.cursor() as cursor:
            cursor.execute("SELECT %s::int + 40", [2])
            assert cursor.fetchone() == (42,)
    assert connection.connection.prepare_threshold == threshold  # put back after each
    assert _prepared_statements() == before
    for _ in range(threshold + 2):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::int + 41", [1])
    assert len(_prepared_statements() - before) == 1


@on_postgresql
def test_the_threshold_is_put_back_after_an_error():
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    with pytest.raises(RuntimeError), planned_for_its_values():
        assert connection.connection.prepare_threshold is None
        raise RuntimeError("a read that failed")
    assert connection.connection.prepare_threshold == threshold


def test_it_changes_nothing_where_nothing_is_prepared():
    with planned_for_its_values(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
