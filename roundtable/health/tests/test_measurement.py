# ruff: noqa: F811 - the fixtures are imported from test_pages, and tests take them by name
"""The kept measurement (docs/health.md, "The kept measurement"): the page reads one row; a change to the
record marks it stale; the worker measures it again, once, whoever runs it; a member's copy carries nothing
staff-only. The tests' own signs (test_pages.own_registry) and a frozen clock."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from roundtable.feedback.felt import FeltComment, FeltQuestion, FeltSummary
from roundtable.health import stored
from roundtable.health.models import HealthMeasurement, Rating
from roundtable.health.registry import Action, Figure, Finding
from roundtable.health.selectors import MEASUREMENT_FRESH, kept_measurement, measurement_is_current
from roundtable.health.selectors_pages import project_health
from roundtable.health.services import measurement_take, measurements_take_requested, record_changed
from roundtable.health.tests.test_pages import (  # noqa: F401
    FOUND,
    NOW,
    at_risk_with_staff_step,
    clock,
    own_registry,
    world,
)
from roundtable.lib import periodic
from roundtable.lib.tests.races import at_once

LATER = Finding(Rating.GOOD, Decimal(90), 10, "Partners voted in 9 of 10 decisions.")


def page(client, who, project) -> str:
    client.force_login(who)
    response = client.get(reverse("health:project", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_worker_runs_the_measurements_job_on_every_pass():
    assert "health.measurements" in [job.name for job in periodic.jobs()]


def test_a_change_to_the_record_marks_it_stale_and_the_worker_measures_it_again_once(
    client, world, django_capture_on_commit_callbacks, django_assert_num_queries
):
    at_risk_with_staff_step(world.project)
    assert "Partners voted in 1 of 4 decisions." in page(client, world.organiser, world.project)
    FOUND[world.project.pk][1] = LATER
    with django_capture_on_commit_callbacks(execute=True):
        world.project.title = "Better sleep for carers"
        world.project.save(update_fields=["title"])
    kept = kept_measurement(world.project, language="en-gb")
    assert kept.changed_at == NOW and not measurement_is_current(kept, now=NOW)
    stale = page(client, world.partner, world.project)
    assert "Partners voted in 1 of 4 decisions." in stale and "Updating: something may have changed" in stale
    page(client, world.organiser, world.project)  # asking twice has one effect
    assert HealthMeasurement.objects.get().requested_at == NOW
    assert measurements_take_requested() == 1
    with django_assert_num_queries(1):
        assert measurements_take_requested() == 0  # nothing waits: one query, nothing measured
    fresh = page(client, world.partner, world.project)
    assert "Partners voted in 9 of 10 decisions." in fresh and "Updating" not in fresh
    kept = HealthMeasurement.objects.get()
    assert kept.changed_at is None and kept.requested_at is None


def test_a_change_that_is_rolled_back_marks_nothing(client, world, django_capture_on_commit_callbacks):
    page(client, world.organiser, world.project)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            world.project.save(update_fields=["title"])
            raise RuntimeError("not kept")
    assert HealthMeasurement.objects.get().changed_at is None


def test_a_measurement_older_than_its_limit_is_stale_even_with_no_change_seen(world):
    kept = measurement_take(world.project, language="en-gb", now=NOW)
    assert measurement_is_current(kept, now=NOW + MEASUREMENT_FRESH - dt.timedelta(seconds=1))
    assert not measurement_is_current(kept, now=NOW + MEASUREMENT_FRESH)


def test_taking_it_again_keeps_one_row_and_the_newest_measurement_wins(world):
    at_risk_with_staff_step(world.project)
    measurement_take(world.project, language="en-gb", now=NOW)
    FOUND[world.project.pk][1] = LATER
    measurement_take(world.project, language="en-gb", now=NOW + dt.timedelta(minutes=1))
    # A slower worker that measured earlier finishes last: its older figures are dropped.
    FOUND[world.project.pk][1] = Finding(Rating.AT_RISK, Decimal(10), 10, "Old figures.")
    kept = measurement_take(world.project, language="en-gb", now=NOW - dt.timedelta(minutes=1))
    assert HealthMeasurement.objects.count() == 1
    assert kept.measured_at == NOW + dt.timedelta(minutes=1)
    assert "Partners voted in 9 of 10 decisions." in str(kept.data) and "Old figures." not in str(kept.data)


def test_a_change_seen_while_measuring_keeps_it_stale(world):
    kept = measurement_take(world.project, language="en-gb", now=NOW)
    record_changed(world.project.pk, now=NOW + dt.timedelta(seconds=2))
    # A worker that began measuring before the change finishes after it: still stale.
    kept = measurement_take(world.project, language="en-gb", now=NOW + dt.timedelta(seconds=1))
    assert kept.changed_at == NOW + dt.timedelta(seconds=2)
    assert not measurement_is_current(kept, now=NOW + dt.timedelta(seconds=3))


def test_each_language_has_its_own_kept_measurement(world):
    measurement_take(world.project, language="en-gb", now=NOW)
    measurement_take(world.project, language="cy", now=NOW)
    assert sorted(HealthMeasurement.objects.values_list("language", flat=True)) == ["cy", "en-gb"]


def test_the_kept_measurement_holds_no_comment_and_a_members_copy_no_staff_only_step(world):
    at_risk_with_staff_step(world.project)
    health = project_health(world.project, staff=True, as_of=NOW)
    health.felt = FeltSummary(
        questions=(FeltQuestion("heard", "I felt heard", Decimal("4.00"), 3, ()),),
        people=3,
        comments=(FeltComment("feeling", "Nobody listened to me on Tuesday."),),
    )
    data = stored.dump(health)
    assert "Nobody listened" not in str(data)  # what people wrote is never kept: staff read it live
    comments = health.felt.comments
    staff = stored.load(data, staff=True, comments=comments)
    member = stored.load(data, staff=False, comments=comments)
    assert [c.text for c in staff.felt.comments] == ["Nobody listened to me on Tuesday."]
    assert member.felt.comments == () and "Nobody listened" not in repr(member)
    assert staff.felt.question("heard").average == Decimal("4.00") == member.felt.question("heard").average
    assert "/staff-only-step/" not in repr(member) and "Ask partners to vote" not in repr(member)
    first = member.signs[0]
    assert first.action is None and first.finding.action is not None  # "staff have a step" without saying it
    # What everyone may see stays: the rating, the words, the figures and the step for everyone.
    assert first.finding.summary == "Partners voted in 1 of 4 decisions."
    assert first.finding.figures == (Figure("Decisions", "4 decisions", f"/projects/{world.project.pk}/decisions/"),)
    assert member.signs[1].action == Action("Read the papers", "/everyone-step/", staff_only=False)
    assert staff.signs[0].action.url == "/staff-only-step/"


def test_a_kept_measurement_of_another_format_is_measured_again(client, world):
    measurement_take(world.project, language="en-gb", now=NOW - dt.timedelta(minutes=1))
    HealthMeasurement.objects.update(data={"format": 0})
    at_risk_with_staff_step(world.project)
    assert "Partners voted in 1 of 4 decisions." in page(client, world.organiser, world.project)
    assert HealthMeasurement.objects.get().data["format"] == stored.FORMAT


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL: two writers at once"
)
def test_two_workers_at_once_keep_one_measurement(own_registry):
    from roundtable.projects.tests.factories import build_people

    with time_machine.travel(NOW, tick=False):
        project = build_people().project
        at_risk_with_staff_step(project)
        at_once([lambda: measurement_take(project, language="en-gb")] * 3)
        assert HealthMeasurement.objects.filter(project=project).count() == 1
        record_changed(project.pk)
        HealthMeasurement.objects.update(requested_at=NOW)
        at_once([measurements_take_requested, measurements_take_requested])
    kept = HealthMeasurement.objects.get(project=project)
    assert kept.requested_at is None and kept.changed_at is None
