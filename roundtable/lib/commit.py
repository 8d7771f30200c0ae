"""Work to do once a transaction has committed, without letting its failure undo or break the request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction


def after_commit(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Call ``func(*args, **kwargs)`` once the current transaction commits (at once outside one).

    Robust: an exception is logged by Django ("Error calling <name> in on_commit()") and not raised, so
    the committed work stands and the caller's page or job carries on; the periodic jobs catch up (for
    the outbox, ``notifications.dispatch`` queues any message still waiting). Use it instead of
    ``functools.partial``: Django names the callable in that log line from ``__qualname__``, which a
    partial does not have, so a failing partial raised AttributeError instead of being logged.
    """

    def run() -> None:
        func(*args, **kwargs)

    run.__qualname__ = getattr(func, "__qualname__", repr(func))
    transaction.on_commit(run, robust=True)
