# ruff: noqa: F811 - the fixtures are imported from snapshot_fixtures, and tests take them by name
"""The nightly job takes each ended London day once, fills in missed nights, and stops when up to date."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine

from roundtable.accounts.tests.factories import person
from roundtable.health import services
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.registry import Finding, Sign
from roundtable.health.services import snapshots_take_due, take_snapshot
from roundtable.health.tests.snapshot_fixtures import (
    THRESHOLD,
    UTC,
    Script,
    cast,  # noqa: F401
    london,
    registry_override,
    scripted_sign,
    scripts,  # noqa: F401
)
from roundtable.lib import periodic
from roundtable.lib.tests.races import at_once
from roundtable.notifications.models import Message
from roundtable.projects import services as project_services
from roundtable.projects.models import Project
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def days_taken(project: Project) -> list[dt.date]:
    return sorted(set(HealthSnapshot.objects.filter(project=project).values_list("taken_on", flat=True)))


def run_at(moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return snapshots_take_due()


def test_the_worker_runs_the_job_on_every_pass():
    job = next(job for job in periodic.jobs() if job.name == "health.snapshots")
    assert job.run is snapshots_take_due
    assert job.every == periodic.EVERY_PASS


def test_every_london_day_that_has_ended_since_publication_is_taken_once_for_every_sign(cast, scripts):
    # 9am London on 23 March: 20, 21 and 22 March have ended; 23 March has not.
    assert run_at(london(2027, 3, 23, 9)) == 3
    assert days_taken(cast.project) == [dt.date(2027, 3, 20), dt.date(2027, 3, 21), dt.date(2027, 3, 22)]
    assert HealthSnapshot.objects.filter(project=cast.project).count() == 3 * 3
    # Each day was measured as at the end of that day on the London clock (GMT in March before the 28th).
    assert scripts.first.asked == [dt.datetime(2027, 3, d, 23, 59, 59, 999999, tzinfo=UTC) for d in (20, 21, 22)]


def test_running_again_changes_nothing_and_the_next_night_adds_one_day(cast, scripts):
    run_at(london(2027, 3, 23, 9))
    before = list(HealthSnapshot.objects.order_by("pk").values_list("pk", "taken_on", "sign", "rating"))
    assert run_at(london(2027, 3, 23, 21)) == 0
    assert list(HealthSnapshot.objects.order_by("pk").values_list("pk", "taken_on", "sign", "rating")) == before
    assert run_at(london(2027, 3, 24, 0, 5)) == 1
    assert days_taken(cast.project)[-1] == dt.date(2027, 3, 23)


def test_a_missed_night_is_filled_in_as_the_record_stood_that_night(cast, scripts):
    run_at(london(2027, 3, 21, 1))  # takes 20 March
    # Amira's friend joins on the evening of 22 March; nobody runs the worker for two nights.
    with time_machine.travel(london(2027, 3, 22, 20), tick=False):
        MembershipFactory(project=cast.project, user=person("ola@example.com", "Ola Nowak"))
    assert run_at(london(2027, 3, 24, 7)) == 3  # 21, 22 and 23 March
    assert days_taken(cast.project) == [dt.date(2027, 3, d) for d in (20, 21, 22, 23)]
    members = dict(HealthSnapshot.objects.filter(project=cast.project, sign=3).values_list("taken_on", "value"))
    assert members[dt.date(2027, 3, 21)] == 2  # Amira and Dr Lee
    assert members[dt.date(2027, 3, 22)] == 3  # and Ola, from that evening
    assert members[dt.date(2027, 3, 23)] == 3


def test_the_day_the_clocks_go_forward_ends_at_midnight_summer_time(cast, scripts):
    run_at(london(2027, 3, 28, 0, 30))  # up to 27 March
    # 28 March 2027 is 23 hours long: at 11:30pm BST (22:30 UTC) it has not ended.
    with time_machine.travel(london(2027, 3, 28, 22, 50), tick=False):  # 21:50 UTC
        MembershipFactory(project=cast.project, user=person("ola@example.com", "Ola Nowak"))
    with time_machine.travel(dt.datetime(2027, 3, 28, 23, 10, tzinfo=UTC), tick=False):  # 00:10 BST on the 29th
        MembershipFactory(project=cast.project, user=person("kim@example.com", "Kim Lý"))
    assert run_at(dt.datetime(2027, 3, 28, 22, 30, tzinfo=UTC)) == 0
    assert run_at(dt.datetime(2027, 3, 28, 23, 30, tzinfo=UTC)) == 1
    assert days_taken(cast.project)[-1] == dt.date(2027, 3, 28)
    assert scripts.first.asked[-1] == dt.datetime(2027, 3, 28, 22, 59, 59, 999999, tzinfo=UTC)
    row = HealthSnapshot.objects.get(project=cast.project, sign=3, taken_on=dt.date(2027, 3, 28))
    assert row.value == 3  # Ola joined at 10:50pm BST; Kim after midnight does not count yet


def test_the_day_the_clocks_go_back_ends_at_midnight_winter_time(cast, scripts, monkeypatch):
    monkeypatch.setattr(services, "MAX_PROJECT_DAYS_PER_PASS", 1000)
    run_at(london(2027, 10, 30, 12))  # up to 29 October
    # 30 October (British Summer Time) ends at 22:59:59.999999 UTC.
    assert run_at(dt.datetime(2027, 10, 30, 23, 30, tzinfo=UTC)) == 1
    assert scripts.first.asked[-1] == dt.datetime(2027, 10, 30, 22, 59, 59, 999999, tzinfo=UTC)
    # 31 October is 25 hours long: at 11:30pm GMT it has not ended; half an hour later it has.
    assert run_at(dt.datetime(2027, 10, 31, 23, 30, tzinfo=UTC)) == 0
    assert run_at(dt.datetime(2027, 11, 1, 0, 5, tzinfo=UTC)) == 1
    assert scripts.first.asked[-1] == dt.datetime(2027, 10, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert days_taken(cast.project)[-2:] == [dt.date(2027, 10, 30), dt.date(2027, 10, 31)]


def test_drafts_are_not_taken_and_ended_projects_are(cast, scripts):
    with time_machine.travel(london(2027, 3, 21, 12), tick=False):
        draft = ProjectFactory(organisation=cast.organisation, draft=True)
        project_services.project_end(actor=cast.admin, project=cast.project)
    run_at(london(2027, 3, 23, 9))
    assert days_taken(draft) == []
    assert days_taken(cast.project) == [dt.date(2027, 3, d) for d in (20, 21, 22)]


def test_a_project_published_long_ago_gets_at_most_the_backfill_days(cast, scripts, monkeypatch):
    monkeypatch.setattr(services, "BACKFILL_DAYS", 5)
    assert run_at(london(2027, 4, 30, 9)) == 5
    assert days_taken(cast.project) == [dt.date(2027, 4, d) for d in range(25, 30)]


def test_each_pass_takes_a_bounded_number_of_project_days_the_shortest_backlog_first(cast, scripts, monkeypatch):
    run_at(london(2027, 3, 24, 9))  # "Better sleep" is up to 23 March
    with time_machine.travel(london(2027, 3, 22, 9), tick=False):
        newer = ProjectFactory(organisation=cast.organisation, title="Short breaks")
    monkeypatch.setattr(services, "MAX_PROJECT_DAYS_PER_PASS", 3)
    # At 9am on 26 March: "Better sleep" has 2 days due (24, 25), "Short breaks" 4 (22 to 25).
    assert run_at(london(2027, 3, 26, 9)) == 3
    assert days_taken(cast.project)[-1] == dt.date(2027, 3, 25)
    assert days_taken(newer) == [dt.date(2027, 3, 22)]
    assert run_at(london(2027, 3, 26, 9, 1)) == 3
    assert days_taken(newer) == [dt.date(2027, 3, d) for d in (22, 23, 24, 25)]
    assert run_at(london(2027, 3, 26, 9, 2)) == 0


def test_when_everything_is_up_to_date_a_pass_is_one_query(cast, scripts, django_assert_num_queries):
    with time_machine.travel(london(2027, 3, 21, 12), tick=False):
        for title in ("Short breaks", "Support at school", "Autism assessment"):
            ProjectFactory(organisation=cast.organisation, title=title)
    run_at(london(2027, 3, 24, 9))
    with time_machine.travel(london(2027, 3, 24, 21), tick=False), django_assert_num_queries(1):
        assert snapshots_take_due() == 0


def test_registry_override_puts_the_signs_back(scripts):
    from roundtable.health.registry import signs

    with registry_override(scripted_sign(7, Script())):
        assert [sign.number for sign in signs()] == [7]
    assert [sign.number for sign in signs()] == [1, 2, 3]


# --- Two workers at once (PostgreSQL) -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL: two writers at once"
)
def test_two_workers_at_once_take_each_row_once_and_send_each_alert_once(cast, scripts):
    run_at(london(2027, 3, 21, 1))  # 20 March, all good
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 24))
    with time_machine.travel(london(2027, 3, 25, 2), tick=False):
        at_once([snapshots_take_due, snapshots_take_due, snapshots_take_due])
    assert days_taken(cast.project) == [dt.date(2027, 3, d) for d in range(20, 25)]
    assert HealthSnapshot.objects.filter(project=cast.project).count() == 5 * 3
    told = list(Message.objects.filter(kind="health_at_risk").values_list("recipient_id", flat=True))
    assert sorted(told) == sorted([cast.organiser.pk, cast.lead.pk])


def test_the_document_gives_the_limits_the_code_uses():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "health.md").read_text(encoding="utf-8")
    section = doc.split("## Snapshots, trends and alerts", 1)[1].split("\n## ", 1)[0]
    assert f"`BACKFILL_DAYS` ({services.BACKFILL_DAYS})" in section
    assert f"`MAX_PROJECT_DAYS_PER_PASS` ({services.MAX_PROJECT_DAYS_PER_PASS})" in section
    assert "`health.snapshots`" in section


def test_a_sign_that_breaks_on_one_project_does_not_stop_the_others(cast, scripts, caplog):
    with time_machine.travel(london(2027, 3, 21, 12), tick=False):
        other = ProjectFactory(organisation=cast.organisation, title="Short breaks")
    broken = cast.project.pk

    def measure(ctx):
        if ctx.project.pk == broken:
            raise ZeroDivisionError("a bug in one measure")
        return Finding(rating=Rating.GOOD, value=None, evidence=0, summary="Fine.")

    sign = Sign(number=4, key="test-broken", title="Broken", measures="-", threshold=THRESHOLD, measure=measure)
    with registry_override(sign):
        assert run_at(london(2027, 3, 23, 9)) == 2  # "Short breaks": 21 and 22 March
    assert days_taken(other) == [dt.date(2027, 3, 21), dt.date(2027, 3, 22)]
    assert days_taken(cast.project) == []  # nothing half-kept; tried again next pass
    assert f"Health snapshot of project {broken} for 2027-03-20 failed" in caplog.text


def test_the_demo_may_take_more_than_a_pass_at_once(cast, scripts):
    with time_machine.travel(london(2027, 3, 23, 9), tick=False):
        assert snapshots_take_due(limit=1) == 1
        assert snapshots_take_due(limit=1000) == 2


def test_taking_a_day_is_the_signs_own_queries_and_one_write(cast, scripts, django_assert_num_queries):
    # The scripted signs read nothing; the members sign reads once; then one write, and four to sum the
    # project up for the organisation's page (three reads and a write).
    with django_assert_num_queries(2 + 4):
        rows = take_snapshot(cast.project, dt.date(2027, 3, 20))
    assert [(r.sign, r.rating) for r in rows] == [(1, Rating.GOOD), (2, Rating.GOOD), (3, Rating.GOOD)]
    scripts.first.set(Rating.AT_RISK, dt.date(2027, 3, 20))
    with django_assert_num_queries(2 + 4):
        take_snapshot(cast.project, dt.date(2027, 3, 20))
    row = HealthSnapshot.objects.get(project=cast.project, taken_on=dt.date(2027, 3, 20), sign=1)
    assert (row.rating, row.value, row.summary) == (Rating.AT_RISK, 20, "Partners voted in 1 of 5 decisions.")
    assert HealthSnapshot.objects.count() == 3
