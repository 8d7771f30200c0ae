"""Sign 6, "No information in advance": papers sent to every member by the deadline (issue 15)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext
from roundtable.health.signs import papers
from roundtable.meetings.services import papers_release
from roundtable.meetings.tests.factories import MeetingFactory, PaperFactory
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
# The meetings are on Tuesday evenings, a week apart from 3 February.
FIRST = dt.datetime(2026, 2, 3, 19, 0, tzinfo=LONDON)
LATER = dt.datetime(2026, 4, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def project(clock):
    project = ProjectFactory()
    MembershipFactory(project=project)
    MembershipFactory(project=project)
    return project


def meeting_with_papers(clock, project, starts_at, *, sent_days_before: int | None, papers: int = 1):
    """A meeting booked in January with ``papers`` papers, sent ``sent_days_before`` it (None: never)."""
    clock.move_to(START)
    meeting = MeetingFactory(project=project, starts_at=starts_at, notify=False)
    for _ in range(papers):
        PaperFactory(meeting=meeting)
    if sent_days_before is not None:
        papers_release(actor=project.created_by, meeting=meeting, now=starts_at - dt.timedelta(days=sent_days_before))
    return meeting


def weekly(n: int) -> list[dt.datetime]:
    return [FIRST + dt.timedelta(weeks=i) for i in range(n)]


def measure(project, as_of=LATER):
    return papers.measure(HealthContext(project=project, as_of=as_of))


def test_papers_sent_ten_days_ahead_for_every_meeting_are_good(clock, project):
    for day in weekly(3):
        meeting_with_papers(clock, project, day, sent_days_before=10)
    clock.move_to(LATER)

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 3)
    assert finding.summary == "Papers reached everyone in time for 3 of 3 meetings."
    assert [f.value for f in finding.figures[:2]] == ["None", "Nobody"]
    assert finding.action is None  # no meeting booked


def test_late_and_missing_papers_put_the_sign_at_risk_and_point_to_the_next_meeting(clock, project):
    first, second, third = weekly(3)
    meeting_with_papers(clock, project, first, sent_days_before=10)
    meeting_with_papers(clock, project, second, sent_days_before=2, papers=2)
    unsent = meeting_with_papers(clock, project, third, sent_days_before=None)  # never sent before it happened
    upcoming = meeting_with_papers(clock, project, LATER + dt.timedelta(days=14), sent_days_before=None)
    clock.move_to(LATER)

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 33, 3)
    late_papers, late_people, next_papers = finding.figures
    assert late_papers.value == "3 papers late, for 2 of 3 meetings"
    assert late_people.value == "2 people"  # both members got the second meeting's papers late
    assert next_papers.value == "1"
    assert next_papers.url == reverse("meetings:papers", args=[project.pk, upcoming.pk])
    assert finding.action.text == "Send out the papers for the next meeting in good time"
    assert finding.action.url == reverse("meetings:papers", args=[project.pk, upcoming.pk])
    assert late_papers.url == reverse("meetings:papers", args=[project.pk, unsent.pk])  # the latest late one


def test_one_meeting_with_papers_is_not_enough_evidence(clock, project):
    meeting_with_papers(clock, project, FIRST, sent_days_before=1)
    clock.move_to(LATER)

    finding = measure(project)

    assert (finding.rating, finding.value, finding.evidence) == (Rating.NOT_ENOUGH, 0, 1)


def test_a_next_meeting_with_no_papers_asks_for_them_and_one_with_all_sent_asks_nothing(clock, project):
    upcoming = MeetingFactory(project=project, starts_at=LATER + dt.timedelta(days=14), notify=False)
    clock.move_to(LATER)
    assert measure(project).action.text == "Add the papers for the next meeting"

    PaperFactory(meeting=upcoming)
    papers_release(actor=project.created_by, meeting=upcoming)
    assert measure(project).action is None


def test_only_what_had_happened_by_the_moment_counts(clock, project):
    first, second, third = weekly(3)
    for day in (first, second):
        meeting_with_papers(clock, project, day, sent_days_before=10)
    # The third meeting's papers went out late, two days after the moment we look back from.
    meeting_with_papers(clock, project, third, sent_days_before=1)
    clock.move_to(LATER)

    before_the_third = measure(project, as_of=third - dt.timedelta(days=3))
    after = measure(project)

    assert (before_the_third.rating, before_the_third.evidence) == (Rating.NOT_ENOUGH, 2)
    assert before_the_third.figures[1].value == "Nobody"  # the late copies did not exist yet
    assert before_the_third.figures[2].value == "1"  # the third meeting's paper was not sent then
    assert (after.evidence, after.value) == (3, 67)


def test_findings_name_nobody(clock, project):
    meeting_with_papers(clock, project, FIRST, sent_days_before=1)
    clock.move_to(LATER)
    finding = measure(project)
    members = [m.user for m in project.memberships.select_related("user")]
    text = " ".join([finding.summary, *(f"{f.label} {f.value}" for f in finding.figures)])
    assert all(str(person) not in text and person.full_name not in text for person in members)


@pytest.mark.parametrize("meetings", [3, 8])
def test_the_measure_takes_three_queries_however_many_meetings(clock, project, meetings, django_assert_num_queries):
    for i, day in enumerate(weekly(meetings)):
        meeting_with_papers(clock, project, day, sent_days_before=10 if i % 2 else 1, papers=2)
    clock.move_to(LATER)
    with django_assert_num_queries(3):
        measure(project)


def test_papers_late_and_no_meeting_booked_asks_to_book_the_next_one(clock, project):
    for day in weekly(3):
        meeting_with_papers(clock, project, day, sent_days_before=2)
    clock.move_to(LATER)

    finding = measure(project)

    assert finding.rating == Rating.AT_RISK
    assert finding.action.text == "Book the next meeting, and send its papers at least 7 days before"
    assert finding.action.url == reverse("meetings:new", args=[project.pk])


def test_an_ended_project_is_not_asked_to_book_another_meeting(clock, project):
    for day in weekly(3):
        meeting_with_papers(clock, project, day, sent_days_before=2)
    clock.move_to(LATER)
    project.status = project.Status.ENDED
    project.save(update_fields=["status"])

    finding = measure(project)

    assert finding.rating == Rating.AT_RISK  # the record stays as it was
    assert finding.action is None
