"""Writes of the health check: snapshots of each sign, taken as at the end of a London day."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from roundtable.health.models import HealthSnapshot
from roundtable.health.selectors import measure_project
from roundtable.lib.dates import zone
from roundtable.projects.models import Project


def end_of_london_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` on the London clock (23:59:59.999999 London), as an aware datetime."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=zone())


def take_snapshot(project: Project, on: dt.date) -> list[HealthSnapshot]:
    """Measure every sign of ``project`` as at the end of the London day ``on`` and keep it, one row per sign.

    Taking the same day again replaces that day's rows (idempotent), so a missed night can be filled in
    later with the same result. Returns the rows, in the seed's order of signs.
    """
    rows = []
    with transaction.atomic():
        for sign, finding in measure_project(project, as_of=end_of_london_day(on)):
            row, _ = HealthSnapshot.objects.update_or_create(
                project=project,
                taken_on=on,
                sign=sign.number,
                defaults={
                    "rating": finding.rating,
                    "value": finding.value,
                    "evidence": finding.evidence,
                    "summary": finding.summary,
                },
            )
            rows.append(row)
    return rows
