"""Run the outbox's own periodic jobs once: round-ups that are due, then every message that is due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from roundtable.lib import periodic


class Command(BaseCommand):
    help = "Send due round-ups, queue every message that is due, and take back stuck ones."

    def handle(self, *args: Any, **options: Any) -> None:
        runs = {run.name: run for run in periodic.run_all(apps=["notifications"])}
        dispatch = runs.get("notifications.dispatch")
        queued = dispatch.count if dispatch and not dispatch.failed else 0
        self.stdout.write(f"Queued {queued} message(s) for delivery.")
        for run in runs.values():
            if run.failed:
                self.stdout.write(f"{run.name}: failed (see the log)")
