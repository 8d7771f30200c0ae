"""The Carer's Allowance weekly earnings limits, as dated rows an administrator can correct."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

ROWS = [
    (dt.date(2024, 4, 8), Decimal("151.00"), "2024/25 limit £151 a week (carersuk.org; start date not checked)."),
    (dt.date(2025, 4, 7), Decimal("196.00"), "2025/26 limit £196 a week, 16 hours at the National Living Wage (carersuk.org)."),
    (dt.date(2026, 4, 6), Decimal("204.00"), "2026/27 limit £204 a week (government announcement; check the exact start day)."),
]


def add(apps, schema_editor):
    EarningsLimit = apps.get_model("payments", "EarningsLimit")
    for day, amount, note in ROWS:
        EarningsLimit.objects.get_or_create(
            benefit="carers_allowance", effective_from=day, defaults={"weekly_limit": amount, "source_note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
