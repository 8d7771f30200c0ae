"""One pass of the worker's regular jobs. `roundtable worker` runs it every 30 seconds.

Each job is safe to run as often as you like: it only does what has come due
and has not been done yet.
"""

import datetime as dt

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from roundtable.audit.once import once_keys_clear
from roundtable.credits.services import contributions_suggest
from roundtable.feedback.services import barriers_from_departures, check_ins_open_due
from roundtable.meetings.services import formats_missing_warn, reminders_send_due
from roundtable.payments.services import claims_draft_due
from roundtable.projects.joining import onboarding_reminders_due


class Command(BaseCommand):
    help = "Send due digests, nudges and messages, meeting reminders and missing-format warnings."

    def handle(self, *args, **options):
        call_command("deliver_due", stdout=self.stdout)
        counts = {
            "reminders queued": reminders_send_due(),
            "format warnings": formats_missing_warn(),
            "claims drafted": claims_draft_due(),
            "barriers from departures": barriers_from_departures(),
            "check-ins opened": check_ins_open_due(),
            "contributions suggested": contributions_suggest(),
            "joining reminders": onboarding_reminders_due(),
            "one-time keys cleared": once_keys_clear(before=timezone.localdate() - dt.timedelta(days=7)),
        }
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))
