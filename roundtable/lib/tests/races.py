"""Run callables at the same instant in threads, for the PostgreSQL race tests (two presses at once)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def at_once(fns: list[Callable[[], Any]]) -> list[Any]:
    """Start every callable in its own thread behind one barrier, so they reach the database together;
    return their results (in the order they finished). Each thread closes its own database connection.
    Fails the test if any raised (the errors are listed)."""
    results: list[Any] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(fns))

    def run(fn: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return results
