"""Reads for the health check's pages, reports and nightly job."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import DateField, F, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import TruncMonth
from django.utils import timezone

from roundtable.health.models import RISK_ORDER, HealthSnapshot, Rating
from roundtable.health.registry import (
    Evidence,
    Finding,
    HealthContext,
    Recommendation,
    Sign,
    recommendations,
    signs,
)
from roundtable.lib.dates import zone
from roundtable.projects.models import Organisation, Project


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


# --- Trends and the organisation's table (from the nightly snapshots) -----------------------------------------


class TrendPoint(NamedTuple):
    """How one sign stood at the end of one London month: ``month`` is its first day, ``value`` the measure in
    the sign's threshold unit (``None`` when there was nothing to measure). A tuple ``(month, rating, value)``."""

    month: dt.date
    rating: Rating
    value: Decimal | None


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    """The first day of the month ``back`` months before the month of ``day``."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def trend(project: Project, *, months: int = 12, today: dt.date | None = None) -> dict[int, list[TrendPoint]]:
    """Each sign's monthly trend for ``project``: ``{sign number: [(month, rating, value), ...]}``, oldest first.

    One point per London month that has a snapshot, from the newest snapshot of that month (the month's
    end, or the latest day so far in the month still running), over the ``months`` months up to and
    including the month of ``today`` (a London date; default today). Every registered sign has a key, with
    an empty list when it has no snapshots yet. 1 query.
    """
    today = today or timezone.localdate(timezone.now(), zone())
    start = _month_start(today, months - 1)
    month = TruncMonth("taken_on", output_field=DateField())
    rows = (
        HealthSnapshot.objects.filter(project=project, taken_on__gte=start, taken_on__lte=today)
        .annotate(newest=Window(Max("taken_on"), partition_by=[F("sign"), month]))
        .filter(taken_on=F("newest"))
        .order_by("sign", "taken_on")
        .values_list("sign", "taken_on", "rating", "value")
    )
    result: dict[int, list[TrendPoint]] = {sign.number: [] for sign in signs()}
    for sign, taken_on, rating, value in rows:
        result.setdefault(sign, []).append(TrendPoint(month=_month_start(taken_on), rating=Rating(rating), value=value))
    return result


# How bad a rating is, for drift: "not enough evidence yet" counts as no worse than good, so a sign that
# runs short of evidence is not drift, but one that goes from no evidence to at risk is.
_SEVERITY = {Rating.GOOD: 0, Rating.NOT_ENOUGH: 0, Rating.ATTENTION: 1, Rating.AT_RISK: 2}


@dataclass(frozen=True)
class ProjectHealth:
    """One row of the organisation's table: a project and how its signs stood at its newest snapshot.

    ``taken_on`` is that snapshot's London day (``None``: no snapshot yet, and everything below is empty),
    ``ratings`` and ``values`` are by sign number, ``worst`` is the worst rating by ``RISK_ORDER``,
    ``compared_on`` is the London day of the snapshot about a month before (the newest on or before the
    same day of the month before, at most ``COMPARE_WINDOW`` earlier; ``None`` when there is none) and
    ``drift`` the sign numbers whose rating got worse since then (good or not enough evidence to needs
    attention or at risk, needs attention to at risk), in the seed's order.
    """

    project: Project
    taken_on: dt.date | None
    ratings: dict[int, Rating]
    values: dict[int, Decimal | None]
    worst: Rating | None
    compared_on: dt.date | None
    drift: list[int]


def _a_month_before(day: dt.date) -> dt.date:
    """The same day of the month before (the month's last day when it is shorter): 31 March gives 28 February."""
    first = _month_start(day, 1)
    days_in_month = (_month_start(day) - first).days
    return first.replace(day=min(day.day, days_in_month))


# How far back "about a month before" may look: the newest snapshot in the 30 days up to the same day of the
# month before. With nightly snapshots that is the same day itself; further back is not a month's drift.
COMPARE_WINDOW = dt.timedelta(days=30)


def _by_day(days: dict[int, dt.date]) -> dict[dt.date, list[int]]:
    """Project ids grouped by their day (most projects share the same newest day)."""
    grouped: dict[dt.date, list[int]] = {}
    for pk, day in days.items():
        grouped.setdefault(day, []).append(pk)
    return grouped


def _group(rows) -> dict[int, list[HealthSnapshot]]:
    found: dict[int, list[HealthSnapshot]] = {}
    for row in rows.order_by("project_id", "sign"):
        found.setdefault(row.project_id, []).append(row)
    return found


def _rows_on(days: dict[int, dt.date]) -> dict[int, list[HealthSnapshot]]:
    """Each project's snapshot rows of the day ``days[project]``, by project. 1 query (none for no projects)."""
    if not days:
        return {}
    wanted = Q()
    for day, pks in _by_day(days).items():
        wanted |= Q(project_id__in=pks, taken_on=day)
    return _group(HealthSnapshot.objects.filter(wanted))


def _newest_rows_upto(cutoffs: dict[int, dt.date]) -> dict[int, list[HealthSnapshot]]:
    """Each project's newest snapshot rows on or before ``cutoffs[project]`` and within ``COMPARE_WINDOW`` of it,
    by project. 1 query (none for no projects)."""
    if not cutoffs:
        return {}
    wanted = Q()
    for day, pks in _by_day(cutoffs).items():
        wanted |= Q(project_id__in=pks, taken_on__lte=day, taken_on__gte=day - COMPARE_WINDOW)
    rows = (
        HealthSnapshot.objects.filter(wanted)
        .annotate(newest=Window(Max("taken_on"), partition_by=[F("project_id")]))
        .filter(taken_on=F("newest"))
    )
    return _group(rows)


def organisation_health(organisation: Organisation) -> list[ProjectHealth]:
    """Every published or ended project of ``organisation`` with its newest snapshot's ratings, worst first.

    Sorted by risk (the position of the worst rating in ``RISK_ORDER``; projects with no snapshot yet last),
    then by drift (most signs got worse first), then by title. 3 queries whatever the number of projects
    (1 when none has a snapshot): the projects with their newest snapshot's day, that day's rows, and the
    rows about a month before. Each reads only the rows it shows (the snapshots' indexes), never a
    project's whole history.
    """
    newest_day = HealthSnapshot.objects.filter(project_id=OuterRef("pk")).order_by("-taken_on").values("taken_on")
    projects = list(
        Project.objects.filter(organisation=organisation, status__in=[Project.Status.PUBLISHED, Project.Status.ENDED])
        .annotate(newest_day=Subquery(newest_day[:1], output_field=DateField()))
        .order_by("title", "pk")
    )
    latest = _rows_on({p.pk: p.newest_day for p in projects if p.newest_day is not None})
    earlier = _newest_rows_upto({pk: _a_month_before(rows[0].taken_on) for pk, rows in latest.items()})
    table = []
    for project in projects:
        rows = latest.get(project.pk, [])
        ratings = {row.sign: Rating(row.rating) for row in rows}
        before = {row.sign: Rating(row.rating) for row in earlier.get(project.pk, [])}
        drift = [
            sign
            for sign, rating in sorted(ratings.items())
            if sign in before and _SEVERITY[rating] > _SEVERITY[before[sign]]
        ]
        table.append(
            ProjectHealth(
                project=project,
                taken_on=rows[0].taken_on if rows else None,
                ratings=ratings,
                values={row.sign: row.value for row in rows},
                worst=min(ratings.values(), key=RISK_ORDER.index) if ratings else None,
                compared_on=earlier[project.pk][0].taken_on if project.pk in earlier else None,
                drift=drift,
            )
        )
    table.sort(
        key=lambda r: (
            RISK_ORDER.index(r.worst) if r.worst is not None else len(RISK_ORDER),
            -len(r.drift),
            r.project.title.casefold(),
            r.project.pk,
        )
    )
    return table
