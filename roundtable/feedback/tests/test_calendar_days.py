"""Windows said in days (a check-in open for 7 days, a board open for 7 days, an invitation for 30 days) end
at the same time on the London clock, N calendar days on, even across a clock change (25 October 2026)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.feedback import services
from roundtable.feedback.tests.conftest import make_board
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.projects import services as project_services

LONDON = ZoneInfo("Europe/London")
TUESDAY_9AM = dt.datetime(2026, 10, 20, 9, 0, tzinfo=LONDON)  # BST; the clocks go back on Sunday 25 October


@pytest.fixture
def clock():
    with time_machine.travel(TUESDAY_9AM, tick=False) as traveller:
        yield traveller


def test_a_check_in_open_for_7_days_closes_at_the_same_time_a_week_later(clock, people):
    meeting = MeetingFactory(
        project=people.project,
        title="Planning",
        starts_at=TUESDAY_9AM - dt.timedelta(hours=3),
        ends_at=TUESDAY_9AM - dt.timedelta(hours=2),
        created_by=people.organiser,
        already_held=True,
    )
    check_in = services.check_in_open(actor=people.organiser, meeting=meeting, days=7)
    assert check_in.closes_at == dt.datetime(2026, 10, 27, 9, 0, tzinfo=LONDON)  # 169 hours later, not 168


def test_a_board_open_for_7_days_closes_at_the_same_time_a_week_later(clock, people):
    board = make_board(people, open_days=7)
    assert board.closes_at == dt.datetime(2026, 10, 27, 9, 0, tzinfo=LONDON)


def test_an_invitation_runs_out_at_the_same_time_30_days_later(clock, people, settings):
    settings.INVITATION_DAYS = 30
    invitation = project_services.invitation_create(
        actor=people.organiser, project=people.project, email="new@example.com"
    )
    assert invitation.expires_at == dt.datetime(2026, 11, 19, 9, 0, tzinfo=LONDON)
