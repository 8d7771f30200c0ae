"""Queue delivery of every message that is due, and take back messages stuck while sending."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from roundtable.notifications.services import messages_dispatch_due


class Command(BaseCommand):
    help = "Queue delivery of every message that is due, and take back messages stuck while sending."

    def handle(self, *args, **options) -> None:
        count = messages_dispatch_due()
        self.stdout.write(f"Queued {count} message(s) for delivery.")
