"""Sign 8, "Name on the work, no thanks": published outputs that thank everyone who helped."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from roundtable.accounts.models import Naming
from roundtable.accounts.tests.factories import person
from roundtable.credits.services import output_publish
from roundtable.credits.tests.factories import ContributionFactory, OutputCreditFactory, OutputFactory
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext
from roundtable.health.signs import credit
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
LATER = NOW + dt.timedelta(days=30)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def project(clock):
    """Two partners, each with confirmed work from a week ago."""
    project = ProjectFactory()
    project.work = [ContributionFactory(project=project) for _ in range(2)]
    return project


def measure(project, as_of=NOW):
    return credit.measure(HealthContext(project=project, as_of=as_of))


def test_published_work_that_credits_everyone_who_helped_is_good(clock, project):
    output = OutputFactory(project=project, contributions=project.work, told=True)
    OutputCreditFactory(output=output, person=project.work[0].person, naming=Naming.NOT_NAMED)  # their choice
    output_publish(actor=project.created_by, output=output, link="https://example.org/sleep")

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 1)
    assert [f.value for f in finding.figures] == ["Nobody", "0 of 2 pieces of work"]
    assert finding.action is None


def test_published_work_that_leaves_a_helper_out_is_at_risk(clock, project):
    output = OutputFactory(project=project, contributions=project.work[:1], published=True)

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 0, 1)
    assert [f.value for f in finding.figures] == ["Once, in 1 of 1 output", "1 of 2 pieces of work"]
    assert finding.action.url == reverse("credits:output", args=[project.pk, output.pk])


def test_someone_who_asked_never_to_be_mentioned_is_not_left_out(clock, project):
    shy = person("shy@example.com", "Siobhán Ní Bhriain", naming=Naming.NOT_NAMED)
    MembershipFactory(project=project, user=shy)
    ContributionFactory(project=project, person=shy)
    OutputFactory(project=project, contributions=project.work, published=True)

    assert measure(project).rating == Rating.GOOD


def test_work_done_after_the_output_was_made_is_not_owed_to_it(clock, project):
    OutputFactory(project=project, contributions=project.work, published=True)
    clock.move_to(LATER)
    ContributionFactory(project=project)

    finding = measure(project, as_of=LATER)

    assert (finding.rating, finding.figures[1].value) == (Rating.GOOD, "1 of 3 pieces of work")


def test_nothing_published_yet_is_not_enough_evidence(clock, project):
    OutputFactory(project=project, contributions=project.work[:1], told=True)

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.NOT_ENOUGH, None, 0)


def test_an_output_published_after_the_moment_did_not_count_then(clock, project):
    OutputFactory(project=project, contributions=project.work[:1], told=True)
    clock.move_to(LATER)
    OutputFactory(project=project, contributions=project.work[:1], published=True)

    assert measure(project, as_of=NOW).rating == Rating.NOT_ENOUGH
    assert measure(project, as_of=LATER).rating == Rating.AT_RISK


def test_findings_name_nobody(clock, project):
    OutputFactory(project=project, contributions=project.work[:1], published=True)
    finding = measure(project)
    text = " ".join([finding.summary, *(f"{f.label} {f.value}" for f in finding.figures)])
    assert all(c.person.full_name not in text for c in project.work)


@pytest.mark.parametrize("outputs", [1, 5])
def test_the_measure_takes_five_queries_however_many_outputs(clock, project, outputs, django_assert_num_queries):
    for i in range(outputs):
        OutputFactory(project=project, contributions=project.work[: 1 + i % 2], published=True)
        ContributionFactory(project=project)
    with django_assert_num_queries(5):
        measure(project)
