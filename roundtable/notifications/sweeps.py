"""Jobs the worker runs every 30 seconds (through ``manage.py deliver_due``).

The outbox's own jobs run first (digests, then due messages). Apps higher up
(for example ``updates``, which nudges organisers) register theirs in their
AppConfig.ready(), so the notifications app never imports them::

    from roundtable.notifications import sweeps
    sweeps.register("updates.nudges", nudges_send_due)

Each job takes ``now`` and returns a count; one failing job does not stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

logger = logging.getLogger(__name__)

_JOBS: dict[str, Callable[..., int]] = {}


def register(name: str, job: Callable[..., int]) -> None:
    _JOBS[name] = job


def run_all(*, now: datetime | None = None) -> dict[str, int]:
    from roundtable.notifications.services import digests_send_due, messages_dispatch_due

    results: dict[str, int] = {}
    jobs = {"notifications.digests": digests_send_due, **_JOBS, "notifications.dispatch": messages_dispatch_due}
    for name, job in jobs.items():
        try:
            results[name] = job(now=now)
        except Exception:  # noqa: BLE001 - one broken job must not stop delivery
            logger.exception("Sweep %s failed", name)
            results[name] = -1
    return results
