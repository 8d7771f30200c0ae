"""Sign 3, "Not a valued partner": check-in answers on feeling heard and valued, and how it felt."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from roundtable.feedback.tests.factories_checkins import CheckInAnswerFactory, CheckInFactory
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext, signs
from roundtable.health.signs.valued import SIGN, THRESHOLD, WINDOW_DAYS
from roundtable.lib.dates import zone
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import JOE, ORGANISER, PARTNER, MembershipFactory, build_people

pytestmark = pytest.mark.django_db

LONDON = zone()
AS_OF = dt.datetime(2026, 6, 30, 23, 0, tzinfo=LONDON)
MARCH = dt.datetime(2026, 3, 20, 21, 0, tzinfo=LONDON)
MAY = dt.datetime(2026, 5, 12, 21, 0, tzinfo=LONDON)
JUNE = dt.datetime(2026, 6, 9, 21, 0, tzinfo=LONDON)


@pytest.fixture
def world():
    """Tom's project with five partners (Amira, Joe and three more); nobody has answered anything."""
    with time_machine.travel(dt.datetime(2025, 12, 1, 12, 0, tzinfo=LONDON), tick=False):
        w = build_people({"admin": {"email": "priya@example.com", "full_name": "Priya Shah"}, "organiser": ORGANISER,
                          "partner": PARTNER, "joe": JOE}, kind=Organisation.Kind.COUNCIL, rate=False)  # fmt: skip
        w.partners = [w.partner, w.joe, *(MembershipFactory(project=w.project).user for _ in range(3))]
    return w


def _check_in(w, when):
    with time_machine.travel(when, tick=False):
        meeting = MeetingFactory(
            project=w.project, already_held=True, starts_at=when - dt.timedelta(hours=2), ends_at=when
        )
        return CheckInFactory(meeting=meeting, created_by=w.organiser)


def _answers(w, when, scores, **more):
    """Each partner in turn answers "heard" and "valued" with the next score, an hour after ``when``."""
    check_in = _check_in(w, when)
    with time_machine.travel(when + dt.timedelta(hours=1), tick=False):
        for who, score in zip(w.partners, scores, strict=False):
            CheckInAnswerFactory(check_in=check_in, person=who, heard=score, valued=score, **more)
    return check_in


def _measure(w, as_of=AS_OF):
    return SIGN.measure(HealthContext(project=w.project, as_of=as_of))


def _figures(finding):
    return {figure.label: figure.value for figure in finding.figures}


def test_the_sign_is_registered_as_sign_3():
    assert SIGN in signs() and (SIGN.number, SIGN.key, SIGN.title) == (3, "not_valued", "Not a valued partner")
    assert (
        THRESHOLD.describe()
        == "Good at 4 points or more. At risk below 3 points. Needs at least 3 people who answered."
    )


def test_partners_who_feel_heard_and_valued_rate_good(world, django_assert_num_queries):
    _answers(world, MAY, [4, 4, 5, 4], voice_changed=4, enough_ways=5, what_matters=4)
    _answers(world, JUNE, [5, 5, 4, 5, 5], voice_changed=5, enough_ways=5, what_matters=4)
    with django_assert_num_queries(2):  # nothing to do, so no meeting is looked up
        finding = _measure(world)
    # Heard and valued alike: May 4, 4, 5, 4; June 5, 5, 4, 5, 5 -> 41 / 9 = 4.56.
    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, Decimal("4.56"), 5)
    assert finding.action is None
    assert "4.6 out of 5 from 5 people in the last 90 days" in finding.summary
    figures = _figures(finding)
    assert figures["I felt heard"] == "4.6 out of 5, from 5 people, going up"  # May 4.25, June 4.8
    assert figures["There were enough ways for me to take part"] == "5.0 out of 5, from 5 people, about the same"
    assert figures["My voice changed things"] == "4.6 out of 5, from 5 people, going up"
    assert figures["The organisation changed because of what we said"] == "Not shown: fewer than 3 people answered."
    assert len(figures) == 6
    assert not any(name in finding.summary + str(figures) for name in ("Amira", "Joe", "Tom"))


def test_partners_who_do_not_feel_valued_are_at_risk_with_a_link_to_the_next_check_in(world, django_assert_num_queries):
    _answers(world, MAY, [3, 3, 3, 2, 3], organisation_changed=2)
    _answers(world, JUNE, [2, 2, 1, 2], organisation_changed=1)
    with time_machine.travel(JUNE, tick=False):
        next_meeting = MeetingFactory(project=world.project, starts_at=AS_OF + dt.timedelta(days=10), notify=False)
    with django_assert_num_queries(3):
        finding = _measure(world)
    # May 3, 3, 3, 2, 3 and June 2, 2, 1, 2 -> 21 / 9 = 2.33.
    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, Decimal("2.33"), 5)
    assert "do not feel heard and valued" in finding.summary
    assert _figures(finding)["I felt valued"] == "2.3 out of 5, from 5 people, going down"
    assert _figures(finding)["The organisation changed because of what we said"].endswith("going down")
    assert finding.action.url == reverse("feedback:check_in", args=[world.project.pk, next_meeting.pk])
    assert finding.action.staff_only and "next meeting" in finding.action.text


def test_between_the_lines_needs_attention_and_with_no_meeting_booked_the_action_books_one(world):
    _answers(world, JUNE, [3, 4, 3, 4])
    finding = _measure(world)
    assert (finding.rating, finding.value) == (Rating.ATTENTION, Decimal("3.50"))
    assert finding.action.url == reverse("meetings:new", args=[world.project.pk])


def test_fewer_than_three_people_show_nothing(world, django_assert_num_queries):
    _answers(world, JUNE, [1, 1], voice_changed=1, feeling_text="Nobody listened")
    with django_assert_num_queries(3):  # the answers, and the next meeting for the action
        finding = _measure(world)
    assert (finding.rating, finding.value, finding.evidence, finding.figures) == (Rating.NOT_ENOUGH, None, 0, ())
    assert "Fewer than 3 people" in finding.summary and "Nobody listened" not in finding.summary
    assert finding.action is not None


def test_only_answers_given_in_the_window_up_to_the_moment_count(world):
    _answers(world, MARCH, [1, 1, 1, 1, 1])  # more than 90 days before AS_OF
    _answers(world, JUNE, [5, 5, 5, 4, 5])
    assert (_measure(world).rating, _measure(world).value) == (Rating.GOOD, Decimal("4.80"))
    # Measured as at the end of May, June's answers had not been given; March's were within 90 days.
    end_of_may = dt.datetime(2026, 5, 31, 23, 0, tzinfo=LONDON)
    assert (AS_OF - MARCH).days > WINDOW_DAYS > (end_of_may - MARCH).days
    finding = _measure(world, as_of=end_of_may)
    assert (finding.rating, finding.value) == (Rating.AT_RISK, Decimal("1.00"))
    assert _measure(world, as_of=MARCH - dt.timedelta(days=1)).rating == Rating.NOT_ENOUGH


def test_the_query_count_stays_the_same_with_six_months_of_check_ins(world, django_assert_num_queries):
    for month in range(1, 7):
        _answers(world, dt.datetime(2026, month, 10, 21, 0, tzinfo=LONDON), [2, 3, 2, 3, 2], what_matters=2)
    with django_assert_num_queries(3):
        finding = _measure(world)
    assert finding.rating == Rating.AT_RISK and len(finding.figures) == 6
