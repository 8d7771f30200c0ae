"""Run the worker's periodic jobs (``roundtable.lib.periodic``): once, or every N seconds with ``--every``.

``roundtable worker`` runs ``worker_tick --every 30``. Each app registers its own jobs in its
``AppConfig.ready()``; this command imports none of them. Each job is isolated: one that fails is
logged with its name and traceback, and the others, and the loop, carry on.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from roundtable.lib import periodic


class Command(BaseCommand):
    help = "Run every periodic job once, or with --every SECONDS keep running each job when it is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=float, default=None, metavar="SECONDS", help="loop, starting a pass every SECONDS"
        )
        # For tests: stop after this many passes (the loop otherwise runs until it is stopped).
        parser.add_argument("--times", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args: Any, every: float | None = None, times: int | None = None, **options: Any) -> None:
        schedule = periodic.Schedule()
        passes = 0
        while True:
            started = time.monotonic()
            runs = schedule.run_due()
            self.stdout.write(", ".join(_summary(run) for run in runs))
            self.stdout.flush()
            passes += 1
            if every is None or (times is not None and passes >= times):
                return
            time.sleep(max(0.0, every - (time.monotonic() - started)))


def _summary(run: periodic.JobRun) -> str:
    return f"{run.name}: failed" if run.failed else f"{run.name}: {run.count}"
