"""``manage.py payments_draft_claims``: draft time claims from every meeting register (the worker can run it)."""

from django.core.management.base import BaseCommand

from roundtable.payments.services import claims_draft_due


class Command(BaseCommand):
    help = "Draft time claims from meeting registers."

    def handle(self, *args, **options):
        self.stdout.write(f"{claims_draft_due()} draft claims made.")
