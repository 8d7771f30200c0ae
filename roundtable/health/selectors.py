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
