"""The worker's periodic jobs: one registry, filled by each app, run by ``manage.py worker_tick``.

Every app that has work to do on a clock (send due reminders, draft claims, clear old keys ...)
registers it from its ``AppConfig.ready()``, so the runner imports no app::

    from roundtable.lib import periodic
    periodic.register("updates.nudges", nudges_send_due, every=dt.timedelta(seconds=30))

* A job is a function that takes no arguments and returns how many things it did (an ``int``).
  Each one must be safe to run as often as you like: it only does what has come due and has
  not been done yet.
* ``every`` is the shortest gap between two runs of the job in one worker process. One pass
  (``worker_tick`` without ``--every``) runs every job; a looping worker (``--every 30``) runs
  each job on the first pass and then whenever its ``every`` has gone by.
* Jobs run in the order they were registered (apps lowest first, as ``INSTALLED_APPS``), except
  that jobs registered with ``last=True`` run after all the others (the outbox's dispatch, so
  messages queued by other jobs in this pass go out in this pass).
* Each run is isolated and logged (logger ``roundtable.lib.periodic``): its start, how many
  things it did and how long it took. A job that raises is logged with its name and traceback,
  and the other jobs still run.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

EVERY_PASS = dt.timedelta(seconds=30)  # the worker's loop; a job due this often runs on every pass
SLACK = 1.0  # seconds: a job counts as due this much early, so a pass a moment early does not skip it


@dataclass(frozen=True)
class PeriodicJob:
    """One registered job: ``name`` is ``"<app label>.<what it does>"``, ``run`` returns a count."""

    name: str
    run: Callable[[], int]
    every: dt.timedelta
    last: bool = False

    @property
    def app(self) -> str:
        """The app label the name starts with (``"meetings"`` for ``"meetings.reminders"``)."""
        return self.name.split(".", 1)[0]


@dataclass(frozen=True)
class JobRun:
    """What one run of one job did: ``count`` is ``None`` when it raised (``failed`` is then true)."""

    name: str
    count: int | None
    seconds: float

    @property
    def failed(self) -> bool:
        return self.count is None


_JOBS: dict[str, PeriodicJob] = {}


def register(name: str, run: Callable[[], int], *, every: dt.timedelta = EVERY_PASS, last: bool = False) -> None:
    """Add (or replace, by ``name``) a periodic job. Call it from an ``AppConfig.ready()``.

    Raises ``ValueError`` when ``name`` is not ``"<app>.<job>"`` or ``every`` is not positive.
    """
    if "." not in name:
        raise ValueError(f"A periodic job's name starts with its app: 'app.job', not {name!r}")
    if every <= dt.timedelta(0):
        raise ValueError(f"Periodic job {name!r} must run every so often, not every {every}")
    _JOBS[name] = PeriodicJob(name=name, run=run, every=every, last=last)


def unregister(name: str) -> None:
    """Remove a job (tests that register a job of their own take it away again)."""
    _JOBS.pop(name, None)


def jobs() -> list[PeriodicJob]:
    """Every registered job, in the order they run."""
    return sorted(_JOBS.values(), key=lambda job: job.last)


def run_job(job: PeriodicJob) -> JobRun:
    """Run one job, isolated: an exception is logged with the job's name and traceback, never raised."""
    logger.info("Periodic job %s started", job.name)
    started = time.monotonic()
    try:
        count = int(job.run())
    except Exception:  # noqa: BLE001 - one broken job must not stop the others or the worker
        seconds = time.monotonic() - started
        logger.exception("Periodic job %s failed after %.2f s", job.name, seconds)
        return JobRun(name=job.name, count=None, seconds=seconds)
    seconds = time.monotonic() - started
    logger.info("Periodic job %s done: %d item(s) in %.2f s", job.name, count, seconds)
    return JobRun(name=job.name, count=count, seconds=seconds)


class Schedule:
    """Remembers when each job last started in this process, so a looping worker runs each when due.

    ``clock`` returns seconds (``time.monotonic`` by default, so changes of the wall clock do
    not matter); tests pass their own.
    """

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self.clock = clock or (lambda: time.monotonic())
        self.last_started: dict[str, float] = {}

    def due(self, job: PeriodicJob, now: float) -> bool:
        """Whether ``job`` has never run here, or its ``every`` has gone by since the pass it last ran in.

        A pass that starts a moment early (the loop's sleep is not exact) still counts: ``SLACK``.
        """
        started = self.last_started.get(job.name)
        return started is None or now - started >= job.every.total_seconds() - SLACK

    def run_due(self, *, apps: Iterable[str] | None = None) -> list[JobRun]:
        """Run every due job (of the given app labels only, if ``apps``), in order. Returns one JobRun each."""
        wanted = set(apps) if apps is not None else None
        now = self.clock()  # the pass's start: every job in it counts as started then
        runs = []
        for job in jobs():
            if (wanted is not None and job.app not in wanted) or not self.due(job, now):
                continue
            self.last_started[job.name] = now
            runs.append(run_job(job))
        return runs


def run_all(*, apps: Iterable[str] | None = None) -> list[JobRun]:
    """One pass: run every registered job (or those of ``apps``) once, each isolated. Returns one JobRun each."""
    return Schedule().run_due(apps=apps)
