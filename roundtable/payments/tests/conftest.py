"""People and a project for payments tests, on top of the projects fixtures, plus a meeting with a register.

Built by the factories of projects and meetings (docs/testing.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from roundtable.meetings import services as meetings
from roundtable.meetings.models import Attendance
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.projects.tests.conftest import people  # noqa: F401 - the shared fixture
from roundtable.projects.tests.factories import PayRateFactory

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture(autouse=True)
def earnings_limits(request):
    """The dated Carer's Allowance limits from the data migration; a flushed database (transaction tests) loses them."""
    if (
        "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or request.node.get_closest_marker("django_db")
    ):
        from roundtable.payments.benefits import ensure_default_limits

        if request.node.get_closest_marker("django_db") is None:
            request.getfixturevalue("db")
        ensure_default_limits()


@pytest.fixture
def uplift(people):  # noqa: F811
    """The NIHR uplift row: £27.50 an hour from 16 December 2025 (the fixture's £25 row is from April 2024)."""
    return PayRateFactory(
        organisation=people.organisation, amount=Decimal("27.50"), effective_from=dt.date(2025, 12, 16),
        source_note="NIHR uplift",
    )  # fmt: skip


def held_meeting(people, day: dt.date, *, start=(10, 0), end=(12, 0), actual_end=(12, 15), prep_minutes=30):  # noqa: F811
    """A two-hour workshop held on ``day`` with paid preparation; the partner and the organiser came."""
    people.project.preparation_paid = True
    people.project.save(update_fields=["preparation_paid"])
    meeting = MeetingFactory(
        project=people.project,
        created_by=people.organiser,
        already_held=True,
        title="Workshop",
        starts_at=at(day, *start),
        ends_at=at(day, *end),
    )
    AgendaItemFactory(
        meeting=meeting, title="Talk", minutes=60, kind="discussion", prepare="Read", prepare_minutes=prep_minutes
    )
    meetings.attendance_record(
        actor=people.organiser,
        meeting=meeting,
        started_at=at(day, *start),
        ended_at=at(day, *actual_end),
        rows=[
            meetings.AttendanceRow(user=people.partner, role=Attendance.Role.PARTNER, status="attended", mode="online"),
            meetings.AttendanceRow(
                user=people.organiser, role=Attendance.Role.STAFF, status="attended", mode="online", paid_work_time=True
            ),
        ],
    )
    return meeting


@pytest.fixture(autouse=True)
def partner_payee(request):
    """The partner gave finance a payee number (a run cannot be paid without one); tests of that rule remove it."""
    if "people" not in request.fixturenames:
        return
    from roundtable.payments import services

    cast = request.getfixturevalue("people")
    services.choice_set(
        actor=cast.partner, user=cast.partner, project=None, data={"choice": "bank", "payee_reference": "P-0001"}
    )
