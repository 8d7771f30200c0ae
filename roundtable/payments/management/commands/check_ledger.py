"""``manage.py check_ledger``: every ledger balance against claims and payment runs; exits 1 on any mismatch."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from roundtable.payments.ledger import ledger_problems
from roundtable.projects.models import Organisation


class Command(BaseCommand):
    help = "Check the payments ledger against claims and payment runs. Exits non-zero on any mismatch."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="Only this organisation (its slug).")

    def handle(self, *args, **options):
        organisation = None
        if options.get("organisation"):
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation {options['organisation']!r}")
        problems = ledger_problems(organisation=organisation)
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"The ledger does not balance: {len(problems)} problem(s) shown.", returncode=1)
        self.stdout.write("The ledger balances.")
