"""Reads for the health check's two pages: one project's signs with their trends, and an organisation's table.

Trends and the organisation's table read the nightly snapshots (``HealthSnapshot``), never measure live,
so their query count does not grow with the number of projects or the months of history
(docs/health.md, "Speed"). A month's point is the last snapshot taken in that month (London days); the
nightly job snapshots every sign of a project on the same day, so one day per project and month is read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.feedback.felt import FeltSummary, felt_summary

# The drift rules live in health.drift (docs/health.md, "Drift"); is_worse and risk_rank stay importable here.
from roundtable.health import selectors_summary as summary
from roundtable.health.drift import SLIDE_MONTHS, is_sliding, is_worse, risk_rank, slide_words
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.registry import (
    Action,
    Evidence,
    Finding,
    Recommendation,
    Sign,
    amount_words,
    signs,
)
from roundtable.projects.models import Organisation, Project


def measure_text(value: Decimal | None, unit: str) -> str:
    """A measure in words with its unit: "45%", "12 days", "3.5 points"; "" for no value."""
    return "" if value is None else amount_words(value, unit)


TAG_CLASSES = {
    Rating.AT_RISK: "govuk-tag--red",
    Rating.ATTENTION: "govuk-tag--orange",
    Rating.GOOD: "govuk-tag--green",
    Rating.NOT_ENOUGH: "govuk-tag--grey",
}


# --- Months ----------------------------------------------------------------------------------------


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """The first day of each of the ``months`` months that end with ``today``'s month, oldest first."""
    first = today.replace(day=1)
    out = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        out.append(dt.date(year, month + 1, 1))
    return out


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _last_day_each_month(snapshots, starts: list[dt.date]) -> dict[tuple[int, dt.date], dt.date]:
    """(project id, first of month) -> the day whose snapshot stands for that month, for the months from
    ``starts`` (first days, oldest first). One query.

    A month's point is its last day's snapshot; the project's newest month (still running, or its last)
    uses its newest snapshot. The nightly job takes every day and fills in missed nights, so the last
    day of a month the project was live through has a snapshot; a day without one reads as "no check
    that month". Only the newest day is looked up (one maximum per project, from the first sign's rows in
    the (project, sign, day) index); the rest are dates, so no query scans a year of rows.
    """
    if not starts:
        return {}
    first_sign = min((sign.number for sign in signs()), default=1)
    newest = dict(
        snapshots.filter(sign=first_sign, taken_on__gte=starts[0])
        .values("project_id")
        .annotate(last=Max("taken_on"))
        .order_by()
        .values_list("project_id", "last")
    )
    found: dict[tuple[int, dt.date], dt.date] = {}
    ends = [(start, _next_month(start) - dt.timedelta(days=1)) for start in starts]
    for project_id, last in newest.items():
        last = _as_date(last)
        for start, month_end in ends:
            if start <= last <= month_end:
                found[(project_id, start)] = last
            elif month_end < last:
                found[(project_id, start)] = month_end
    return found


def _next_month(first: dt.date) -> dt.date:
    """The first day of the month after the month that starts on ``first``."""
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# --- One project ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One month of one sign: ``month`` is its first day; ``rating`` is None when no snapshot was taken."""

    month: dt.date
    rating: str | None = None
    value: Decimal | None = None
    evidence: int = 0
    taken_on: dt.date | None = None

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label) if self.rating else _("No check that month")


def trend(project: Project, months: int = 12, *, today: dt.date | None = None) -> dict[int, list[TrendPoint]]:
    """Each sign's monthly trend for ``project``: sign number -> ``months`` points, oldest first.

    ``today`` is a London date (default today in London); the last point is its month. Each point is the
    sign's last snapshot of that month. Signs with no snapshot at all are left out. Two queries.
    """
    today = today or timezone.localdate()
    starts = month_starts(today, months)
    snapshots = HealthSnapshot.objects.filter(project=project)
    last_days = _last_day_each_month(snapshots, starts)
    day_month = {day: month for (_pid, month), day in last_days.items()}
    found: dict[int, dict[dt.date, TrendPoint]] = defaultdict(dict)
    if day_month:
        rows = snapshots.filter(taken_on__in=list(day_month)).values_list(
            "sign", "taken_on", "rating", "value", "evidence"
        )
        for sign, taken_on, rating, value, evidence in rows:
            month = day_month[taken_on]
            found[sign][month] = TrendPoint(month, rating, value, evidence, taken_on)
    return {sign: [points.get(month, TrendPoint(month)) for month in starts] for sign, points in sorted(found.items())}


@dataclass(frozen=True)
class SignView:
    """One sign on a project's page: the sign, what it found now, the next step this viewer may see, its trend."""

    sign: Sign
    finding: Finding
    action: Action | None
    trend: list[TrendPoint]

    @property
    def rating_label(self) -> str:
        return str(Rating(self.finding.rating).label)

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[Rating(self.finding.rating)]

    @property
    def value_text(self) -> str:
        return measure_text(self.finding.value, self.sign.threshold.unit)

    @property
    def evidence_words(self) -> str:
        """What the measure was drawn from, with the right noun: "1 decision", "4 decisions"."""
        return self.sign.threshold.evidence_words(self.finding.evidence)


@dataclass
class ProjectHealth:
    """Everything the project's health check page shows (``project_health``)."""

    signs: list[SignView]
    recommendations: list[tuple[Recommendation, Evidence]]
    felt: FeltSummary  # feedback.felt: averages from 3 people or more; comments only in the staff view
    months: list[dt.date]
    as_of: dt.datetime
    counts: dict[str, int] = field(default_factory=dict)


def project_health(project: Project, *, staff: bool, as_of: dt.datetime | None = None) -> ProjectHealth:
    """One project's health check for its page, measured now (``as_of``, aware; default now).

    ``staff`` False (a member's view) leaves out staff-only next steps. Queries: the signs' and the
    recommendations' own (each fixed), two for the trends and one for "how it felt".
    """
    from roundtable.health.selectors import measure_project, recommendation_evidence

    as_of = as_of or timezone.now()
    today = timezone.localdate(as_of)
    trends = trend(project, today=today)
    months = month_starts(today, 12)
    views = []
    for sign, finding in measure_project(project, as_of=as_of):
        action = finding.action
        if action is not None and action.staff_only and not staff:
            action = None
        line = list(trends.get(sign.number, [TrendPoint(m) for m in months]))
        # This month's point is the measurement the page shows, so the chart and the words agree; the
        # months before come from the nightly snapshots.
        line[-1] = TrendPoint(months[-1], finding.rating, finding.value, finding.evidence, today)
        views.append(SignView(sign, finding, action, line))
    counts: dict[str, int] = defaultdict(int)
    for view in views:
        counts[view.finding.rating] += 1
    return ProjectHealth(
        signs=views,
        recommendations=recommendation_evidence(project, as_of=as_of),
        felt=felt_summary(project, as_of=as_of, with_comments=staff),
        months=months,
        as_of=as_of,
        counts=dict(counts),
    )


# --- An organisation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignNow:
    """One sign of one project in the organisation's table: its latest snapshot and the month before's rating."""

    number: int
    title: str
    rating: str
    value: Decimal | None
    evidence: int
    summary: str
    before: str | None
    unit: str = ""
    # A slow slide over the last months (health.drift.is_sliding), and its words; empty when none.
    slide: str = ""
    plain: str = ""  # the sign in plain words (Sign.plain)

    @property
    def value_text(self) -> str:
        return measure_text(self.value, self.unit)

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label)

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[Rating(self.rating)]

    @property
    def before_label(self) -> str:
        return str(Rating(self.before).label) if self.before else ""

    @property
    def worse_this_month(self) -> bool:
        return is_worse(self.rating, self.before)

    @property
    def drifted(self) -> bool:
        """Drifting: worse than at the end of last month, or a slow slide (health.drift)."""
        return self.worse_this_month or bool(self.slide)


@dataclass(frozen=True)
class MonthCount:
    """How many of a project's signs stood at each rating at the end of one month (``taken`` False: no snapshot)."""

    month: dt.date
    at_risk: int = 0
    attention: int = 0
    good: int = 0
    not_enough: int = 0
    taken: bool = False

    @property
    def worrying(self) -> int:
        return self.at_risk + self.attention


@dataclass
class ProjectRow:
    """One project in the organisation's health table (``organisation_health``). ``signs`` are not changed
    once made, so the worst rating and the drift are worked out once."""

    project_id: int
    title: str
    status: str
    status_label: str
    taken_on: dt.date | None
    signs: list[SignNow]
    months: list[MonthCount]

    @cached_property
    def worst(self) -> str | None:
        return min((s.rating for s in self.signs), key=risk_rank, default=None)

    @property
    def worst_label(self) -> str:
        return str(Rating(self.worst).label) if self.worst else _("No check yet")

    @property
    def worst_tag_class(self) -> str:
        return TAG_CLASSES[Rating(self.worst)] if self.worst else "govuk-tag--grey"

    @cached_property
    def worst_signs(self) -> list[SignNow]:
        return [s for s in self.signs if s.rating == self.worst]

    @cached_property
    def drifting(self) -> list[SignNow]:
        return [s for s in self.signs if s.drifted]

    def risk_key(self) -> tuple:
        return (risk_rank(self.worst), -len(self.worst_signs), -len(self.drifting), self.title.casefold())

    def drift_key(self) -> tuple:
        return (-len(self.drifting), *self.risk_key())


SORTS = ("risk", "drift")


def organisation_health(
    organisation: Organisation,
    *,
    months: int = 12,
    today: dt.date | None = None,
    sort: str = "risk",
    rating: str = "",
    status: str = "",
    drifting_only: bool = False,
    months_for: slice | None = None,
    with_figures: bool = True,
    kept: tuple[list[tuple[int, str, str]], dict[int, dict]] | None = None,
) -> list[ProjectRow]:
    """Every project of ``organisation`` with its signs' latest snapshot, drift and monthly counts.

    ``today`` is a London date (default today in London). Drift (``health.drift``): a sign's latest snapshot
    is worse than the last one of the month before (``is_worse``), or its measure slid at each of the last
    three month ends (``is_sliding``, read from the same query). ``sort``: "risk" (worst
    sign first, then how many signs share it, then drift) or "drift" (most signs drifting first).
    Filters: ``rating`` (the project's worst rating, a ``Rating`` value, or "none" for projects never
    checked), ``status`` (a ``Project.Status`` value), ``drifting_only``.

    ``months_for`` (a slice of the sorted, filtered list: the page shown) reads the monthly counts only
    for those rows; the others get ``months`` with no check. ``with_figures`` False leaves each sign's
    ``value``, ``evidence`` and ``summary`` out (None, 0, ""): the page shows only ratings, the CSV all.

    Four queries whatever the number of projects or months: projects, each month's last snapshot day,
    the signs on the last two, the counts on the month ends of the rows shown (none when none is shown).

    ``kept`` (``selectors_summary.organisation_summaries``, with a summary for every project): the rows
    are read from the projects' kept summaries instead, with no query, when ``with_figures`` is False and
    ``months`` is 12 (the page); the same rows. A summary newer than this month (a snapshot of a day still
    to come) is read from the snapshots.
    """
    today = today or timezone.localdate()
    starts = month_starts(today, months)
    if kept is not None and not with_figures and months == summary.MONTHS:
        projects_kept, summaries = kept
        window_end = _next_month(starts[-1])
        if all(not data["newest"] or dt.date.fromisoformat(data["newest"]) < window_end for data in summaries.values()):
            result = _filter_and_sort(
                summary.project_rows(projects_kept, summaries, starts), rating, status, drifting_only, sort
            )
            summary.fill_months(result if months_for is None else result[months_for], summaries, starts)
            return result
    titles = {sign.number: sign.title for sign in signs()}
    thresholds = {sign.number: sign.threshold for sign in signs()}
    plain = {sign.number: str(sign.plain) for sign in signs()}
    projects = list(
        Project.objects.filter(organisation=organisation).order_by("title", "pk").only("pk", "title", "status")
    )
    # By the projects' own ids, so the (project, day, sign) index finds the rows without a join.
    snapshots = HealthSnapshot.objects.filter(project_id__in=[project.pk for project in projects])
    last_days = _last_day_each_month(snapshots, starts)
    # Each project's latest month with a snapshot, and the month before it.
    latest_month: dict[int, dt.date] = {}
    for (project_id, month), _day in last_days.items():
        if month > latest_month.get(project_id, dt.date.min):
            latest_month[project_id] = month
    now_day: dict[int, dt.date] = {}
    before_day: dict[int, dt.date] = {}
    # The month ends a slow slide is read over (health.drift), oldest first; None where no snapshot.
    slide_days: dict[int, list[dt.date | None]] = {}
    for project_id, month in latest_month.items():
        now_day[project_id] = last_days[(project_id, month)]
        previous = month_starts(month, 2)[0]
        if (project_id, previous) in last_days:
            before_day[project_id] = last_days[(project_id, previous)]
        slide_days[project_id] = [
            last_days.get((project_id, start)) for start in month_starts(month, SLIDE_MONTHS + 1)[:-1]
        ]
    latest: dict[int, dict[int, tuple]] = defaultdict(dict)
    before: dict[int, dict[int, str]] = defaultdict(dict)
    history: dict[tuple[int, int, dt.date], tuple[str, Decimal | None]] = {}
    wanted = set(now_day.values()) | set(before_day.values())
    wanted |= {day for days_back in slide_days.values() for day in days_back if day is not None}
    if wanted:
        # The value is read even without the figures: a slow slide is measured on it (health.drift).
        figures = ["evidence", "summary"] if with_figures else []
        rows = snapshots.filter(taken_on__in=wanted).values_list(
            "project_id", "taken_on", "sign", "rating", "value", *figures
        )
        for row in rows:
            pid, taken_on, number = row[0], row[1], row[2]
            if now_day.get(pid) == taken_on:
                latest[pid][number] = row
            if before_day.get(pid) == taken_on:
                before[pid][number] = row[3]
            history[(pid, number, taken_on)] = (row[3], row[4])
    status_labels = dict(Project.Status.choices)

    def slide(pid: int, number: int, row: tuple) -> str:
        threshold = thresholds.get(number)
        if threshold is None:
            return ""
        points = [history.get((pid, number, day), (None, None)) if day else (None, None) for day in slide_days[pid]]
        points.append((row[3], row[4]))
        return slide_words(points, threshold) if is_sliding(points, threshold) else ""

    result = []
    for project in projects:
        pid = project.pk
        sign_rows = [
            SignNow(
                number=number,
                title=titles[number] if number in titles else _("Sign %(number)s") % {"number": number},
                rating=row[3],
                value=row[4] if with_figures else None,
                evidence=row[5] if with_figures else 0,
                summary=row[6] if with_figures else "",
                before=before[pid].get(number),
                unit=thresholds[number].unit if number in thresholds else "",
                slide=slide(pid, number, row),
                plain=plain.get(number, ""),
            )
            for number, row in sorted(latest[pid].items())
        ]
        result.append(
            ProjectRow(
                project_id=pid,
                title=project.title,
                status=project.status,
                status_label=str(status_labels.get(project.status, project.status)),
                taken_on=now_day.get(pid),
                signs=sign_rows,
                months=[MonthCount(month) for month in starts],
            )
        )
    result = _filter_and_sort(result, rating, status, drifting_only, sort)
    _count_months(snapshots, result if months_for is None else result[months_for], starts, last_days)
    return result


def _filter_and_sort(result: list[ProjectRow], rating: str, status: str, drifting_only: bool, sort: str):
    """``organisation_health``'s filters and order."""
    if rating:
        result = [row for row in result if (row.worst or "none") == rating]
    if status:
        result = [row for row in result if row.status == status]
    if drifting_only:
        result = [row for row in result if row.drifting]
    result.sort(key=ProjectRow.drift_key if sort == "drift" else ProjectRow.risk_key)
    return result


def _count_months(snapshots, rows: list[ProjectRow], starts: list[dt.date], last_days: dict) -> None:
    """Fill each of ``rows``' ``months`` with how many signs stood at each rating on its month ends. One
    query (none for no rows), one row per project and day, counted by the database."""
    days = {last_days[(row.project_id, m)] for row in rows for m in starts if (row.project_id, m) in last_days}
    if not days:
        return
    counted = {rating: Count("id", filter=Q(rating=rating)) for rating in Rating.values}
    grouped = (
        snapshots.filter(project_id__in=[row.project_id for row in rows], taken_on__in=days)
        .values("project_id", "taken_on")
        .annotate(**counted)
        .order_by()
        .values_list("project_id", "taken_on", *Rating.values)
    )
    counts = {(pid, _as_date(day)): numbers for pid, day, *numbers in grouped}
    for row in rows:
        months = []
        for month in starts:
            day = last_days.get((row.project_id, month))
            c = counts.get((row.project_id, day)) if day else None
            if not c or not sum(c):
                months.append(MonthCount(month))
                continue
            by_rating = dict(zip(Rating.values, c, strict=True))
            months.append(
                MonthCount(
                    month,
                    at_risk=by_rating[Rating.AT_RISK],
                    attention=by_rating[Rating.ATTENTION],
                    good=by_rating[Rating.GOOD],
                    not_enough=by_rating[Rating.NOT_ENOUGH],
                    taken=True,
                )
            )
        row.months = months


# --- Links from the project and organisation pages ----------------------------------------------------


def project_panel(*, project, access, user) -> dict | None:
    """The project page's "Health check" panel (``projects.panels``), for everyone who may see the health
    check (``health.permissions.health_view_for``); None hides it. No query."""
    from roundtable.health.permissions import health_view_for

    view = health_view_for(access)
    return None if view is None else {"staff": view.staff}


def organisation_panel(*, organisation, roles, user) -> dict | None:
    """The organisation page's link to its health check, for admins and co-production leads. No query."""
    from roundtable.health.permissions import may_see_organisation_health

    return {} if may_see_organisation_health(roles) else None
