# ruff: noqa: F811 - the standing fixtures are imported from the pages and snapshot tests
"""The organisation page's kept summary of each project's snapshots (``HealthSummary``): the table read from
it is the table read from the snapshots, on any day, and it is kept again whenever the snapshots change
(docs/health.md, "The organisation's page")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from roundtable.health import selectors_summary
from roundtable.health.models import HealthSnapshot, HealthSummary, Rating
from roundtable.health.selectors_pages import organisation_health
from roundtable.health.selectors_summary import organisation_summaries, summaries_compute
from roundtable.health.services import snapshots_take_due, summaries_keep, take_snapshot
from roundtable.health.tests.snapshot_fixtures import cast, london, scripts  # noqa: F401
from roundtable.health.tests.test_drift import slide_world
from roundtable.health.tests.test_pages import TODAY, clock, drifting_world, own_registry, snap, world  # noqa: F401
from roundtable.projects.tests.factories import ProjectFactory

NONCE = re.compile(r'nonce="[^"]*"|value="[A-Za-z0-9]{64}"')  # and the form's token


def _plain(rows) -> list:
    """The rows as plain values (their signs' lazy titles as words), to compare two ways of reading them."""
    out = []
    for row in rows:
        signs = [{**dataclasses.asdict(sign), "title": str(sign.title), "drifted": sign.drifted} for sign in row.signs]
        out.append((row.project_id, row.title, row.status, row.status_label, row.taken_on, signs, row.months))
    return out


def _both(organisation, **kwargs):
    live = organisation_health(organisation, with_figures=False, **kwargs)
    projects, summaries = organisation_summaries(organisation)
    summaries.update(summaries_keep([pid for pid, _t, _s in projects if pid not in summaries], replace=False))
    kept = organisation_health(organisation, with_figures=False, kept=(projects, summaries), **kwargs)
    return _plain(live), _plain(kept)


# From the day of the snapshots to days when their months drop off the page's twelve: the month before the
# newest (so "before"), then the months a slide is read over, then every month.
DAYS = [
    TODAY,
    dt.date(2027, 8, 2),
    dt.date(2027, 9, 15),
    dt.date(2027, 10, 1),
    dt.date(2027, 11, 30),
    dt.date(2028, 1, 3),
]


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("build", [slide_world, drifting_world])
def test_the_table_from_the_summaries_is_the_table_from_the_snapshots(world, build, today):
    build(world)
    for options in (
        {},
        {"sort": "drift"},
        {"drifting_only": True},
        {"rating": Rating.AT_RISK},
        {"rating": "none"},
        {"months_for": slice(0, 2)},
        {"months_for": slice(2, 4)},
    ):
        live, kept = _both(world.organisation, today=today, **options)
        assert kept == live, options
    assert any(sign["slide"] or sign["before"] for row in _both(world.organisation, today=TODAY)[1] for sign in row[5])


def test_a_snapshot_of_a_day_to_come_is_read_from_the_snapshots(world):
    breaks, _school = drifting_world(world)
    snap(breaks, dt.date(2027, 1, 5), 1, Rating.GOOD)  # written by hand for a day in a later month
    live, kept = _both(world.organisation, today=TODAY)
    assert kept == live


def test_a_snapshot_saved_drops_the_summary_and_keeps_it_again_once_the_write_is_kept(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        breaks, _school = drifting_world(world)  # twelve snapshots of three projects, saved one at a time
        assert not HealthSummary.objects.exists()  # none kept until the write is
    # One for each project, however many of its snapshots the write saved (beside the drawn copy's versions).
    assert len([c for c in callbacks if "note_snapshot_change" in c.__qualname__]) == 3
    kept = HealthSummary.objects.get(project=breaks)
    assert kept.format == selectors_summary.FORMAT
    assert kept.data == summaries_compute([breaks.pk])[breaks.pk]
    assert kept.data["newest"] == "2026-11-19"
    with django_capture_on_commit_callbacks(execute=True):
        snap(breaks, TODAY, 1, Rating.GOOD)
        assert not HealthSummary.objects.filter(project=breaks).exists()  # dropped at once
        HealthSnapshot.objects.get(project=breaks, taken_on=dt.date(2026, 11, 19), sign=1).delete()
    assert HealthSummary.objects.get(project=breaks).data == summaries_compute([breaks.pk])[breaks.pk]
    assert HealthSummary.objects.get(project=breaks).data["newest"] == TODAY.isoformat()


def test_the_page_shows_a_changed_snapshot_at_once(client, world):
    breaks, school = drifting_world(world)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    html = client.get(url).content.decode()
    assert html.index("Short breaks") < html.index("Support at school")
    assert HealthSummary.objects.filter(project__organisation=world.organisation).count() == 3  # kept
    snap(school, TODAY, 1, Rating.AT_RISK)
    snap(school, TODAY, 6, Rating.AT_RISK)  # two signs at risk: before "Short breaks", which has one
    cache.clear()  # drawn afresh, from the summaries
    html = client.get(url).content.decode()
    assert html.index("Support at school") < html.index("Short breaks")


def test_a_summary_of_another_shape_is_worked_out_again(client, world):
    drifting_world(world)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    before = NONCE.sub("", client.get(url).content.decode())
    HealthSummary.objects.update(format=selectors_summary.FORMAT - 1, data={"newest": None, "signs": [], "months": {}})
    cache.clear()
    assert NONCE.sub("", client.get(url).content.decode()) == before
    assert set(HealthSummary.objects.values_list("format", flat=True)) == {selectors_summary.FORMAT}


def test_a_page_never_replaces_a_kept_summary(world):
    breaks, _school = drifting_world(world)
    summaries_keep([breaks.pk])
    HealthSummary.objects.filter(project=breaks).update(data={"newest": None, "signs": [], "months": {}})
    summaries_keep([breaks.pk], replace=False)  # a page that worked one out a moment before a write kept it
    assert HealthSummary.objects.get(project=breaks).data["newest"] is None
    summaries_keep([breaks.pk])  # a write replaces it
    assert HealthSummary.objects.get(project=breaks).data["newest"] == "2026-11-19"


def test_a_deleted_project_takes_its_summary_with_it(world):
    breaks, _school = drifting_world(world)
    summaries_keep([breaks.pk])
    breaks.delete()
    assert not HealthSummary.objects.filter(project_id=breaks.pk).exists()
    assert summaries_keep([breaks.pk]) == {}  # kept again after the delete: nothing to keep


def test_a_new_project_with_no_snapshot_sums_up_to_nothing(world):
    fresh = ProjectFactory(organisation=world.organisation, created_by=world.admin, title="New")
    assert summaries_compute([fresh.pk]) == {fresh.pk: {"newest": None, "signs": [], "months": {}}}


@pytest.mark.django_db
def test_taking_a_snapshot_keeps_the_summary(cast, scripts):
    take_snapshot(cast.project, dt.date(2027, 3, 20))
    kept = HealthSummary.objects.get(project=cast.project)
    assert kept.data["newest"] == "2027-03-20"
    assert kept.data == summaries_compute([cast.project.pk])[cast.project.pk]


@pytest.mark.django_db
def test_the_nightly_job_sums_each_project_up_once_after_its_days(cast, scripts, monkeypatch):
    from roundtable.health import services

    summed = []
    keep = services.summaries_keep
    monkeypatch.setattr(services, "summaries_keep", lambda ids, **kw: summed.append(list(ids)) or keep(ids, **kw))
    with time_machine.travel(london(2027, 3, 23, 9), tick=False):
        assert snapshots_take_due() == 3
    assert summed == [[cast.project.pk]]
    assert HealthSummary.objects.get(project=cast.project).data["newest"] == "2027-03-22"
