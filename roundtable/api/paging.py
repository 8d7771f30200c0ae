"""Cursor paging for the API: pages in id order, the cursor an opaque token of the last id seen.

A cursor is ``base64url("after:<id>")``; anything else is refused with a 400 that says what to do.
Keyset paging keeps every page one query, however deep.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from django.db.models import QuerySet
from ninja.errors import HttpError

_CURSOR = re.compile(r"^after:(\d{1,18})$")
BAD_CURSOR = "This cursor is not one we gave out. Leave it out to start again, or use next_cursor from the last page."


def encode_cursor(last_id: int) -> str:
    """The cursor that continues after the row with id ``last_id``."""
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor continues after. Raises HttpError(400) for a cursor we did not give out."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HttpError(400, BAD_CURSOR) from None
    match = _CURSOR.match(text)
    if not match:
        raise HttpError(400, BAD_CURSOR)
    return int(match.group(1))


def page(queryset: QuerySet, *, cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` in id order after ``cursor``: (rows, the next cursor or None at the end). One query."""
    if cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(cursor))
    rows = list(queryset.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].pk) if more and rows else None)
