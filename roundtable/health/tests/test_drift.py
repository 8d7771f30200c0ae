"""Drift over three months (health/drift.py, docs/health.md "Drift"): a slow steady slide shows as drifting
on the organisation's page and in the "What is getting worse" sort; a one-off dip does not."""
# ruff: noqa: F811 - the standing fixtures are imported from the pages tests

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from roundtable.health.drift import SLIDE_MONTHS, SLIDE_SHARE, is_sliding, slide_needed
from roundtable.health.models import Rating
from roundtable.health.selectors_pages import organisation_health
from roundtable.health.signs.barriers import THRESHOLD as BARRIERS
from roundtable.health.tests.test_docs import DOC
from roundtable.health.tests.test_pages import TODAY, _threshold, clock, own_registry, snap, world  # noqa: F401
from roundtable.projects.tests.factories import ProjectFactory

# The last day of August, September and October, and "now" (the newest snapshot, 19 November).
MONTH_ENDS = (dt.date(2026, 8, 31), dt.date(2026, 9, 30), dt.date(2026, 10, 31), dt.date(2026, 11, 19))
GOOD = Rating.GOOD


def _points(*values):
    return [(GOOD, Decimal(v)) for v in values]


@pytest.mark.parametrize(
    ("values", "sliding"),
    [
        ((95, 92, 89, 86), True),  # a little worse every month, 9 points in all: still "good", but sliding
        ((95, 95, 85, 95), False),  # a one-off dip that came back
        ((95, 88, 88, 88), False),  # fell once, then stayed put (worse this month catches a fall that crosses)
        ((95, 94, 93, 92), False),  # steady, but only 3 points: less than a quarter of the 30-point gap
        ((86, 89, 92, 95), False),  # getting better
        ((95, 92, 89), False),  # a month with no snapshot: no slide
    ],
)
def test_a_slide_is_worse_at_every_month_end_and_by_enough(values, sliding):
    assert is_sliding(_points(*values), _threshold("decisions")) is sliding


def test_a_slide_needs_enough_evidence_at_every_point_and_follows_which_way_is_better():
    rule = _threshold("decisions")
    thin = [(GOOD, Decimal(95)), (Rating.NOT_ENOUGH, Decimal(92)), (GOOD, Decimal(89)), (GOOD, Decimal(86))]
    assert not is_sliding(thin, rule)
    assert not is_sliding([(GOOD, Decimal(95)), (GOOD, None), (GOOD, Decimal(89)), (GOOD, Decimal(86))], rule)
    days = rule.__class__("days", Decimal(7), Decimal(21), False, 3, "barriers", "ours")  # lower is better
    assert slide_needed(days) == Decimal("3.5")
    assert is_sliding(_points(7, 9, 11, 13), days) and not is_sliding(_points(13, 11, 9, 7), days)
    assert slide_needed(BARRIERS) == Decimal("5.00")  # good at 90%, at risk below 70%


def slide_world(world):
    """ "Better sleep" slides slowly on sign 1 (95, 92, 89, 86: good all along); "Short breaks" had a
    one-off dip (95, 95, 70, 95); "Support at school" holds steady. Sign 6 is steady everywhere."""
    breaks = ProjectFactory(organisation=world.organisation, created_by=world.admin, title="Short breaks")
    school = ProjectFactory(organisation=world.organisation, created_by=world.admin, title="Support at school")
    series = {world.project: (95, 92, 89, 86), breaks: (95, 95, 70, 95), school: (90, 90, 90, 90)}
    for project, values in series.items():
        for day, value in zip(MONTH_ENDS, values, strict=True):
            rating = GOOD if value >= 80 else Rating.ATTENTION
            snap(project, day, 1, rating, value=Decimal(value))
            snap(project, day, 6, GOOD, value=Decimal(100))
    return breaks, school


def test_a_slow_slide_shows_as_drifting_and_comes_first_when_sorted_by_drift(world):
    slide_world(world)
    rows = organisation_health(world.organisation, today=TODAY, sort="drift")
    assert [row.title for row in rows] == ["Better sleep", "Short breaks", "Support at school"]
    sleep, breaks, school = rows
    assert [s.number for s in sleep.drifting] == [1]
    assert sleep.drifting[0].rating == GOOD and not sleep.drifting[0].worse_this_month
    assert sleep.drifting[0].slide == "worse each month for 3 months, from 95% to 86%"
    assert breaks.drifting == [] and school.drifting == []  # the dip came back: not drifting
    only = organisation_health(world.organisation, today=TODAY, drifting_only=True)
    assert [row.title for row in only] == ["Better sleep"]


def test_the_organisation_page_and_csv_say_the_sign_is_sliding(client, world):
    slide_world(world)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    html = client.get(url, {"sort": "drift"}).content.decode()
    assert "1. Doing to, not with: worse each month for 3 months, from 95% to 86%" in html
    assert html.index("Better sleep") < html.index("Short breaks")
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode("utf-8-sig"))))
    getting_worse = {(row[0], row[3]): row[-2] for row in rows[1:]}
    assert getting_worse[("Better sleep", "1")] == "Yes" and getting_worse[("Short breaks", "1")] == "No"


def test_the_document_states_the_slide_rule():
    doc = DOC.read_text(encoding="utf-8")
    assert f"each of the last {SLIDE_MONTHS} month ends" in doc
    assert SLIDE_SHARE == Decimal("0.25") and "a quarter of the gap" in doc
