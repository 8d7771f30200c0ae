"""Factories for check-ins and their answers, made through the feedback services.

``CheckInFactory()`` records a meeting held three hours ago in a new published project and opens its
check-in for 7 days as the meeting's organiser (``check_in_open``, which asks every member their
way). ``CheckInAnswerFactory(check_in=...)`` answers it as a new partner of the project who joined
(``MembershipFactory``) through ``check_in_answer``; pass ``person=`` for someone already in it, any
question of the form (``heard=4``, ``voice_changed=2``, ``feeling_text="..."``) to answer it, and
``by_proxy=True`` for answers an organiser typed in from a phone call. Unnamed questions are left
unanswered, as a person may skip any; ``heard`` is 4 unless given, since an answer needs one question.
The answer is dated by the clock, so tests that care about when travel with ``time_machine``.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from roundtable.feedback import services
from roundtable.feedback.models import CheckIn, CheckInAnswer
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.projects.tests.factories import MembershipFactory


def _three_hours_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=3)


class CheckInFactory(DjangoModelFactory):
    """A check-in opened by ``check_in_open`` as ``created_by`` (the meeting's organiser unless given)."""

    class Meta:
        model = CheckIn

    meeting = factory.SubFactory(MeetingFactory, already_held=True, starts_at=factory.LazyFunction(_three_hours_ago))
    created_by = factory.LazyAttribute(lambda o: o.meeting.created_by)
    days = 7  # not a field: how long it stays open

    @classmethod
    def _create(cls, model_class, *args, meeting, created_by, days):
        return services.check_in_open(actor=created_by, meeting=meeting, days=days)


class CheckInAnswerFactory(DjangoModelFactory):
    """One person's answers, saved by ``check_in_answer`` (by themselves, or by ``recorded_by`` by phone)."""

    class Meta:
        model = CheckInAnswer

    check_in = factory.SubFactory(CheckInFactory)
    person = factory.LazyAttribute(lambda o: MembershipFactory(project=o.check_in.meeting.project).user)
    heard = 4
    by_proxy = False
    recorded_by = factory.LazyAttribute(lambda o: o.check_in.meeting.created_by if o.by_proxy else None)

    @classmethod
    def _create(cls, model_class, *args, check_in, person, by_proxy, recorded_by, **data):
        return services.check_in_answer(
            actor=recorded_by if by_proxy else person, check_in=check_in, person=person, data=data, by_proxy=by_proxy
        )
