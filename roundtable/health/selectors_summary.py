"""Each project's nightly snapshots summed up for the organisation's health page (``HealthSummary``).

``summaries_compute`` works the summaries out from the snapshots (the writes keep them:
``services.summaries_keep``); ``project_rows`` gives the organisation's table rows from them, as
``selectors_pages.organisation_health`` would from the snapshots, on any London day. A summary holds no
day-bound answer: it has the project's newest snapshot day and the twelve months up to it, and the page
cuts that to its own twelve months (so a sign whose month before falls outside them has no "before", as
when read from the snapshots).

``data`` (``FORMAT``)::

    {"newest": "2026-11-19" or None,
     "signs": [[number, rating, before rating or None,
                [[rating, measure], ...] at the three month ends before the newest month, oldest first,
                measure now], ...],
     "months": {"2026-11-01": [at risk, needs attention, good, not enough], ...}}

Measures are kept as strings (or None), so nothing is rounded on the way; months with no sign counted are
left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from roundtable.health.drift import SLIDE_MONTHS, is_sliding, slide_words
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.registry import signs

# Bump when the shape of ``data`` changes: older rows are worked out again, never misread.
FORMAT = 1
# The months a summary counts, up to its newest: the page's twelve.
MONTHS = 12


def _month_starts(first: dt.date, months: int) -> list[dt.date]:
    from roundtable.health.selectors_pages import month_starts

    return month_starts(first, months)


def _month_end(first: dt.date) -> dt.date:
    from roundtable.health.selectors_pages import _next_month

    return _next_month(first) - dt.timedelta(days=1)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def summaries_compute(project_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Project id -> its summary ``data`` (module docstring), from its snapshots now. Three queries
    whatever the number of projects or days (none for no project): the newest day of each, the signs on
    the newest day and the three month ends before it, and the counts on the twelve month ends."""
    if not project_ids:
        return {}
    first_sign = min((sign.number for sign in signs()), default=1)
    snapshots = HealthSnapshot.objects.filter(project_id__in=project_ids)
    newest: dict[int, dt.date] = dict(
        snapshots.filter(sign=first_sign)
        .values("project_id")
        .annotate(last=Max("taken_on"))
        .order_by()
        .values_list("project_id", "last")
    )
    # Each project's day for each of its twelve months: the month's last day, and the newest day for its month.
    month_days: dict[int, dict[dt.date, dt.date]] = {}
    for project_id, last in newest.items():
        if isinstance(last, dt.datetime):
            last = last.date()
            newest[project_id] = last
        starts = _month_starts(last, MONTHS)
        month_days[project_id] = {start: _month_end(start) for start in starts[:-1]} | {starts[-1]: last}
    drift_days = {
        project_id: [days[start] for start in _month_starts(newest[project_id], SLIDE_MONTHS + 1)]
        for project_id, days in month_days.items()
    }
    wanted = {day for days in drift_days.values() for day in days}
    at: dict[tuple[int, dt.date], dict[int, tuple[str, Decimal | None]]] = defaultdict(dict)
    if wanted:
        rows = snapshots.filter(taken_on__in=wanted).values_list("project_id", "taken_on", "sign", "rating", "value")
        for project_id, taken_on, number, rating, value in rows:
            at[(project_id, taken_on)][number] = (rating, value)
    counts: dict[tuple[int, dt.date], list[int]] = {}
    days = {day for by_month in month_days.values() for day in by_month.values()}
    if days:
        counted = {rating: Count("id", filter=Q(rating=rating)) for rating in Rating.values}
        grouped = (
            snapshots.filter(taken_on__in=days)
            .values("project_id", "taken_on")
            .annotate(**counted)
            .order_by()
            .values_list("project_id", "taken_on", *Rating.values)
        )
        counts = {(pid, day): list(numbers) for pid, day, *numbers in grouped}
    out: dict[int, dict[str, Any]] = {}
    for project_id in project_ids:
        if project_id not in newest:
            out[project_id] = {"newest": None, "signs": [], "months": {}}
            continue
        last = newest[project_id]
        *slide_days, _now = drift_days[project_id]
        latest = at.get((project_id, last), {})
        before = at.get((project_id, slide_days[-1]), {})
        out[project_id] = {
            "newest": last.isoformat(),
            "signs": [
                [
                    number,
                    rating,
                    before[number][0] if number in before else None,
                    [
                        [point[0], _dec(point[1])] if (point := at.get((project_id, day), {}).get(number)) else None
                        for day in slide_days
                    ],
                    _dec(value),
                ]
                for number, (rating, value) in sorted(latest.items())
            ],
            "months": {
                start.isoformat(): found
                for start, day in month_days[project_id].items()
                if (found := counts.get((project_id, day))) and sum(found)
            },
        }
    return out


def project_rows(projects: list[tuple[int, str, str]], summaries: dict[int, dict], starts: list[dt.date]):
    """The organisation table's rows (``selectors_pages.ProjectRow``, in ``projects``' order) from kept
    summaries: ``projects`` are (id, title, status); ``starts`` the page's months (first days, oldest first,
    ending with this month). Every project must have a summary. No query.

    Each row's ``months`` say "no check" until ``fill_months`` fills them in (for the rows shown).
    """
    from roundtable.health.selectors_pages import MonthCount, ProjectRow, SignNow
    from roundtable.projects.models import Project

    by_number = {sign.number: sign for sign in signs()}
    # Each sign's words once for the page, not once for each project: (title, unit, plain words, rule).
    words = {
        number: (str(sign.title), sign.threshold.unit, str(sign.plain), sign.threshold)
        for number, sign in by_number.items()
    }
    status_labels = {value: str(label) for value, label in Project.Status.choices}  # in words once
    first = starts[0]
    unchecked = [MonthCount(month) for month in starts]  # every row's until ``fill_months`` (never changed)
    result = []
    for pid, title, status in projects:
        data = summaries[pid]
        newest = data["newest"]
        last = dt.date.fromisoformat(newest) if newest else None
        sign_rows: list = []
        if last is not None and last >= first:
            newest_month = last.replace(day=1)
            drift_months = _month_starts(newest_month, SLIDE_MONTHS + 1)[:-1]
            seen = [month >= first for month in drift_months]  # a month end before the page's months: no point
            has_before = seen[-1]
            for number, rating, before, points, value in data["signs"]:
                known = words.get(number)
                slide = ""
                # A slide needs a measure with enough evidence at each point (health.drift.is_sliding).
                if known is not None and all(seen) and value is not None and rating != Rating.NOT_ENOUGH:
                    line = [
                        (point[0], None if point[1] is None else Decimal(point[1])) if point else (None, None)
                        for point in points
                    ]
                    line.append((rating, Decimal(value)))
                    slide = slide_words(line, known[3]) if is_sliding(line, known[3]) else ""
                sign_rows.append(
                    SignNow(
                        number=number,
                        title=known[0] if known is not None else _("Sign %(number)s") % {"number": number},
                        rating=rating,
                        value=None,
                        evidence=0,
                        summary="",
                        before=before if has_before else None,
                        unit=known[1] if known is not None else "",
                        slide=slide,
                        plain=known[2] if known is not None else "",
                    )
                )
        result.append(
            ProjectRow(
                project_id=pid,
                title=title,
                status=status,
                status_label=str(status_labels.get(status, status)),
                taken_on=last if last is not None and last >= first else None,
                signs=sign_rows,
                months=unchecked,
            )
        )
    return result


def organisation_summaries(organisation) -> tuple[list[tuple[int, str, str]], dict[int, dict[str, Any]]]:
    """``organisation``'s projects as (id, title, status), by title, and the kept summary ``data`` of each
    project that has one of this ``FORMAT`` (id -> data; the others are missing). One query."""
    from roundtable.projects.models import Project

    rows = (
        Project.objects.filter(organisation=organisation)
        .order_by("title", "pk")
        .values_list("pk", "title", "status", "health_summary__format", "health_summary__data")
    )
    projects, summaries = [], {}
    for pid, title, status, kept_format, data in rows:
        projects.append((pid, title, status))
        if kept_format == FORMAT and data is not None:
            summaries[pid] = data
    return projects, summaries


def fill_months(rows: list, summaries: dict[int, dict], starts: list[dt.date]) -> None:
    """Fill each of ``rows``' ``months`` (``selectors_pages.MonthCount`` for each of ``starts``) with how many
    signs stood at each rating at the month's end, from the kept ``summaries``. No query."""
    from roundtable.health.selectors_pages import MonthCount

    month_text = [(start, start.isoformat()) for start in starts]
    for row in rows:
        data = summaries[row.project_id]
        if row.taken_on is None:
            continue
        newest_month = row.taken_on.replace(day=1)
        counted = data["months"]
        months = []
        for month, key in month_text:
            found = counted.get(key) if month <= newest_month else None
            if not found:
                months.append(MonthCount(month))
                continue
            at_risk, attention, good, not_enough = found
            months.append(MonthCount(month, at_risk, attention, good, not_enough, taken=True))
        row.months = months
