"""Check-ins ask four "how it felt" questions too (issue 15): each optional, 1 to 5."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_anonymous_dots_privacy"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkinanswer",
            name="enough_ways",
            field=models.PositiveSmallIntegerField(
                blank=True, choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")], null=True
            ),
        ),
        migrations.AddField(
            model_name="checkinanswer",
            name="organisation_changed",
            field=models.PositiveSmallIntegerField(
                blank=True, choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")], null=True
            ),
        ),
        migrations.AddField(
            model_name="checkinanswer",
            name="voice_changed",
            field=models.PositiveSmallIntegerField(
                blank=True, choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")], null=True
            ),
        ),
        migrations.AddField(
            model_name="checkinanswer",
            name="what_matters",
            field=models.PositiveSmallIntegerField(
                blank=True, choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")], null=True
            ),
        ),
        migrations.AddConstraint(
            model_name="checkinanswer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("voice_changed__isnull", True),
                    models.Q(("voice_changed__gte", 1), ("voice_changed__lte", 5)),
                    _connector="OR",
                ),
                name="checkin_voice_changed_1_to_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="checkinanswer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("enough_ways__isnull", True),
                    models.Q(("enough_ways__gte", 1), ("enough_ways__lte", 5)),
                    _connector="OR",
                ),
                name="checkin_enough_ways_1_to_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="checkinanswer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("what_matters__isnull", True),
                    models.Q(("what_matters__gte", 1), ("what_matters__lte", 5)),
                    _connector="OR",
                ),
                name="checkin_what_matters_1_to_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="checkinanswer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("organisation_changed__isnull", True),
                    models.Q(("organisation_changed__gte", 1), ("organisation_changed__lte", 5)),
                    _connector="OR",
                ),
                name="checkin_organisation_changed_1_to_5",
            ),
        ),
    ]
