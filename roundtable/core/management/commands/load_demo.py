from django.core.management.base import BaseCommand

from roundtable.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo story (safe to run twice)."

    def handle(self, *args, **options):
        if load_demo():
            self.stdout.write("Demo story loaded.")
        else:
            self.stdout.write("Demo story already there.")
