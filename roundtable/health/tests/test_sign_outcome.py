"""Sign 10, "Not told the outcome": every past and present member sent the outcome by the promised date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext
from roundtable.health.signs import outcome
from roundtable.notifications.models import MessageStatus
from roundtable.projects import services as project_services
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory
from roundtable.updates.models import OutcomeRecipient
from roundtable.updates.tests.factories import OutcomeFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# ProjectFactory's offer promises the outcome by 31 July 2027.
START = dt.datetime(2027, 6, 1, 10, 0, tzinfo=LONDON)
ON_TIME = dt.datetime(2027, 7, 20, 10, 0, tzinfo=LONDON)
AFTER_DUE = dt.datetime(2027, 8, 10, 10, 0, tzinfo=LONDON)
LATE = dt.datetime(2027, 8, 15, 10, 0, tzinfo=LONDON)
MUCH_LATER = dt.datetime(2027, 9, 1, 10, 0, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def project(clock):
    """Two members taking part and one who left."""
    project = ProjectFactory()
    MembershipFactory(project=project)
    MembershipFactory(project=project)
    leaver = MembershipFactory(project=project)
    project_services.membership_leave(actor=leaver.user, membership=leaver, reason="Moved away")
    return project


def measure(project, as_of):
    return outcome.measure(HealthContext(project=project, as_of=as_of))


def test_the_outcome_sent_to_everyone_before_the_date_is_good(clock, project):
    clock.move_to(ON_TIME)
    OutcomeFactory(project=project)
    clock.move_to(AFTER_DUE)

    finding = measure(project, AFTER_DUE)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 3)
    assert finding.summary == "3 of 3 people who took part were told the outcome on time."
    assert [f.value for f in finding.figures] == ["0", "0", "0"]
    assert finding.action is None


def test_someone_who_joined_after_it_was_sent_was_never_told_and_the_sign_is_at_risk(clock, project):
    clock.move_to(ON_TIME)
    OutcomeFactory(project=project)
    clock.move_to(ON_TIME + dt.timedelta(days=2))
    MembershipFactory(project=project)
    clock.move_to(AFTER_DUE)

    finding = measure(project, AFTER_DUE)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 75, 4)
    assert finding.figures[0].value == "1"
    assert finding.action.url == reverse("updates:outcome_new", args=[project.pk])


def test_a_message_that_failed_does_not_count_as_told(clock, project):
    clock.move_to(ON_TIME)
    sent = OutcomeFactory(project=project)
    # The outbox's worker marks a message failed when no channel could carry it; here we do the same.
    recipient = OutcomeRecipient.objects.filter(outcome=sent, message__isnull=False).order_by("pk").first()
    type(recipient.message).objects.filter(pk=recipient.message_id).update(status=MessageStatus.FAILED)

    finding = measure(project, AFTER_DUE)

    assert (finding.rating, finding.value) == (Rating.AT_RISK, 67)
    assert finding.figures[2].value == "1"
    assert finding.action.url == reverse("updates:outcome", args=[project.pk, sent.pk])


def test_before_the_date_with_nothing_sent_there_is_not_enough_evidence(clock, project):
    finding = measure(project, ON_TIME)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.NOT_ENOUGH, None, 0)
    assert finding.summary == "The outcome is due by 31 July 2027."
    assert finding.action.url == reverse("updates:outcome_new", args=[project.pk])


def test_a_late_outcome_reads_as_never_sent_before_it_went_and_as_late_after(clock, project):
    clock.move_to(LATE)
    OutcomeFactory(project=project)
    clock.move_to(MUCH_LATER)

    before = measure(project, AFTER_DUE)
    after = measure(project, MUCH_LATER)

    assert (before.rating, before.value, before.figures[0].value) == (Rating.AT_RISK, 0, "3")
    assert (after.rating, after.value, after.figures[0].value, after.figures[1].value) == (Rating.AT_RISK, 0, "0", "3")


def test_findings_name_nobody(clock, project):
    clock.move_to(LATE)
    OutcomeFactory(project=project)
    finding = measure(project, MUCH_LATER)
    text = " ".join([finding.summary, *(f"{f.label} {f.value}" for f in finding.figures)])
    for membership in project.memberships.select_related("user"):
        assert membership.user.full_name not in text


@pytest.mark.parametrize("extra", [0, 6])
def test_the_measure_takes_two_queries_however_many_members(clock, project, extra, django_assert_num_queries):
    for _ in range(extra):
        MembershipFactory(project=project)
    clock.move_to(ON_TIME)
    OutcomeFactory(project=project)
    OutcomeFactory(project=project, final=False)
    with django_assert_num_queries(2):
        measure(project, AFTER_DUE)
