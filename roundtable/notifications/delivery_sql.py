"""The delivery report's hot reads as hand-written SQL: counts by status and way, one page of messages, and
the tasks and tries of that page's messages.

An announcement's delivery page ("who got it, and how") counts hundreds of messages by status and reads a
page of 50 with their person, round-up and carrying task, problems first. Built with the ORM (a ``CASE``
order over three joins), those reads cost more to build and compile than to run (issue 19). They mean
what ``selectors._with_prefix`` and the ORM order in ``selectors.delivery_report`` mean; names come from the
models (``lib.rawsql.Table``), every value is a parameter, and the messages come back as model instances
holding only the fields read (any other field is read from the database if asked for, never made up).
The page's tasks and tries (``of_messages``) are the ORM's reads of ``selectors._status_rows``, written out.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection

from roundtable.accounts.models import User
from roundtable.lib.rawsql import Columns, Table, planned_for_its_values
from roundtable.notifications.models import Message, OrganiserTask

_WHERE = "m.{m.idempotency_key} {startswith}"
_SQLITE_RANGE = " AND m.{m.idempotency_key} >= %s AND m.{m.idempotency_key} < %s"
_COUNTS = "SELECT m.{m.status}, m.{m.channel_used}, COUNT(*) FROM {m} m WHERE {where} GROUP BY 1, 2"
# The page is chosen (ranked, sorted, cut) from the key, status, address and person's name alone; only its
# rows are then read whole and joined to their round-up and task (issue 19: a wide sort over every row
# joined three ways cost a third more).
_PAGE = """
SELECT m.{m.id}, m.{m.status}, m.{m.to_email}, m.{m.channel_used}, m.{m.attempts}, m.{m.last_error},
       m.{m.next_attempt_at}, m.{m.stop_reason}, m.{m.recipient}, p.full_name, p.email,
       m.{m.digest}, d.{m.status}, m.{m.carried_by}, t.{t.kind}, t.{t.status}, t.{t.result}
FROM (
  SELECT m.{m.id} AS id, {rank} AS place, u.{u.full_name} AS full_name, u.{u.email} AS email
  FROM {m} m LEFT JOIN {u} u ON u.{u.id} = m.{m.recipient}
  WHERE {where} AND {status} IN ({statuses})
  ORDER BY place, u.{u.full_name}, m.{m.to_email}, m.{m.id}
  LIMIT %s OFFSET %s
) p
  JOIN {m} m ON m.{m.id} = p.id
  LEFT JOIN {m} d ON d.{m.id} = m.{m.digest}
  LEFT JOIN {t} t ON t.{t.id} = m.{m.carried_by}
ORDER BY p.place, p.full_name, m.{m.to_email}, m.{m.id}
"""


_OF_MESSAGES = "SELECT {columns} FROM {table} x WHERE x.{table.message} IN ({ids}) ORDER BY {order}"


@lru_cache(maxsize=8)
def _of_messages_sql(vendor: str, model: type, fields: tuple[str, ...], order: tuple[str, ...]) -> tuple[str, Columns]:
    """The SELECT of ``of_messages`` for this database, with ``{ids}`` still to fill, and its columns."""
    table, columns = Table(model), Columns(model, "x", fields)
    ordering = ", ".join(f"x.{getattr(table, name)}" for name in order)
    return _OF_MESSAGES.format(columns=columns.sql, table=table, ids="{ids}", order=ordering), columns


def of_messages(model: type, ids: list[int], fields: tuple[str, ...], order: tuple[str, ...]) -> list:
    """The ``model`` rows (``OrganiserTask`` or ``Delivery``) of these messages, holding only ``fields`` (others
    deferred), in ``order`` (field names, ascending): what ``model.objects.only(*fields).filter(message_id__in=
    ids).order_by(*order)`` gives, without building the queryset for each page (issue 19). One query."""
    if not ids:
        return []
    sql, columns = _of_messages_sql(connection.vendor, model, fields, order)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(ids))), [int(pk) for pk in ids])
        return [columns.instance(row) for row in cursor.fetchall()]


def _where(vendor: str) -> str:
    """``_WHERE`` for this database: on SQLite with its range too."""
    m = Table(Message)
    where = _WHERE.format(m=m, startswith=connection.operators["startswith"] % "%s")  # type: ignore[attr-defined]
    return where + _SQLITE_RANGE.format(m=m) if vendor == "sqlite" else where


@lru_cache(maxsize=4)
def _counts_sql(vendor: str) -> str:
    """The counts' SELECT for this database."""
    return _COUNTS.format(m=Table(Message), where=_where(vendor))


@lru_cache(maxsize=64)
def _page_sql(vendor: str, groups: tuple[int, ...], statuses: int) -> str:
    """The page's SELECT for this database; ``groups`` is how many statuses each rank of the order has (the
    ``CASE`` takes them as parameters), ``statuses`` how many statuses the page reads."""
    m, u, t = Table(Message), Table(User), Table(OrganiserTask)
    whens = " ".join(
        f"WHEN m.{m.status} IN ({', '.join(['%s'] * size)}) THEN {index}" for index, size in enumerate(groups)
    )
    rank = f"CASE {whens} ELSE {len(groups)} END"
    # The key's index finds an announcement's messages; the status must not take an index too. SQLite, which
    # keeps no statistics unless asked, would walk every message of these statuses through the index on
    # status (and time): a unary plus keeps it off. PostgreSQL at 100 times the data ANDed that index (57,000
    # "task" messages) with the key's, then took the few rows left for so few that it hashed all 20,000
    # people to join their names: 13 ms, where the key's index alone and a look-up per row take 2.5 ms.
    status = f"+m.{m.status}" if vendor == "sqlite" else f"(m.{m.status} || '')"
    marks = ", ".join(["%s"] * statuses)
    return _PAGE.format(m=m, u=u, t=t, where=_where(vendor), rank=rank, statuses=marks, status=status)


def _prefix_params(prefix: str) -> list[str]:
    """The parameters of ``_WHERE``: the LIKE pattern and, on SQLite, the range (see ``selectors._with_prefix``)."""
    params = [connection.ops.prep_for_like_query(prefix) + "%"]
    if connection.vendor == "sqlite":
        params += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
    return params


def usable(prefix: str) -> bool:
    """Whether these reads can take this prefix (SQLite's range needs a last character below U+10FFFF)."""
    return bool(prefix) and ord(prefix[-1]) < 0x10FFFF


def _instance(model, values: dict):
    """A ``model`` instance as the ORM loads one with ``only()``: these fields (by attribute name) set, the
    others deferred."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def counts(prefix: str, groups: tuple[tuple[str, ...], ...]) -> list[tuple[str, str, int]]:
    """(status, channel used, how many) for the messages whose key starts with ``prefix``."""
    with planned_for_its_values(), connection.cursor() as cursor:  # LIKE takes the key's index for a known prefix
        cursor.execute(_counts_sql(connection.vendor), _prefix_params(prefix))
        return list(cursor.fetchall())


def page(
    prefix: str, groups: tuple[tuple[str, ...], ...], *, statuses: tuple[str, ...], offset: int, limit: int
) -> list[Message]:
    """One page of the messages whose key starts with ``prefix`` and whose status is one of ``statuses``
    (none: no rows), ranked by ``groups`` of statuses then by the person's name, address and id, each with
    ``recipient`` (id, name and email), ``digest`` (id and status) and ``carried_by`` (id, kind, status,
    result) already joined.

    Only the rows read are joined to their person and sorted, so a caller that knows how many messages each
    status has passes only the statuses whose ranks reach the page (``offset`` then counts from the first of
    them): the first page of an announcement to thousands then sorts only its problems (issue 19)."""
    if not statuses:
        return []
    sql = _page_sql(connection.vendor, tuple(len(g) for g in groups), len(statuses))
    params: list = [str(value) for group in groups for value in group]  # the rank's CASE comes first
    params += _prefix_params(prefix)
    params += [str(value) for value in statuses]
    params += [limit, offset]
    next_try = Message._meta.get_field("next_attempt_at").get_col("m")
    converters = connection.ops.get_db_converters(next_try) + next_try.get_db_converters(connection)
    found = []
    with planned_for_its_values(), connection.cursor() as cursor:  # as in counts()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        (pk, state, to_email, channel, attempts, error, next_at, stop_reason, recipient_id, full_name, email,
         digest_id, digest_status, task_id, task_kind, task_status, task_result) = row  # fmt: skip
        for convert in converters:
            next_at = convert(next_at, next_try, connection)
        message = _instance(Message, {
            "id": pk, "status": state, "to_email": to_email, "channel_used": channel, "attempts": attempts,
            "last_error": error, "next_attempt_at": next_at, "stop_reason": stop_reason,
            "recipient_id": recipient_id, "digest_id": digest_id, "carried_by_id": task_id,
        })  # fmt: skip
        recipient = {"id": recipient_id, "full_name": full_name, "email": email}
        message.recipient = _instance(User, recipient) if recipient_id is not None else None
        message.digest = _instance(Message, {"id": digest_id, "status": digest_status}) if digest_id else None
        task = {"id": task_id, "kind": task_kind, "status": task_status, "result": task_result}
        message.carried_by = _instance(OrganiserTask, task) if task_id else None
        found.append(message)
    return found
