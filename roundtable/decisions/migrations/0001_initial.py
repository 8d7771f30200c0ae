from django.db import migrations


class Migration(migrations.Migration):
    """The decisions app's first migration: later ones add proposals and round-table turns."""

    initial = True

    dependencies: list = []

    operations: list = []
