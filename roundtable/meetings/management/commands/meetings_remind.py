"""Queue meeting reminders that are due, and warn organisers about missing paper formats. Safe to run often."""

from django.core.management.base import BaseCommand

from roundtable.meetings.services import formats_missing_warn, reminders_send_due


class Command(BaseCommand):
    help = "Queue due meeting reminders (each person's own lead times) and missing-format warnings."

    def handle(self, *args, **options):
        reminders = reminders_send_due()
        warnings = formats_missing_warn()
        self.stdout.write(f"{reminders} reminder(s), {warnings} format warning(s) queued")
