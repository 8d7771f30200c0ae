"""The health check's pages: one project's signs, and an organisation's projects (and its CSV).

Thin: check who may see it (``health.permissions``), read (``health.selectors_pages``), render.
"""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from roundtable.health import charts
from roundtable.health.models import Rating
from roundtable.health.permissions import require_organisation_health, require_project_health
from roundtable.health.registry import signs
from roundtable.health.selectors_pages import SORTS, organisation_health, project_health
from roundtable.projects.models import Project

RATING_FILTERS = [*Rating.values, "none"]


@login_required
@require_GET
def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """A project's health check: every sign, its trend, the recommendations' evidence and how it felt."""
    view = require_project_health(request.user, project_id)
    project = view.project
    health = project_health(project, staff=view.staff)
    rows = []
    for item in health.signs:
        chart = charts.sign_trend_svg(
            item.trend,
            ids=f"trend-{item.sign.key}",
            title=_("Sign %(number)s, month by month") % {"number": item.sign.number},
        )
        rows.append((item, charts.rating_swatch(item.finding.rating), chart))
    context = {
        "project": project,
        "access": view.access,
        "staff": view.staff,
        "health": health,
        "rows": rows,
        "pattern_defs": charts.pattern_defs(),
        "legend": [(rating, charts.rating_swatch(rating)) for rating in Rating],
        "counts": [(rating, charts.rating_swatch(rating), health.counts.get(rating, 0)) for rating in Rating],
    }
    return render(request, "health/project.html", context)


def _safe(value):
    """Stop a spreadsheet treating text like "=SUM(...)" as a formula (as the other CSV exports do)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(organisation, rows) -> HttpResponse:
    """One row per project and sign, from the latest snapshots."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([
        _("Project"), _("Project status"), _("Checked on"), _("Sign number"), _("Sign"), _("Rating"),
        _("Measure"), _("Drawn from"), _("What we found"), _("Rating at the end of last month"),
        _("Got worse this month"), _("Link"),
    ])  # fmt: skip
    for row in rows:
        link = f"/projects/{row.project_id}/health/"
        if not row.signs:
            writer.writerow([
                _safe(row.title), row.status_label, "", "", "", _("No check yet"), "", "", "", "", "", link,
            ])  # fmt: skip
        for sign in row.signs:
            writer.writerow([
                _safe(row.title), row.status_label, row.taken_on.isoformat() if row.taken_on else "",
                sign.number, _safe(sign.title), sign.rating_label,
                sign.value_text, sign.evidence, _safe(sign.summary),
                sign.before_label, _("Yes") if sign.drifted else _("No"), link,
            ])  # fmt: skip
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="health-{organisation.slug}.csv"'
    return response


@login_required
@require_GET
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Every project of the organisation, worst first, with drift, small trends, filters and a CSV."""
    organisation, _roles = require_organisation_health(request.user, slug)
    sort = request.GET.get("sort", "risk")
    sort = sort if sort in SORTS else "risk"
    rating = request.GET.get("rating", "")
    rating = rating if rating in RATING_FILTERS else ""
    status = request.GET.get("status", "")
    status = status if status in Project.Status.values else ""
    drifting = request.GET.get("drifting") == "yes"
    rows = organisation_health(organisation, sort=sort, rating=rating, status=status, drifting_only=drifting)
    if request.GET.get("format") == "csv":
        return _csv(organisation, rows)
    charted = [
        (
            row,
            charts.rating_swatch(row.worst or ""),
            charts.organisation_trend_svg(
                row.months,
                ids=f"org-trend-{row.project_id}",
                title=_("%(title)s: signs at risk or needing attention, month by month") % {"title": row.title},
                signs=max(len(signs()), 1),
            ),
        )
        for row in rows
    ]
    query = request.GET.copy()
    query.pop("format", None)
    query["format"] = "csv"
    context = {
        "organisation": organisation,
        "rows": charted,
        "sort": sort,
        "rating": rating,
        "status": status,
        "drifting": drifting,
        "filtered": bool(rating or status or drifting),
        "csv_query": query.urlencode(),
        "rating_choices": [(value, label) for value, label in Rating.choices] + [("none", _("No check yet"))],
        "status_choices": Project.Status.choices,
        "pattern_defs": charts.pattern_defs(),
        "legend": [(r, charts.rating_swatch(r)) for r in (Rating.AT_RISK, Rating.ATTENTION)],
    }
    return render(request, "health/organisation.html", context)
