"""The listening factories (tests/factories.py) make rows the product could have made, through its services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.feedback.models import Barrier, ResponseLink
from roundtable.feedback.tests.factories import (
    BarrierFactory,
    BoardFactory,
    FeedbackFactory,
    NoteFactory,
    ResponseFactory,
    ResponseLinkFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 10, 17, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_each_factory_makes_a_valid_row_with_its_defaults():
    for row in (BarrierFactory(), BoardFactory(), NoteFactory(), FeedbackFactory(), ResponseFactory()):
        row.full_clean()


def test_a_barrier_is_raised_by_a_member_and_due_a_week_later():
    barrier = BarrierFactory()
    assert barrier.project.memberships.filter(user=barrier.raised_by).exists()
    assert (barrier.status, barrier.due_on) == (Barrier.Status.OPEN, dt.date(2026, 3, 9))


def test_a_barrier_can_be_answered_or_refused():
    assert BarrierFactory(answer="responded").response == "We have moved the meetings to 8pm."
    refused = BarrierFactory(answer="not_possible")
    assert (refused.status, refused.reason) == (Barrier.Status.NOT_POSSIBLE, "The room is only free in the day.")


def test_feedback_keeps_only_the_hour():
    assert FeedbackFactory().created_at == NOW.replace(minute=0)


def test_a_response_answers_what_it_is_given_and_a_link_adds_one_more():
    response = ResponseFactory()
    assert ResponseLink.objects.filter(response=response).count() == 1
    note = NoteFactory(board=BoardFactory(project=response.project))
    link = ResponseLinkFactory(response=response, input=note)
    assert (link.note_id, link.input_created_at) == (note.pk, note.created_at)
