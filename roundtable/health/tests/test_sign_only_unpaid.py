"""Sign 9, "The only one not paid": staff in paid time at a meeting, and a partner with no claim."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext
from roundtable.health.signs import only_unpaid
from roundtable.meetings.models import Attendance, AttendanceMode, AttendanceStatus
from roundtable.meetings.services import AttendanceRow, attendance_record
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.payments.models import Claim
from roundtable.payments.services import choice_set, claim_submit, claims_draft_for_meeting
from roundtable.projects.tests.factories import MembershipFactory, PayRateFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
FIRST = dt.datetime(2026, 1, 6, 19, 0, tzinfo=LONDON)  # Tuesdays, a week apart


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def project(clock):
    """A paid project with two partners."""
    rate = PayRateFactory()
    project = ProjectFactory(organisation=rate.organisation, pay_rate=rate)
    project.partners = [MembershipFactory(project=project).user for _ in range(2)]
    return project


def held(project, starts_at, *, paid_staff=True, partners=None, claims_by=()):
    """A meeting that took place with its register recorded: the project's creator there as staff in paid
    work time (no staff when ``paid_staff`` is False) and ``partners`` (default both); ``claims_by`` sent
    their drafted claim."""
    staff = project.created_by
    meeting = MeetingFactory(project=project, starts_at=starts_at, already_held=True)
    came = project.partners if partners is None else partners
    rows = []
    if paid_staff:
        rows.append(AttendanceRow(staff, Attendance.Role.STAFF, AttendanceStatus.ATTENDED, AttendanceMode.ONLINE,
                                  paid_work_time=True))  # fmt: skip
    rows += [AttendanceRow(p, Attendance.Role.PARTNER, AttendanceStatus.ATTENDED, AttendanceMode.ONLINE) for p in came]
    attendance_record(
        actor=staff, meeting=meeting, started_at=starts_at, ended_at=starts_at + dt.timedelta(minutes=90), rows=rows
    )
    claims_draft_for_meeting(meeting=meeting)  # as the register's hook does once it commits
    for person in claims_by:
        claim_submit(actor=person, claim=Claim.objects.get(meeting=meeting, claimant=person))
    return meeting


def measure(project, as_of=NOW):
    return only_unpaid.measure(HealthContext(project=project, as_of=as_of))


def test_partners_who_claimed_or_chose_no_payment_beside_paid_staff_is_good(clock, project):
    amira, joe = project.partners
    choice_set(actor=joe, user=joe, project=project, data={"choice": "decline"})
    for week in range(3):
        held(project, FIRST + dt.timedelta(weeks=week), claims_by=[amira])

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 3)
    assert [f.value for f in finding.figures] == ["None", "0"]
    assert finding.action is None


def test_a_partner_with_no_claim_beside_paid_staff_puts_the_sign_at_risk(clock, project):
    amira, joe = project.partners
    held(project, FIRST, claims_by=[amira, joe])
    held(project, FIRST + dt.timedelta(weeks=1), claims_by=[amira, joe])
    last = held(project, FIRST + dt.timedelta(weeks=2), claims_by=[amira])  # Joe has not claimed

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 67, 3)
    assert [f.value for f in finding.figures] == ["1 of 3", "1"]
    assert finding.action.url == reverse("meetings:attendance", args=[project.pk, last.pk])
    assert "not paid" in finding.summary


def test_meetings_without_paid_staff_are_not_evidence(clock, project):
    held(project, FIRST, paid_staff=False)
    held(project, FIRST + dt.timedelta(weeks=1))

    finding = measure(project)

    assert (finding.rating, finding.evidence) == (Rating.NOT_ENOUGH, 1)


def test_a_claim_sent_after_the_moment_did_not_count_then(clock, project):
    amira, joe = project.partners
    held(project, FIRST, claims_by=[amira, joe])
    second = held(project, FIRST + dt.timedelta(weeks=1), claims_by=[amira])
    clock.move_to(NOW + dt.timedelta(days=3))
    claim_submit(actor=joe, claim=Claim.objects.get(meeting=second, claimant=joe))

    then = measure(project, as_of=NOW)
    now = measure(project, as_of=NOW + dt.timedelta(days=3))
    before_any = measure(project, as_of=FIRST - dt.timedelta(days=1))

    assert (then.value, now.value) == (50, 100)
    assert before_any.evidence == 0


def test_findings_name_nobody(clock, project):
    held(project, FIRST)
    held(project, FIRST + dt.timedelta(weeks=1))
    finding = measure(project)
    text = " ".join([finding.summary, *(f"{f.label} {f.value}" for f in finding.figures)])
    assert all(p.full_name not in text for p in project.partners)


@pytest.mark.parametrize("meetings", [2, 6])
def test_the_measure_takes_three_queries_however_many_meetings(clock, project, meetings, django_assert_num_queries):
    amira, joe = project.partners
    choice_set(actor=joe, user=joe, project=None, data={"choice": "expenses_only"})
    for week in range(meetings):
        held(project, FIRST + dt.timedelta(weeks=week), claims_by=[amira] if week % 2 else [])
    with django_assert_num_queries(3):
        measure(project)
