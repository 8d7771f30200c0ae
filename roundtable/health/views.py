"""The health check's pages: one project's signs, and an organisation's projects (and its CSV).

Thin: check who may see it (``health.permissions``), read (``health.selectors_pages``), render.
"""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from roundtable.feedback.selectors import felt_comments
from roundtable.health import charts, drawing
from roundtable.health.changes import organisation_version
from roundtable.health.models import Rating
from roundtable.health.permissions import require_organisation_health, require_project_health
from roundtable.health.registry import signs
from roundtable.health.selectors_pages import SORTS, organisation_health
from roundtable.lib.spreadsheet import safe_cell
from roundtable.projects.models import Project

RATING_FILTERS = [*Rating.values, "none"]

# The organisation's table shows this many projects a page (worst first), so it stays small on a phone;
# the CSV has every project.
PROJECTS_PER_PAGE = 15


# The drawn body of a project's page is kept this long, one copy for staff and one for members in each
# language, for each kept measurement (its version is in the key), so drawing ten charts is not repeated.
HEALTH_PAGE_SECONDS = 5 * 60
ORGANISATION_PAGE_SECONDS = 24 * 60 * 60  # the key carries the London day and the data's version


def _project_body(project: Project, view, health) -> str:
    """The page's body, drawn from ``health`` (a ``ProjectHealth`` for this viewer)."""
    rows = []
    for item in health.signs:
        chart = charts.sign_trend_svg(
            item.trend,
            ids=f"trend-{item.sign.key}",
            title=_("Sign %(number)s, month by month") % {"number": item.sign.number},
        )
        rows.append((item, charts.rating_swatch(item.finding.rating), chart, charts.sign_months_rows(item.trend)))
    context = {
        "project": project,
        "staff": view.staff,
        "health": health,
        "rows": rows,
        "sections": drawing.sign_sections(rows, staff=view.staff),
        "recommendation_items": drawing.recommendation_items(health.recommendations, staff=view.staff),
        "pattern_defs": charts.pattern_defs(),
        "legend": [(rating, charts.rating_swatch(rating)) for rating in Rating],
        "counts": [(rating, charts.rating_swatch(rating), health.counts.get(rating, 0)) for rating in Rating],
    }
    return render_to_string("health/includes/project_body.html", context)


@login_required
@require_GET
def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """A project's health check: every sign, its trend, the recommendations' evidence and how it felt.

    Read from the project's kept measurement (``HealthMeasurement``, docs/health.md, "The kept
    measurement"): one row, never measured per visit. With none yet (a first visit) it is measured now and
    kept. When it is stale (the record changed, or it is older than ``MEASUREMENT_FRESH``) the page shows it
    with the time it was measured and "measuring again", and asks the worker to measure again.
    """
    from roundtable.health import stored
    from roundtable.health.selectors import kept_measurement, measurement_is_current
    from roundtable.health.services import measurement_request, measurement_take

    view = require_project_health(request.user, project_id)
    project = view.project
    language = get_language() or "en-gb"
    now = timezone.now()
    measurement = kept_measurement(project, language=language, with_data=False)
    health = None
    if measurement is None:
        measurement = measurement_take(project, language=language, now=now)
        current = True
    else:
        current = measurement_is_current(measurement, now=now)
        if not current:
            measurement_request(measurement, now=now)
    who = "staff" if view.staff else "member"
    key = f"health:project:{project.pk}:{who}:{language}:{measurement.pk}:{measurement.version}"
    body = cache.get(key)
    if body is None:
        if (measurement.data or {}).get("format") != stored.FORMAT:  # kept in another shape: measure again
            measurement = measurement_take(project, language=language, now=now)
            current = True
        # What partners wrote is never kept: staff read it live, as the record stood when measured.
        comments = felt_comments(project, as_of=measurement.measured_at) if view.staff else ()
        health = stored.load(measurement.data, staff=view.staff, comments=comments)
        body = _project_body(project, view, health)
        cache.set(key, body, HEALTH_PAGE_SECONDS)
    measured_at = measurement.measured_at
    context = {
        "project": project,
        "access": view.access,
        "staff": view.staff,
        "body": mark_safe(body),  # drawn by our own template, escaped there  # noqa: S308
        "measured_at": measured_at,
        "measured_today": timezone.localdate(measured_at) == timezone.localdate(now),
        "current": current,
    }
    return render(request, "health/project.html", context)


def _csv(organisation, rows) -> HttpResponse:
    """One row per project and sign, from the latest snapshots."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([
        _("Project"), _("Project status"), _("Checked on"), _("Sign number"), _("Sign"), _("Rating"),
        _("Measure"), _("Drawn from"), _("What we found"), _("Rating at the end of last month"),
        _("Getting worse"), _("Link"),
    ])  # fmt: skip
    for row in rows:
        link = f"/projects/{row.project_id}/health/"
        if not row.signs:
            writer.writerow([
                safe_cell(row.title), row.status_label, "", "", "", _("No check yet"), "", "", "", "", "", link,
            ])  # fmt: skip
        for sign in row.signs:
            writer.writerow([
                safe_cell(row.title), row.status_label, row.taken_on.isoformat() if row.taken_on else "",
                sign.number, safe_cell(sign.title), sign.rating_label,
                sign.value_text, sign.evidence, safe_cell(sign.summary),
                sign.before_label, _("Yes") if sign.drifted else _("No"), link,
            ])  # fmt: skip
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="health-{organisation.slug}.csv"'
    return response


def _page_number(raw: str | None) -> int:
    """The ?page= number; anything that is not a whole number from 1 up means page 1."""
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return number if number >= 1 else 1


def _organisation_body(organisation, *, sort, rating, status, drifting, page) -> str:
    """The organisation page's body: the filters, and one page of the table of projects with a small chart
    each (``PROJECTS_PER_PAGE``; a page past the last shows the last).

    Drawn from the nightly snapshots, which change once a night, and the projects' names and states; kept for
    each choice of filters and page until one of those changes or the London day turns (``organisation_page``):
    every lead and admin of the organisation sees the same table.
    """
    from roundtable.health.selectors_summary import organisation_summaries
    from roundtable.health.services import summaries_keep

    # Each project's snapshots as summed up when they were written (``HealthSummary``); one with none yet is
    # summed up now and kept.
    projects, summaries = organisation_summaries(organisation)
    missing = [pid for pid, _title, _status in projects if pid not in summaries]
    if missing:
        summaries.update(summaries_keep(missing, replace=False))
    shown = slice((page - 1) * PROJECTS_PER_PAGE, page * PROJECTS_PER_PAGE)
    rows = organisation_health(
        organisation, sort=sort, rating=rating, status=status, drifting_only=drifting,
        months_for=shown, with_figures=False, kept=(projects, summaries),
    )  # fmt: skip
    pages = max(1, -(-len(rows) // PROJECTS_PER_PAGE))
    if page > pages:
        page = pages
        shown = slice((page - 1) * PROJECTS_PER_PAGE, page * PROJECTS_PER_PAGE)
        rows = organisation_health(
            organisation, sort=sort, rating=rating, status=status, drifting_only=drifting,
            months_for=shown, with_figures=False, kept=(projects, summaries),
        )  # fmt: skip
    chart_title = _("%(title)s: signs at risk or needing attention, month by month")
    table_caption = _("%(title)s, month by month")
    charted = [
        (
            row,
            charts.rating_swatch(row.worst or ""),
            charts.organisation_trend_svg(
                row.months, ids=f"org-trend-{row.project_id}", title=chart_title % {"title": row.title},
                signs=max(len(signs()), 1),
            ),
            charts.organisation_months_table(row.months, caption=table_caption % {"title": row.title}),
        )
        for row in rows[shown]
    ]  # fmt: skip
    # The links carry the filters as read (never other words from the address: the body is shared).
    query = QueryDict(mutable=True)
    query.update({"sort": sort, "rating": rating, "status": status, "drifting": "yes" if drifting else ""})

    def link(**extra: str) -> str:
        out = query.copy()
        out.update(extra)
        return out.urlencode()

    context = {
        "organisation": organisation,
        "rows": charted,
        "table_rows": charts.organisation_rows(
            charted, worst=_("Worst sign"), drift=_("Getting worse"), trend=_("Last 12 months")
        ),
        "total": len(rows),
        "first": shown.start + 1,
        "last": shown.start + len(charted),
        "page": page,
        "pages": pages,
        "previous_query": link(page=str(page - 1)) if page > 1 else "",
        "next_query": link(page=str(page + 1)) if page < pages else "",
        "sort": sort,
        "rating": rating,
        "status": status,
        "drifting": drifting,
        "filtered": bool(rating or status or drifting),
        "csv_query": link(format="csv"),
        "rating_choices": [(value, label) for value, label in Rating.choices] + [("none", _("No check yet"))],
        "status_choices": Project.Status.choices,
        "pattern_defs": charts.pattern_defs(),
        "legend": [(r, charts.rating_swatch(r)) for r in (Rating.AT_RISK, Rating.ATTENTION)],
    }
    return render_to_string("health/includes/organisation_body.html", context)


@login_required
@require_GET
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Every project of the organisation, worst first, with drift, small trends, filters and a CSV.

    One page of ``PROJECTS_PER_PAGE`` projects (``?page=``, keeping the filters); the CSV has them all.
    """
    organisation, _roles = require_organisation_health(request.user, slug)
    sort = request.GET.get("sort", "risk")
    sort = sort if sort in SORTS else "risk"
    rating = request.GET.get("rating", "")
    rating = rating if rating in RATING_FILTERS else ""
    status = request.GET.get("status", "")
    status = status if status in Project.Status.values else ""
    drifting = request.GET.get("drifting") == "yes"
    if request.GET.get("format") == "csv":
        rows = organisation_health(organisation, sort=sort, rating=rating, status=status, drifting_only=drifting)
        return _csv(organisation, rows)
    page = _page_number(request.GET.get("page"))
    # Kept until the projects or their snapshots change (``changes.organisation_version``) or the day turns.
    version = organisation_version(organisation.pk)
    key = (
        f"health:organisation:{organisation.pk}:{version}:{timezone.localdate().isoformat()}:"
        f"{sort}:{rating}:{status}:{drifting}:{page}:{get_language()}"
    )
    body = cache.get(key)
    if body is None:
        body = _organisation_body(organisation, sort=sort, rating=rating, status=status, drifting=drifting, page=page)
        cache.set(key, body, ORGANISATION_PAGE_SECONDS)
    context = {"organisation": organisation, "body": mark_safe(body)}  # drawn by our own template  # noqa: S308
    return render(request, "health/organisation.html", context)
