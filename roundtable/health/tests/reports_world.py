"""A project with a record to report on, built through each app's services (docs/testing.md).

Tom Reid organises "Better sleep"; partners Amira (first name only), Joe Bennett (do not mention me),
王秀英 (full name, a name in Chinese script) and Kwame Mensah (not my name) took part, with Dr Ann Lee
(a professional, full name). The clock is frozen at 10am on Monday 2 March 2026 in London.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from roundtable.accounts.tests.factories import person
from roundtable.credits import services as credit_services
from roundtable.credits.models import ContributionType
from roundtable.feedback import services as feedback_services
from roundtable.lib.dates import zone
from roundtable.meetings import services as meeting_services
from roundtable.meetings.models import Attendance, AttendanceMode, AttendanceStatus
from roundtable.projects.models import StaffRole
from roundtable.projects.tests.factories import (
    ADMIN,
    FINANCE,
    JOE,
    ORGANISER,
    OUTSIDER,
    PARTNER,
    PROFESSIONAL,
    MembershipFactory,
    StaffMembershipFactory,
    build_people,
)
from roundtable.updates import services as update_services

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=zone())
CHINESE_NAME = "王秀英"


def at(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone())


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def people(db, clock):
    cast = {
        "admin": ADMIN,
        "organiser": ORGANISER,
        "finance": FINANCE,
        "partner": PARTNER,
        "joe": {**JOE, "naming": "not_named"},
        "professional": PROFESSIONAL,
        "outsider": OUTSIDER,
    }
    p = build_people(cast)
    p.xiuying = person("xiuying@example.com", CHINESE_NAME, naming="full_name", channels=["email"])
    p.kwame = person("kwame@example.com", "Kwame Mensah", naming="anonymous", channels=["email"])
    for someone in (p.xiuying, p.kwame):
        MembershipFactory(project=p.project, user=someone)
    p.lead = person("lead@example.com", "Lena Lead", channels=["email"])
    StaffMembershipFactory(organisation=p.organisation, user=p.lead, role=StaffRole.LEAD)
    return p


@pytest.fixture
def world(people):
    """The record: a meeting held last week with four partners there, a barrier answered with "you said, we
    did", an outcome shared, and confirmed contributions."""
    p = people
    meeting = meeting_services.meeting_create(
        actor=p.organiser,
        project=p.project,
        notify=False,
        already_held=True,
        data={"title": "Planning the study", "format": "online", "starts_at": at(23, 20, month=2),
              "ends_at": at(23, 21, 30, month=2), "join_url": "https://meet.example/abc"},
    )  # fmt: skip
    came = [(u, Attendance.Role.PARTNER) for u in (p.partner, p.joe, p.xiuying, p.kwame)]
    meeting_services.attendance_record(
        actor=p.organiser,
        meeting=meeting,
        started_at=at(23, 20, month=2),
        ended_at=at(23, 21, 30, month=2),
        rows=[
            meeting_services.AttendanceRow(
                user=u, role=role, status=AttendanceStatus.ATTENDED, mode=AttendanceMode.ONLINE
            )
            for u, role in came
        ],
    )
    barrier = feedback_services.barrier_raise(
        actor=p.joe, project=p.project, category="meeting_times", description="Meetings at 6pm clash with tea time."
    )
    p.response = feedback_services.response_create(
        actor=p.organiser,
        project=p.project,
        title="Meetings clashed with tea time",
        outcome="changed",
        what_we_did="We moved meetings to 8pm.",
        inputs=[f"barrier:{barrier.pk}"],
    )
    p.outcome = update_services.outcome_publish(
        actor=p.organiser,
        project=p.project,
        title="What helps children sleep",
        found="Calm bedtimes help most.",
        input_effect="Partners chose the questions we asked families.",
    )
    credit_services.contribution_types_sync()
    kind = ContributionType.objects.order_by("order").first()
    for who in (p.xiuying, p.joe, p.partner):
        credit_services.contribution_add(
            actor=p.organiser, project=p.project, person=who, type=kind, degree="equal",
            date=dt.date(2026, 2, 23), description="Chose the questions.", hours=Decimal("1.5"),
        )  # fmt: skip
    p.meeting = meeting
    return p
