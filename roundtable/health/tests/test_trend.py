# ruff: noqa: F811 - the fixtures are imported from snapshot_fixtures, and tests take them by name
"""The monthly trend of a project and the organisation's table come from the snapshots in a fixed number
of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from roundtable.health.models import Rating
from roundtable.health.selectors import TrendPoint, organisation_health, trend
from roundtable.health.services import take_snapshot
from roundtable.health.tests.snapshot_fixtures import VALUES, cast, london, scripts  # noqa: F401
from roundtable.projects import services as project_services
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

GOOD, ATTENTION, AT_RISK, NOT_ENOUGH = Rating.GOOD, Rating.ATTENTION, Rating.AT_RISK, Rating.NOT_ENOUGH


def take(project, *days: dt.date) -> None:
    for day in days:
        take_snapshot(project, day)


# --- trend ----------------------------------------------------------------------------------------------------


def test_the_trend_is_the_last_snapshot_of_each_london_month(cast, scripts):
    d = dt.date
    scripts.first.set(AT_RISK, d(2027, 3, 31))  # the end of March
    scripts.first.set(AT_RISK, d(2027, 4, 2))  # early April only: the month ends good
    scripts.first.set(ATTENTION, d(2027, 6, 15))  # the newest day of June so far
    take(cast.project, d(2027, 3, 20), d(2027, 3, 31), d(2027, 4, 2), d(2027, 4, 30), d(2027, 6, 1), d(2027, 6, 15))
    points = trend(cast.project, today=d(2027, 6, 16))
    assert points[1] == [
        TrendPoint(d(2027, 3, 1), AT_RISK, VALUES[AT_RISK]),
        TrendPoint(d(2027, 4, 1), GOOD, VALUES[GOOD]),
        # No snapshot in May: no point, rather than a made-up one.
        TrendPoint(d(2027, 6, 1), ATTENTION, VALUES[ATTENTION]),
    ]
    assert points[1][0] == (d(2027, 3, 1), AT_RISK, Decimal("20"))
    assert points[1][0].rating == AT_RISK
    assert [p.value for p in points[3]] == [Decimal("2")] * 3  # the members sign: Amira and Dr Lee


def test_the_trend_covers_the_months_asked_for_and_every_sign_has_a_line(cast, scripts):
    d = dt.date
    take(cast.project, d(2027, 3, 31), d(2027, 4, 30), d(2027, 5, 31))
    points = trend(cast.project, months=2, today=d(2027, 5, 31))
    assert [p.month for p in points[1]] == [d(2027, 4, 1), d(2027, 5, 1)]
    assert sorted(points) == [1, 2, 3]
    fresh = ProjectFactory(organisation=cast.organisation, title="Short breaks")
    assert trend(fresh, today=d(2027, 5, 31)) == {1: [], 2: [], 3: []}


def test_the_trend_runs_to_this_month_on_the_london_clock(cast, scripts):
    d = dt.date
    take(cast.project, d(2027, 3, 31), d(2027, 4, 30))
    # 11:30pm BST on 30 April is 22:30 UTC: still April.
    with time_machine.travel(london(2027, 4, 30, 23, 30), tick=False):
        assert [p.month for p in trend(cast.project, months=1)[1]] == [d(2027, 4, 1)]
    # 00:30 BST on 1 May is still 30 April in UTC, but London's month is May, which has no snapshot yet.
    with time_machine.travel(london(2027, 5, 1, 0, 30), tick=False):
        assert trend(cast.project, months=1)[1] == []
        assert [p.month for p in trend(cast.project)[1]] == [d(2027, 3, 1), d(2027, 4, 1)]


def test_a_year_of_trend_is_one_query(cast, scripts, django_assert_num_queries):
    day = dt.date(2027, 3, 20)
    while day <= dt.date(2028, 3, 20):
        if day.day in (1, 15, 28):
            take(cast.project, day)
        day += dt.timedelta(days=1)
    with django_assert_num_queries(1):
        points = trend(cast.project, today=dt.date(2028, 3, 20))
    assert len(points[1]) == 12


# --- the organisation's table ---------------------------------------------------------------------------------


def test_each_project_shows_its_newest_ratings_its_worst_and_what_got_worse_this_month(cast, scripts):
    d = dt.date
    with time_machine.travel(london(2027, 3, 20, 11), tick=False):
        drifting = ProjectFactory(organisation=cast.organisation, title="Short breaks")
        quiet = ProjectFactory(organisation=cast.organisation, title="Support at school")
        ProjectFactory(organisation=cast.organisation, title="Draft idea", draft=True)
    # "Better sleep": at risk on sign 1 now and a month ago: the worst, but no drift.
    scripts.first.set(AT_RISK, d(2027, 4, 10), d(2027, 5, 10))
    take(cast.project, d(2027, 4, 10), d(2027, 5, 10))
    # "Short breaks": sign 2 slipped from good to needs attention since the same day a month before.
    # (A sign's script is by day, so this project's days differ from the first's.)
    take(drifting, d(2027, 4, 9), d(2027, 4, 11))
    scripts.second.set(ATTENTION, d(2027, 5, 11))
    take(drifting, d(2027, 5, 11))
    rows = organisation_health(cast.organisation)
    assert [r.project.title for r in rows] == ["Better sleep", "Short breaks", "Support at school"]
    sleep, breaks, school = rows
    assert sleep.taken_on == d(2027, 5, 10)
    assert sleep.ratings == {1: AT_RISK, 2: GOOD, 3: GOOD}
    assert sleep.values[1] == Decimal("20")
    assert sleep.worst == AT_RISK
    assert (sleep.compared_on, sleep.drift) == (d(2027, 4, 10), [])
    assert breaks.worst == ATTENTION
    assert (breaks.compared_on, breaks.drift) == (d(2027, 4, 11), [2])
    # "Support at school" has no snapshot yet: it comes last, with nothing to show.
    assert school.project == quiet
    assert (school.taken_on, school.ratings, school.worst, school.drift) == (None, {}, None, [])


def test_drift_compares_with_the_newest_snapshot_about_a_month_before(cast, scripts):
    d = dt.date
    # 31 March compares with the end of February; a project younger than a month has no drift yet.
    scripts.first.set(AT_RISK, d(2027, 3, 31))
    take(cast.project, d(2027, 3, 20), d(2027, 3, 31))
    (row,) = organisation_health(cast.organisation)
    assert (row.compared_on, row.drift) == (None, [])
    scripts.first.set(ATTENTION, d(2027, 4, 30))
    take(cast.project, d(2027, 4, 30))
    (row,) = organisation_health(cast.organisation)
    # 30 April compares with 30 March or before: 20 March, when sign 1 was good.
    assert (row.compared_on, row.drift) == (d(2027, 3, 20), [1])


def test_a_snapshot_more_than_a_month_before_that_is_not_compared(cast, scripts):
    d = dt.date
    scripts.first.set(AT_RISK, d(2027, 4, 15))
    take(cast.project, d(2027, 2, 1), d(2027, 4, 15))  # 15 March, back to 13 February: no snapshot
    (row,) = organisation_health(cast.organisation)
    assert (row.compared_on, row.drift) == (None, [])
    take(cast.project, d(2027, 2, 14))
    (row,) = organisation_health(cast.organisation)
    assert (row.compared_on, row.drift) == (d(2027, 2, 14), [1])


def test_running_short_of_evidence_is_not_drift_but_no_evidence_to_at_risk_is(cast, scripts):
    d = dt.date
    scripts.first.set(NOT_ENOUGH, d(2027, 4, 20))
    scripts.second.set(NOT_ENOUGH, d(2027, 3, 20))
    scripts.second.set(AT_RISK, d(2027, 4, 20))
    take(cast.project, d(2027, 3, 20), d(2027, 4, 20))
    (row,) = organisation_health(cast.organisation)
    assert row.drift == [2]
    assert row.worst == AT_RISK


def test_ended_projects_are_in_the_table_and_other_organisations_are_not(cast, scripts):
    project_services.project_end(actor=cast.admin, project=cast.project)
    ProjectFactory(title="Someone else's project")
    assert [r.project.title for r in organisation_health(cast.organisation)] == ["Better sleep"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_table_is_three_queries_whatever_the_number_of_projects(cast, scripts, count, django_assert_num_queries):
    d = dt.date
    for n in range(count - 1):
        ProjectFactory(organisation=cast.organisation, title=f"Project {n:02d}")
    projects = list(cast.organisation.projects.all())
    for n, project in enumerate(projects):
        # Different newest days, so the month-before days differ too.
        newest = d(2027, 5, 10) - dt.timedelta(days=n % 3)
        take(project, newest - dt.timedelta(days=30), newest)
    with django_assert_num_queries(3):
        rows = organisation_health(cast.organisation)
    assert len(rows) == count
    assert all(r.compared_on is not None for r in rows)
