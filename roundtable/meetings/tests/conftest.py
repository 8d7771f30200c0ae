"""Standing people for meeting tests: an organiser, partners with caring constraints, a professional,
finance staff and an outsider, in one published project, built by the factories (docs/testing.md).
Time is frozen with time_machine."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.meetings.tests.factories import PDF, MeetingFactory  # noqa: F401 - PDF is used from here
from roundtable.projects.tests.conftest import make_person  # noqa: F401 - used from here
from roundtable.projects.tests.factories import (
    ADMIN,
    FINANCE,
    JOE,
    ORGANISER,
    OUTSIDER,
    PARTNER,
    PROFESSIONAL,
    build_people,
)

LONDON = ZoneInfo("Europe/London")
# A Monday in term time, 10am in London.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def people(db, clock):
    partner = {**PARTNER, "meeting_days": ["mon", "tue", "wed", "thu", "fri"], "meeting_from": dt.time(20, 0)}
    cast = {
        "admin": ADMIN,
        "organiser": ORGANISER,
        "finance": FINANCE,
        "partner": {**partner, "notice_days": 7},
        "joe": {**JOE, "formats": ["easy_read"], "notice_days": 10},
        "professional": PROFESSIONAL,
        "outsider": OUTSIDER,
    }
    return build_people(cast, rate=False)


def meeting_data(**overrides) -> dict:
    data = {
        "title": "Planning the study",
        "purpose": "Agree what to measure.",
        "format": "online",
        "starts_at": at(24, 20),
        "ends_at": at(24, 21, 30),
        "join_url": "https://meet.example/abc",
    }
    data.update(overrides)
    return data


@pytest.fixture
def meeting(people):
    return MeetingFactory(project=people.project, created_by=people.organiser, **meeting_data())


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
