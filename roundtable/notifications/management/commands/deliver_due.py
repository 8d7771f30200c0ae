"""Run the worker's regular jobs: digests, registered sweeps (such as nudges), then due messages."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from roundtable.notifications import sweeps


class Command(BaseCommand):
    help = "Send due digests and nudges, queue every message that is due, and take back stuck ones."

    def handle(self, *args, **options) -> None:
        results = sweeps.run_all()
        self.stdout.write(f"Queued {results.get('notifications.dispatch', 0)} message(s) for delivery.")
        for name, count in results.items():
            if name != "notifications.dispatch" and count:
                self.stdout.write(f"{name}: {count}")
