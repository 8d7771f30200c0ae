"""Reads for the health check's pages, reports and nightly job."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from roundtable.health.registry import (
    Evidence,
    Finding,
    HealthContext,
    Recommendation,
    Sign,
    recommendations,
    signs,
)
from roundtable.projects.models import Project


def measure_project(project: Project, *, as_of: dt.datetime | None = None) -> list[tuple[Sign, Finding]]:
    """Every sign measured for ``project`` as it stood at ``as_of`` (aware; default now), in the seed's order.

    Queries: the sum of the signs' own, each fixed whatever the amount of data (docs/health.md, "Speed").
    """
    ctx = HealthContext(project=project, as_of=as_of or timezone.now())
    return [(sign, sign.measure(ctx)) for sign in signs()]


def recommendation_evidence(
    project: Project, *, as_of: dt.datetime | None = None
) -> list[tuple[Recommendation, Evidence]]:
    """The evidence for each of the twenty recommendations for ``project`` as it stood at ``as_of`` (aware;
    default now), in the seed's order (docs/health.md, "The twenty recommendations").

    Queries: the sum of the recommendations' own, each fixed whatever the amount of data.
    """
    ctx = HealthContext(project=project, as_of=as_of or timezone.now())
    return [(recommendation, recommendation.evidence(ctx)) for recommendation in recommendations()]


# A kept measurement is current for this long after it was measured, unless a change to the record was seen
# first (docs/health.md, "The kept measurement"). Some changes are not seen (writes of many rows at once, a
# vote, time passing a deadline), so no page shows figures older than this as current.
MEASUREMENT_FRESH = dt.timedelta(minutes=5)


def kept_measurement(project: Project, *, language: str, with_data: bool = True):
    """``project``'s kept ``HealthMeasurement`` in ``language``, or None when it has none yet. ``with_data``
    False leaves the figures (``data``) to be read later, when the page is drawn. One query."""
    from roundtable.health.models import HealthMeasurement

    rows = HealthMeasurement.objects.filter(project=project, language=language)
    if not with_data:
        rows = rows.defer("data")
    return rows.first()


def measurement_is_current(measurement, *, now: dt.datetime | None = None) -> bool:
    """True when ``measurement`` may be shown as the project's health now (aware; default now): no change to
    the record was seen since it was measured, and it is less than ``MEASUREMENT_FRESH`` old. No query."""
    now = now or timezone.now()
    return measurement.changed_at is None and now - measurement.measured_at < MEASUREMENT_FRESH
