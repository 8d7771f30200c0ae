"""``roundtable manage retention_sweep``: remove or anonymise what is past its retention period."""

from django.core.management.base import BaseCommand

from roundtable.yourdata.retention import retention_sweep


class Command(BaseCommand):
    help = "Remove or anonymise data past its retention period (settings.RETENTION) and print what was done."

    def handle(self, *args, **options) -> None:
        for line in retention_sweep():
            self.stdout.write(str(line))
