"""Sign 7, "Unpaid work under the guise of volunteering": partner hours given against hours paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from roundtable.credits.tests.factories import ContributionFactory
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext, amount_words
from roundtable.health.signs import unpaid_work
from roundtable.meetings.models import Attendance, AttendanceMode, AttendanceStatus
from roundtable.meetings.services import AttendanceRow, attendance_record
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.payments.models import Claim
from roundtable.payments.services import choice_set, claim_approve, claim_submit, claims_draft_for_meeting
from roundtable.payments.tests.factories import ClaimFactory
from roundtable.projects.tests.factories import MembershipFactory, PayRateFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
LATER = NOW + dt.timedelta(days=7)
FIRST = dt.datetime(2026, 2, 3, 19, 0, tzinfo=LONDON)  # three Tuesdays in February


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def project(clock):
    """A project paying £25 an hour, whose offer says 3 hours a month, with two partners."""
    rate = PayRateFactory()
    project = ProjectFactory(organisation=rate.organisation, pay_rate=rate)
    project.partners = [MembershipFactory(project=project).user for _ in range(2)]
    return project


def held(project, starts_at, *, prepare_minutes=0, approve=True):
    """A 90-minute meeting both partners came to, its claims drafted and sent (and approved by the
    organiser unless ``approve`` is False). The agenda asks for ``prepare_minutes`` of preparation."""
    meeting = MeetingFactory(project=project, starts_at=starts_at, already_held=True)
    if prepare_minutes:
        AgendaItemFactory(meeting=meeting, prepare="Read the draft", prepare_minutes=prepare_minutes)
    rows = [
        AttendanceRow(p, Attendance.Role.PARTNER, AttendanceStatus.ATTENDED, AttendanceMode.ONLINE)
        for p in project.partners
    ]
    attendance_record(
        actor=project.created_by, meeting=meeting, started_at=starts_at,
        ended_at=starts_at + dt.timedelta(minutes=90), rows=rows,
    )  # fmt: skip
    claims_draft_for_meeting(meeting=meeting)  # as the register's hook does once it commits
    for claim in Claim.objects.filter(meeting=meeting):
        claim = claim_submit(actor=claim.claimant, claim=claim)
        if approve and claim.status == "submitted":
            claim_approve(actor=project.created_by, claim=claim)
    return meeting


def three_meetings(project, **options):
    return [held(project, FIRST + dt.timedelta(weeks=week), **options) for week in range(3)]


def measure(project, as_of=NOW):
    return unpaid_work.measure(HealthContext(project=project, as_of=as_of))


def test_meeting_hours_all_paid_are_good(clock, project):
    three_meetings(project)

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 6)
    recorded, covered, unpaid, beyond = (f.value for f in finding.figures)
    assert recorded == "9 hours: 9 at meetings, 0 getting ready, 0 other work"
    assert (covered, unpaid) == ("9 hours", "0 hours")
    assert beyond == "3 hours"  # 4.5 hours each in February against 3 in the offer
    assert finding.action is None


@pytest.mark.parametrize(
    "choice",
    [{"choice": "decline"}, {"choice": "expenses_only"}, {"choice": "reduced", "reduced_to": Decimal("0")}],
    ids=["no payment", "costs only", "a lower amount of nothing"],
)
def test_hours_turned_down_by_choice_count_as_covered(clock, project, choice):
    amira, joe = project.partners
    choice_set(actor=joe, user=joe, project=project, data=choice)
    three_meetings(project)

    finding = measure(project)

    assert (finding.rating, finding.value) == (Rating.GOOD, 100)


def test_claims_left_waiting_and_unpaid_preparation_put_the_sign_at_risk(clock, project):
    amira, _joe = project.partners
    three_meetings(project, prepare_minutes=30, approve=False)
    ClaimFactory(project=project, claimant=amira, hours=Decimal("2"))  # other work, sent, not approved
    ContributionFactory(project=project, person=amira, hours=Decimal("1"))  # other work, not claimed

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 0, 8)
    recorded, covered, unpaid, _beyond = (f.value for f in finding.figures)
    assert recorded == "15 hours: 9 at meetings, 3 getting ready, 3 other work"
    assert (covered, unpaid) == ("0 hours", "15 hours")
    assert finding.action.text == "Approve the claims waiting (7)"
    assert finding.action.url == reverse("payments:project_claims", args=[project.pk])


def test_preparation_the_offer_does_not_pay_needs_attention(clock, project):
    three_meetings(project, prepare_minutes=30)

    finding = measure(project)

    assert (finding.rating, finding.value) == (Rating.ATTENTION, 75)  # 9 of 12 hours paid
    assert finding.action.text == "Help partners claim for the hours they gave"


def test_one_meeting_is_not_enough_evidence(clock, project):
    held(project, FIRST)

    finding = measure(project)

    assert (finding.rating, finding.evidence) == (Rating.NOT_ENOUGH, 2)


def test_a_claim_approved_after_the_moment_was_not_paid_then(clock, project):
    three_meetings(project, approve=False)
    clock.move_to(LATER)
    for claim in Claim.objects.filter(project=project):
        claim_approve(actor=project.created_by, claim=claim)

    assert measure(project, as_of=NOW).value == 0
    assert measure(project, as_of=LATER).value == 100
    assert measure(project, as_of=FIRST - dt.timedelta(days=1)).evidence == 0


def test_findings_name_nobody(clock, project):
    three_meetings(project, approve=False)
    finding = measure(project)
    text = " ".join([finding.summary, *(f"{f.label} {f.value}" for f in finding.figures)])
    assert all(p.full_name not in text for p in project.partners)


@pytest.mark.parametrize("meetings", [1, 4])
def test_the_measure_takes_six_queries_however_much_work(clock, project, meetings, django_assert_num_queries):
    amira, joe = project.partners
    choice_set(actor=joe, user=joe, project=None, data={"choice": "donate", "charity": "Contact"})
    for week in range(meetings):
        held(project, FIRST + dt.timedelta(weeks=week), prepare_minutes=15, approve=bool(week % 2))
        ContributionFactory(project=project, person=amira, hours=Decimal("1"))
    with django_assert_num_queries(6):
        measure(project)


def test_a_few_minutes_unpaid_are_never_shown_as_all_paid(clock, project):
    """0.04 hours not paid out of 9.04 is 99.6%: the page says "over 99%", never "100%" (health.counting)."""
    amira, _joe = project.partners
    three_meetings(project)
    ContributionFactory(project=project, person=amira, hours=Decimal("0.04"))  # other work, not claimed

    finding = measure(project)

    assert finding.value < 100 and amount_words(finding.value, "%") == "over 99%"
    assert finding.rating == Rating.GOOD  # 95% or more is good; the words still do not say "all"
    _recorded, covered, unpaid, _beyond = (f.value for f in finding.figures)
    assert (covered, unpaid) == ("9 hours", "under 0.1 hours")
    assert finding.summary == (
        "Partners gave 9 hours. Over 99% of them were paid, or the partner chose not to be paid. "
        "Under 0.1 hours were not paid."
    )
