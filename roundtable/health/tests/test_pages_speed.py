"""The organisation's health table stays small and cheap: one page of projects at a time, a constant
number of queries whatever the number of projects, and the CSV with every project (docs/health.md, "Speed").
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.health.models import Rating
from roundtable.health.selectors_pages import organisation_health
from roundtable.health.tests.test_pages import TODAY, clock, own_registry, snap, world  # noqa: F401
from roundtable.health.views import PROJECTS_PER_PAGE
from roundtable.projects.tests.factories import ProjectFactory

DAYS = (dt.date(2026, 8, 31), dt.date(2026, 9, 30), dt.date(2026, 10, 31), dt.date(2026, 11, 19))


def add_projects(w, count: int, start: int = 0) -> None:
    """``count`` projects named "Project NN", each with four months of snapshots; every third at risk. (The
    world has one project of its own, "Better sleep", with no snapshot.)"""
    for n in range(start, start + count):
        project = ProjectFactory(organisation=w.organisation, created_by=w.admin, title=f"Project {n:02d}")
        for day in DAYS:
            snap(project, day, 1, Rating.AT_RISK if n % 3 == 0 else Rating.GOOD)
            snap(project, day, 6, Rating.ATTENTION if day == DAYS[-1] else Rating.GOOD)


def fresh(client, url: str) -> tuple[int, str]:
    """The page drawn afresh (not the copy kept for a few minutes): its query count and its HTML."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_same_queries_for_two_projects_and_for_twenty(client, world):  # noqa: F811
    add_projects(world, 2)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    first_few, _html = fresh(client, url)  # the projects' snapshots summed up and kept (HealthSummary)
    few, _html = fresh(client, url)
    add_projects(world, 18, start=2)
    first_many, _html = fresh(client, url)
    many, html = fresh(client, url)
    assert first_few == first_many == 12  # and the six below: projects, newest days, signs, counts, drop, keep
    assert few == many == 6  # session, person, organisation, roles, projects with their summaries, menu
    second, _html = fresh(client, url + "?page=2")
    assert second == many


def test_a_page_shows_fifteen_projects_worst_first_and_links_to_the_next_keeping_the_filters(client, world):  # noqa: F811
    add_projects(world, 20)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    _queries, first = fresh(client, url + "?sort=drift&status=published")
    shown = [n for n in range(20) if f">Project {n:02d}</a>" in first]
    assert len(shown) == PROJECTS_PER_PAGE == 15
    # Worst first: every project at risk (every third) is on the first page.
    assert {n for n in range(20) if n % 3 == 0} <= set(shown)
    assert "Projects 1 to 15 of 21." in first
    assert 'href="?sort=drift&amp;rating=&amp;status=published&amp;drifting=&amp;page=2"' in first
    assert 'rel="prev"' not in first
    _queries, second = fresh(client, url + "?sort=drift&status=published&page=2")
    rest = [n for n in range(20) if f">Project {n:02d}</a>" in second]
    assert sorted(shown + rest) == list(range(20))
    assert "Projects 16 to 21 of 21." in second and 'rel="next"' not in second
    # Each project on the page has its chart and the figures behind it, drawn from its own months.
    assert second.count('class="rt-chart rt-chart--organisation"') == second.count('class="rt-health-months"') == 6
    assert "<td>0</td><td>1</td>" in second  # Nov 2026: nothing at risk, one sign needs attention


def test_a_page_past_the_last_shows_the_last_and_a_bad_page_the_first(client, world):  # noqa: F811
    add_projects(world, 17)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    _queries, past = fresh(client, url + "?page=9")
    assert "Projects 16 to 18 of 18." in past
    for bad in ("0", "-1", "two", ""):
        _queries, html = fresh(client, url + f"?page={bad}")
        assert "Projects 1 to 15 of 18." in html


def test_one_page_needs_no_page_links(client, world):  # noqa: F811
    add_projects(world, 3)
    client.force_login(world.lead)
    _queries, html = fresh(client, reverse("health:organisation", args=[world.organisation.slug]))
    assert "govuk-pagination" not in html and "Projects 1 to" not in html


def test_the_csv_has_every_project_whatever_the_page(client, world):  # noqa: F811
    add_projects(world, 20)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    response = client.get(url, {"format": "csv", "page": "2"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = {row[0] for row in rows[1:]}
    assert titles >= {f"Project {n:02d}" for n in range(20)}


def test_monthly_counts_only_for_the_rows_asked_for(world):  # noqa: F811
    add_projects(world, 4)
    rows = organisation_health(world.organisation, today=TODAY, months_for=slice(0, 2), with_figures=False)
    assert [any(m.taken for m in row.months) for row in rows] == [True, True, False, False, False]
    assert all(sign.summary == "" and sign.value is None for row in rows for sign in row.signs)
    everything = organisation_health(world.organisation, today=TODAY)
    assert [any(m.taken for m in row.months) for row in everything] == [True] * 4 + [False]  # no snapshot
    assert [row.title for row in rows] == [row.title for row in everything]
