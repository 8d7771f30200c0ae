# ruff: noqa: F811 - the fixtures are imported from test_recommendations, and tests take them by name
"""A project's health check measured afresh runs a fixed number of queries, whatever the amount of
history (docs/health.md, "Speed"). Built on the recommendations' world: every kind of record, through
the services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.tests.test_recommendations import at, build_world, clock, media, people  # noqa: F401


def fresh(client, url: str) -> tuple[int, str]:
    """The page drawn afresh (not the copy kept for a few minutes): its query count and its HTML."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def project_page_queries(client, people, *, first_visit: bool) -> int:  # noqa: F811
    """The project's health check as its organiser, drawn afresh (no kept copy of the body): how many
    queries. ``first_visit`` True: no kept measurement, so the page measures and keeps one; False: the page
    reads the kept measurement the visit before made."""
    from roundtable.health.models import HealthMeasurement

    url = reverse("health:project", args=[people.project.pk])
    with time_machine.travel(at(31, 12), tick=False):
        client.force_login(people.organiser)
        client.get(url)  # the session and the person, read once per request anyway; keeps a measurement
        if first_visit:
            HealthMeasurement.objects.all().delete()
        count, html = fresh(client, url)
    assert "Sign 10" in html
    return count


def snapshots_for(project, days: int) -> None:
    """A nightly snapshot of every sign for the ``days`` days to 30 March 2026, as the worker keeps them."""
    last = dt.date(2026, 3, 30)
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(
            project=project, taken_on=last - dt.timedelta(days=back), sign=sign,
            rating=(Rating.GOOD, Rating.ATTENTION, Rating.AT_RISK)[(back // 30 + sign) % 3], value=50, evidence=5,
            summary="Measured from the record.",
        )
        for back in range(days)
        for sign in range(1, 11)
    )  # fmt: skip


# A first visit (no kept measurement yet) measures every sign and recommendation live and keeps it: each
# has its own fixed count (their tests), plus a few asked only when there is something to ask (the next
# meeting for an action, comments when enough people answered), then the kept row looked up and made
# (with its savepoints). So the count
# does not grow with the record (docs/health.md, "Speed").
# 95 since sign 2 reads the conversation's topics and replies (one query each, feedback/inputs.py); 94 since
# the drawing reads only what partners wrote (``felt_comments``), not the averages again.
FIRST_VISIT_QUERIES = 94
# Every later visit reads the kept measurement: the session, the person, who may see it (project and roles),
# the kept row; and when the body is drawn (not for its kept copy) its figures and, for staff only, what
# partners wrote, read live (``felt_comments``: how many answered, and the comments when 3 or more did).
KEPT_PAGE_QUERIES = 9


@pytest.mark.parametrize("rounds", [0, 1, 3])
def test_a_first_visit_runs_the_same_queries_with_little_history_and_with_a_year(client, people, clock, rounds):  # noqa: F811
    """One round of every kind of record with a month of nightly snapshots, and three rounds with a year of
    them: the same count. With no record at all a few queries are not needed (no meeting's papers to look
    at, no snapshot to draw a trend from), never more."""
    if rounds:
        build_world(people, clock, rounds=rounds)
        snapshots_for(people.project, days=365 if rounds == 3 else 30)
    count = project_page_queries(client, people, first_visit=True)
    assert (count == FIRST_VISIT_QUERIES) if rounds else (count <= FIRST_VISIT_QUERIES), count


@pytest.mark.parametrize("rounds", [0, 1, 3])
def test_the_page_reads_the_kept_measurement_in_the_same_few_queries_whatever_the_history(
    client,
    people,
    clock,
    rounds,  # noqa: F811
):
    """With a kept, current measurement the page is a handful of queries, the same for an empty project,
    one round of records with a month of snapshots and three rounds with a year: the design's aim is 15."""
    if rounds:
        build_world(people, clock, rounds=rounds)
        snapshots_for(people.project, days=365 if rounds == 3 else 30)
    count = project_page_queries(client, people, first_visit=False)
    assert count == KEPT_PAGE_QUERIES <= 15, count
