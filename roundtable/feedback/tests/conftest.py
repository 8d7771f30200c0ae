"""Standing people for listening tests: an organiser, two partners, a professional and an outsider.

Factories put <script> and HTML into every text, so any unescaped output fails a test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from roundtable.feedback import boards, services
from roundtable.feedback.models import Anonymity
from roundtable.projects.models import Organisation
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

EVIL = '<script>alert("x")</script><b>bold</b>'


def evil(text: str) -> str:
    return f"{text} {EVIL}"


@pytest.fixture
def people(db):
    cast = {
        "admin": ADMIN,
        "organiser": ORGANISER,
        "partner": PARTNER,
        "joe": {**JOE, "naming": "full_name"},
        "professional": {**PROFESSIONAL, "full_name": "Ann Lee"},
        "finance": FINANCE,
        "outsider": OUTSIDER,
    }
    return build_people(cast, kind=Organisation.Kind.OTHER, rate=False)


def make_board(people, anonymity=Anonymity.HIDDEN, **kw):
    return boards.board_create(
        actor=people.organiser, project=people.project, title=evil("After the meeting"), anonymity=anonymity, **kw
    )


@pytest.fixture
def board(people):
    return make_board(people)


def add_note(people, board, who=None, text="Evenings are better"):
    column = board.columns.first()
    return boards.note_add(actor=who or people.partner, board=board, column=column, text=evil(text))


def raise_barrier(people, who=None, text="Meetings are at school pick-up time"):
    return services.barrier_raise(
        actor=who or people.joe, project=people.project, category="meeting_times", description=evil(text)
    )


@pytest.fixture
def past_meeting(people):
    from django.utils import timezone

    from roundtable.meetings.tests.factories import MeetingFactory

    start = timezone.now() - dt.timedelta(hours=3)
    return MeetingFactory(
        project=people.project,
        created_by=people.organiser,
        title=evil("Planning"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        already_held=True,
    )
