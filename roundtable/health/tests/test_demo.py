"""The demo story's health check chapter: Priya's council runs twelve projects with a year of history,
two of them drifting for different reasons, and Tom's project stays healthy.

Most of these tests read the records the chapter made (the signs have their own tests): late papers
rising, barriers left unanswered and partners coming less in one project; partners coming in unpaid
time while staff are paid, decisions carried against partners and no outcome in the other. One checks
the result as the health check sees it: the two drifting projects at risk, the healthy ones and Tom's
not. The whole demo loads once for the module (it takes a while), under the meetings tests' frozen
clock, through the ``load_demo`` command (``core`` sits above ``health``, so it is not imported here).
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Min
from django.test.utils import override_settings

from roundtable.decisions.models import Proposal
from roundtable.feedback.models import Barrier, CheckInAnswer
from roundtable.health import demo as health_demo
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.services import ALERT_KIND
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings.models import Attendance, Meeting, Paper
from roundtable.meetings.tests.conftest import NOW
from roundtable.notifications.models import Message
from roundtable.payments.models import Claim, ClaimStatus
from roundtable.projects.models import Membership, Project, StaffMembership, StaffRole
from roundtable.updates.models import Outcome

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the whole demo once for this module; it is rolled back after."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with time_machine.travel(NOW, tick=False), django_db_blocker.unblock(), media, transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _project(title: str) -> Project:
    return Project.objects.get(title=title)


def _meetings(project: Project) -> list[Meeting]:
    return list(Meeting.objects.filter(project=project, starts_at__lt=NOW).order_by("starts_at"))


def _days_ahead(meeting: Meeting) -> float:
    """How many days before the meeting its papers went out."""
    released = Paper.objects.filter(meeting=meeting).aggregate(at=Min("released_at"))["at"]
    return (meeting.starts_at - released).total_seconds() / 86400


def test_priya_leads_twelve_council_projects_with_a_year_of_history(demo, db):
    council = _project(health_demo.LATE_PAPERS).organisation
    priya = StaffMembership.objects.filter(user__email=f"priya{DEMO_EMAIL_DOMAIN}", organisation=council)
    assert StaffRole.LEAD in set(priya.values_list("role", flat=True))
    titles = [title for title, *_ in health_demo.PROJECTS]
    assert len(titles) == 12 == Project.objects.filter(organisation=council, title__in=titles).count()
    for title in titles:
        held = _meetings(_project(title))
        assert len(held) >= 6, title
        assert (TODAY - held[0].starts_at.date()).days > 300, title  # the first meeting, about a year ago
        assert Attendance.objects.filter(meeting__in=held, role="partner", status="attended").exists()
    # The history is real: each record has the date it was made, month by month, not today's.
    made = CheckInAnswer.objects.filter(project__title__in=titles).dates("created_at", "month")
    assert len(made) >= 12
    assert Claim.objects.filter(project__title__in=titles, status=ClaimStatus.PAID).count() > 100
    # Loading again changes nothing.
    count, said = Project.objects.count(), StringIO()
    call_command("load_demo", stdout=said)
    assert "already there" in said.getvalue()
    health_demo.load()
    assert Project.objects.count() == count


def test_late_papers_project_drifts_papers_later_barriers_waiting_partners_gone(demo, db):
    project = _project(health_demo.LATE_PAPERS)
    held = _meetings(project)
    first, last = held[:4], held[-4:]
    assert min(_days_ahead(m) for m in first) > 7  # on time (the deadline is a week before)
    assert max(_days_ahead(m) for m in last) < 3
    assert not Paper.objects.filter(meeting__in=first, is_late=True).exists()
    assert Paper.objects.filter(meeting__in=last, is_late=True).count() == 4
    came = [
        Attendance.objects.filter(meeting=m, role="partner", status="attended").count() for m in (held[0], held[-1])
    ]
    assert came[0] >= 4 and came[1] <= 1
    waiting = Barrier.objects.filter(project=project, responded_at__isnull=True, due_on__lt=TODAY)
    assert waiting.count() >= 2
    assert Membership.objects.filter(project=project, status=Membership.Status.LEFT).exists()
    # Nadia, on the persona switcher, is one of its partners (and of a healthy project).
    assert Membership.objects.filter(project=project, user__email=f"nadia{DEMO_EMAIL_DOMAIN}").exists()
    # Its partners' check-in answers fall: felt heard at first, not by the end.
    heard = list(CheckInAnswer.objects.filter(project=project).order_by("created_at").values_list("heard", flat=True))
    assert (heard[0] or 0) >= 4 and (heard[-1] or 5) <= 2


def test_unpaid_project_drifts_partners_unpaid_decisions_against_no_outcome(demo, db):
    project = _project(health_demo.UNPAID)
    held = _meetings(project)
    unpaid = [
        m
        for m in held
        if Attendance.objects.filter(meeting=m, role="staff", paid_work_time=True).exists()
        and Attendance.objects.filter(meeting=m, role="partner", status="attended").exists()
        and not Claim.objects.filter(meeting=m).exists()
    ]
    assert len(unpaid) >= 8  # every meeting once the money stopped
    assert Claim.objects.filter(meeting__in=held[:3], status=ClaimStatus.PAID).exists()  # paid at first
    assert project.pay_rate_id is None and project.unpaid_reason
    assert Proposal.objects.filter(project=project, against_partners=True).count() >= 3
    assert project.status == Project.Status.ENDED and project.outcome_due and project.outcome_due < TODAY
    assert not Outcome.objects.filter(project=project).exists()


def test_healthy_projects_and_toms_study_keep_papers_on_time_and_pay_everyone(demo, db):
    healthy = [t for t, kind, *_ in health_demo.PROJECTS if kind == "healthy"]
    assert not Paper.objects.filter(project__title__in=healthy, is_late=True).exists()
    assert not Barrier.objects.filter(project__title__in=healthy, responded_at__isnull=True).exists()
    assert Outcome.objects.filter(project__title__in=healthy).values("project").distinct().count() == 2
    sleep = _project("Better sleep for autistic children")
    held = _meetings(sleep)
    assert len(held) == 3 and all(_days_ahead(m) >= 10 for m in held)
    paid = Claim.objects.filter(meeting__in=held, status=ClaimStatus.PAID)
    assert paid.values("claimant").distinct().count() == 3  # Amira, Joe and Grace
    assert not Barrier.objects.filter(project=sleep, responded_at__isnull=True, due_on__lt=TODAY - dt.timedelta(30))


def test_snapshots_cover_each_month_end_and_the_last_35_ended_days(demo, db):
    month_ends, first = set(), TODAY.replace(day=1)
    for _ in range(12):
        month_ends.add(first - dt.timedelta(days=1))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    yesterday = TODAY - dt.timedelta(days=1)  # the last ended day, taken by the worker's own job
    last_35 = {yesterday - dt.timedelta(days=n) for n in range(35)}
    for title in (health_demo.LATE_PAPERS, "Better sleep for autistic children"):
        taken = set(HealthSnapshot.objects.filter(project__title=title).values_list("taken_on", flat=True))
        assert taken == month_ends | last_35, title
    # The worker's job took the last day, so Priya, the lead, was told of what is at risk.
    alerts = Message.objects.filter(kind=ALERT_KIND, recipient__email=f"priya{DEMO_EMAIL_DOMAIN}")
    assert alerts.filter(group_label__in=[health_demo.LATE_PAPERS, health_demo.UNPAID]).exists()


def test_the_drifting_projects_are_at_risk_and_the_healthy_ones_are_not(demo, db):
    at_risk = set(
        HealthSnapshot.objects.filter(taken_on=TODAY - dt.timedelta(days=1), rating=Rating.AT_RISK).values_list(
            "project__title", flat=True
        )
    )
    healthy = {title for title, kind, *_ in health_demo.PROJECTS if kind == "healthy"}
    assert {health_demo.LATE_PAPERS, health_demo.UNPAID} <= at_risk
    assert not at_risk & (healthy | {"Better sleep for autistic children"})
