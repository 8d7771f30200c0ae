"""How it felt (issue 15): four more check-in questions on every channel, and their summary with the
three-person rule."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from roundtable.feedback import selectors
from roundtable.feedback.felt import FELT_KEYS, MIN_PEOPLE, Trend, felt_summary
from roundtable.feedback.models import FELT_QUESTIONS, CheckInAnswer
from roundtable.feedback.tests.conftest import EVIL
from roundtable.feedback.tests.factories_checkins import CheckInAnswerFactory, CheckInFactory
from roundtable.lib.dates import zone
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.projects.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

LONDON = zone()
MARCH = dt.datetime(2026, 3, 10, 21, 0, tzinfo=LONDON)
APRIL = dt.datetime(2026, 4, 14, 21, 0, tzinfo=LONDON)
LATER = dt.datetime(2026, 5, 1, 12, 0, tzinfo=LONDON)
FELT_WORDS = [str(label) for _name, label in FELT_QUESTIONS]


def _check_in(project, when):
    """A meeting of ``project`` held an hour before ``when``, its check-in open, under a frozen clock."""
    with time_machine.travel(when, tick=False):
        meeting = MeetingFactory(
            project=project, already_held=True, starts_at=when - dt.timedelta(hours=2), ends_at=when
        )
        return CheckInFactory(meeting=meeting)


def _answer(check_in, person, when, **answers):
    with time_machine.travel(when + dt.timedelta(hours=1), tick=False):
        return CheckInAnswerFactory(check_in=check_in, person=person, **answers)


def _partners(project, n):
    return [MembershipFactory(project=project).user for _ in range(n)]


# --- Every channel asks the four questions --------------------------------------------------------------


def test_the_web_check_in_asks_the_four_questions_and_each_can_be_skipped(client, people, past_meeting):
    CheckInFactory(meeting=past_meeting, created_by=people.organiser)
    url = reverse("feedback:check_in", args=[people.project.pk, past_meeting.pk])
    client.force_login(people.partner)
    html = client.get(url).content.decode()
    assert all(words in html for words in FELT_WORDS) and "You can pass on any of them." in html
    response = client.post(url, {"heard": "4", "voice_changed": "2", "what_matters": "5"})
    assert response.status_code == 302
    answer = CheckInAnswer.objects.get(person=people.partner)
    assert (answer.heard, answer.voice_changed, answer.enough_ways) == (4, 2, None)
    assert (answer.what_matters, answer.organisation_changed) == (5, None)
    # Only a new question answered is an answer; changing it keeps one row and shows it ticked.
    assert client.post(url, {"organisation_changed": "1"}).status_code == 302
    answer.refresh_from_db()
    assert (answer.heard, answer.organisation_changed) == (None, 1)
    ticked = re.findall(r'<input type="radio" name="(\w+)" value="(\d)"[^>]* checked', client.get(url).content.decode())
    assert ticked == [("organisation_changed", "1")]


def test_a_number_outside_the_scale_gets_a_message_at_the_question(client, people, past_meeting):
    CheckInFactory(meeting=past_meeting, created_by=people.organiser)
    client.force_login(people.partner)
    response = client.post(
        reverse("feedback:check_in", args=[people.project.pk, past_meeting.pk]), {"enough_ways": "9"}
    )
    assert response.status_code == 400 and 'href="#id_enough_ways' in response.content.decode()
    assert not CheckInAnswer.objects.exists()


def test_answers_taken_by_phone_include_the_four_questions(client, people, past_meeting):
    CheckInFactory(meeting=past_meeting, created_by=people.organiser)
    url = reverse("feedback:check_in_for", args=[people.project.pk, past_meeting.pk, people.joe.pk])
    client.force_login(people.organiser)
    assert all(words in client.get(url).content.decode() for words in FELT_WORDS)
    client.post(url, {"enough_ways": "2", "organisation_changed": "3"})
    answer = CheckInAnswer.objects.get(person=people.joe)
    assert (answer.enough_ways, answer.organisation_changed, answer.heard) == (2, 3, None)
    assert answer.by_proxy and answer.recorded_by == people.organiser
    # The organiser's results list every question with its average.
    html = client.get(reverse("feedback:check_in", args=[people.project.pk, past_meeting.pk])).content.decode()
    assert all(words in html for words in FELT_WORDS) and "2.0 / 5" in html


# --- The summary and the three-person rule ---------------------------------------------------------------


def _three_months(people):
    """Five partners answer in March and four in April; one also writes comments."""
    partners = [people.partner, people.joe, *_partners(people.project, 3)]
    march, april = _check_in(people.project, MARCH), _check_in(people.project, APRIL)
    for score, who in zip((2, 2, 3, 3, 2), partners, strict=True):
        _answer(march, who, MARCH, heard=score, valued=score, voice_changed=score, enough_ways=score)
    for score, who in zip((4, 5, 4, 4), partners, strict=False):
        _answer(april, who, APRIL, heard=score, valued=score, voice_changed=score)
    _answer(april, partners[4], APRIL, heard=5, feeling_text="Felt part of it " + EVIL, change_text="Send papers")
    return partners


def test_the_summary_gives_averages_people_and_months(people, django_assert_num_queries):
    _three_months(people)
    with django_assert_num_queries(3):
        summary = felt_summary(people.project, as_of=LATER)
    heard = summary.question("heard")
    # March: 2, 2, 3, 3, 2; April: 4, 5, 4, 4, 5. Ten answers from five people.
    assert (heard.average, heard.people) == (Decimal("3.40"), 5)
    assert [(m.month, m.average, m.people) for m in heard.months] == [
        (dt.date(2026, 3, 1), Decimal("2.40"), 5),
        (dt.date(2026, 4, 1), Decimal("4.40"), 5),
    ]
    assert heard.trend == Trend.UP
    assert [q.key for q in summary.questions] == list(FELT_KEYS) and summary.people == 5
    # Enough ways: only March's five answered.
    assert summary.question("enough_ways").trend is None
    assert summary.question("what_matters").average is None and summary.question("what_matters").months == ()
    texts = [(c.kind, c.text) for c in summary.comments]
    assert texts == [("feeling", "Felt part of it " + EVIL), ("change", "Send papers")]
    assert not any("Amira" in c.text or "Joe" in c.text for c in summary.comments)


def test_a_figure_from_fewer_than_three_people_is_withheld_with_its_count(people, django_assert_num_queries):
    march = _check_in(people.project, MARCH)
    _answer(march, people.partner, MARCH, heard=1, organisation_changed=1, feeling_text="Only two of us")
    _answer(march, people.joe, MARCH, heard=2)
    with django_assert_num_queries(2):  # no comments are read
        summary = felt_summary(people.project, as_of=LATER)
    assert MIN_PEOPLE == 3
    for question in summary.questions:
        assert (question.average, question.people) == (None, None)
        assert all((m.average, m.people) == (None, None) for m in question.months)
    assert summary.people is None and summary.comments == ()
    # A third person makes "heard" shown, but "organisation changed" (one person) stays hidden.
    third = _partners(people.project, 1)[0]
    _answer(march, third, MARCH, heard=3)
    summary = felt_summary(people.project, as_of=LATER)
    assert (summary.question("heard").average, summary.question("heard").people) == (Decimal("2.00"), 3)
    assert summary.question("organisation_changed").people is None
    assert [c.text for c in summary.comments] == ["Only two of us"]


def test_a_month_with_fewer_than_three_people_is_withheld(people):
    partners = [people.partner, people.joe, *_partners(people.project, 2)]
    march, april = _check_in(people.project, MARCH), _check_in(people.project, APRIL)
    for who in partners:
        _answer(march, who, MARCH, valued=4)
    for who in partners[:2]:
        _answer(april, who, APRIL, valued=1)
    valued = felt_summary(people.project, as_of=LATER).question("valued")
    assert [(m.average, m.people) for m in valued.months] == [(Decimal("4.00"), 4), (None, None)]
    assert valued.people == 4 and valued.trend is None  # one month shown: no direction


def test_the_summary_counts_only_answers_given_by_the_moment_and_since(people):
    _three_months(people)
    by_march = felt_summary(people.project, as_of=MARCH + dt.timedelta(days=1))
    assert by_march.question("heard").average == Decimal("2.40") and len(by_march.question("heard").months) == 1
    assert by_march.comments == ()  # written in April
    april_only = felt_summary(people.project, as_of=LATER, since=APRIL - dt.timedelta(hours=1))
    assert april_only.question("heard").average == Decimal("4.40")
    assert april_only.question("enough_ways").average is None
    nothing = felt_summary(people.project, as_of=MARCH - dt.timedelta(days=1))
    assert nothing.people is None and all(q.months == () for q in nothing.questions)


def test_the_summary_makes_the_same_queries_with_much_more_data(people, django_assert_num_queries):
    partners = [people.partner, people.joe, *_partners(people.project, 6)]
    for month in range(1, 5):
        when = dt.datetime(2026, month, 12, 21, 0, tzinfo=LONDON)
        check_in = _check_in(people.project, when)
        for n, who in enumerate(partners):
            _answer(check_in, who, when, heard=1 + (n + month) % 5, what_matters=3, change_text=f"Idea {n}")
    with django_assert_num_queries(3):
        summary = felt_summary(people.project, as_of=LATER)
    assert len(summary.question("heard").months) == 4 and summary.question("what_matters").people == 8
    assert len(summary.comments) == 32
    assert selectors.felt_summary is felt_summary


def test_the_next_meeting_to_check_in_after(people, django_assert_num_queries):
    with time_machine.travel(MARCH, tick=False):
        soon = MeetingFactory(project=people.project, starts_at=MARCH + dt.timedelta(days=7), notify=False)
        MeetingFactory(project=people.project, starts_at=MARCH + dt.timedelta(days=30), notify=False)
    with django_assert_num_queries(1):
        assert selectors.next_meeting_for_check_in(people.project, as_of=MARCH) == soon
    assert selectors.next_meeting_for_check_in(people.project, as_of=LATER) is None


def test_the_check_in_factories_make_rows_the_product_could_have_made():
    with time_machine.travel(MARCH, tick=False):
        answer = CheckInAnswerFactory()
        phoned = CheckInAnswerFactory(check_in=answer.check_in, by_proxy=True, voice_changed=2, heard=None)
    for row in (answer.check_in, answer, phoned):
        row.full_clean()
    assert (answer.heard, answer.voice_changed, answer.by_proxy, answer.recorded_by) == (4, None, False, None)
    assert (phoned.heard, phoned.voice_changed, phoned.by_proxy) == (None, 2, True)
    assert phoned.recorded_by == answer.check_in.meeting.created_by
    project = answer.check_in.meeting.project
    assert answer.project == project and {answer.person, phoned.person} <= {m.user for m in project.memberships.all()}
