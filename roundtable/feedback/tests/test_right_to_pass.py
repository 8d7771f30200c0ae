"""The right to pass: any check-in question, or the whole check-in, can be passed without a reason, and
passing never changes pay (issue 16). Claims are drafted from attendance (payments), never from answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from roundtable.feedback import services
from roundtable.feedback.models import CheckInAnswer
from roundtable.payments.models import Claim
from roundtable.payments.services import claims_draft_for_meeting
from roundtable.payments.tests.conftest import earnings_limits, held_meeting, uplift  # noqa: F401 - fixtures
from roundtable.projects.tests.conftest import people  # noqa: F401 - a paid project, not feedback's unpaid one

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 1, 14, 15, 0, tzinfo=dt.UTC)


def _claims(person):
    return sorted((c.kind, c.hours, c.amount, c.status) for c in Claim.objects.filter(claimant=person))


def test_passing_on_the_check_in_does_not_change_a_claim(client, people, uplift):  # noqa: F811
    with time_machine.travel(NOW, tick=False):
        meeting = held_meeting(people, dt.date(2026, 1, 14))
        claims_draft_for_meeting(meeting=meeting)  # what the register's hook does once it commits
        services.check_in_open(actor=people.organiser, meeting=meeting, days=7)
        before = _claims(people.partner)
        assert before and all(amount > Decimal("0") for _kind, _hours, amount, _status in before)
        url = reverse("feedback:check_in", args=[people.project.pk, meeting.pk])
        client.force_login(people.partner)
        every_question_passed = dict.fromkeys(services.SCALES, "pass")
        assert client.post(url, every_question_passed).status_code == 302
        assert client.post(url, {"pass_all": "1", "heard": "5"}).status_code == 302
        page = client.get(url).content.decode()
        assert "I&#x27;d rather not say" in page or "I'd rather not say" in page
        assert "passing never changes your pay" in page
        assert not CheckInAnswer.objects.filter(person=people.partner).exists()
        assert _claims(people.partner) == before
        claims_draft_for_meeting(meeting=meeting)  # the worker's sweep, run again after the pass
        assert _claims(people.partner) == before


def test_a_passed_question_is_kept_as_no_answer(people, uplift):  # noqa: F811
    with time_machine.travel(NOW, tick=False):
        meeting = held_meeting(people, dt.date(2026, 1, 14))
        check_in = services.check_in_open(actor=people.organiser, meeting=meeting, days=7)
        answer = services.check_in_answer(
            actor=people.partner, check_in=check_in, person=people.partner, data={"feeling": "pass", "heard": "4"}
        )
        assert (answer.feeling, answer.heard) == (None, 4)


def test_pages_say_you_can_pass(client, people):  # noqa: F811
    from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(project=people.project, created_by=people.organiser)
    AgendaItemFactory(meeting=meeting, title="Hospital stays", minutes=30, content_note="talks about a hospital stay")
    client.force_login(people.partner)
    html = client.get(reverse("meetings:meeting", args=[people.project.pk, meeting.pk])).content.decode()
    assert "You can pass on any item." in html
    assert "Content note" in html and "talks about a hospital stay" in html and "<details" in html
