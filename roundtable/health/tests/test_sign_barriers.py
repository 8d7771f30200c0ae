"""Sign 4, "Not listened to about barriers": barriers answered by their date, as at a moment (docs/health.md)."""
# ruff: noqa: F811 - the standing fixtures (people, clock) are imported from the meetings tests

from __future__ import annotations

import pytest

from roundtable.feedback import services as feedback_services
from roundtable.feedback.tests.factories import BarrierFactory
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext, signs
from roundtable.health.signs.barriers import SIGN
from roundtable.meetings import services as meeting_services
from roundtable.meetings.tests.conftest import NOW, at, clock, media, meeting_data, people  # noqa: F401

# Barriers raised at NOW (Monday 2 March, 10am) are due on Monday 9 March.
AFTER_THE_DATE = at(20, 12)


def measure(people, as_of=AFTER_THE_DATE):
    return SIGN.measure(HealthContext(project=people.project, as_of=as_of))


def raise_barrier(people, **kw):
    return BarrierFactory(project=people.project, raised_by=kw.pop("raised_by", people.partner), **kw)


def answer(people, barrier, status="responded"):
    return feedback_services.barrier_answer(
        actor=people.organiser,
        barrier=barrier,
        status=status,
        response="We moved the meeting." if status != "not_possible" else "",
        reason="The hall is booked every evening." if status == "not_possible" else "",
    )


def figure(finding, label: str) -> str:
    return next(f.value for f in finding.figures if f.label == label)


def test_the_sign_is_registered_as_sign_4():
    assert SIGN in signs()
    assert (SIGN.number, SIGN.key) == (4, "barriers")


def test_good_when_every_barrier_is_answered_by_its_date(people, clock):
    barriers = [raise_barrier(people) for _ in range(3)]
    clock.move_to(at(9, 18))  # the last day
    for barrier in barriers:
        answer(people, barrier)
    finding = measure(people)
    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 3)
    assert finding.summary == "3 of 3 barriers were answered by the date we promised."
    assert figure(finding, "Days to an answer (middle value)") == "7 days"
    assert finding.action.text == "Open the barrier log"
    assert finding.action.url == f"/projects/{people.project.pk}/barriers/"


def test_at_risk_when_barriers_are_answered_late_or_not_at_all(people, clock):
    on_time, late, *waiting = [raise_barrier(people, raised_by=people.joe) for _ in range(4)]
    answer(people, on_time, "not_possible")
    clock.move_to(at(10, 9))  # a day late
    answer(people, late)
    finding = measure(people)
    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 25, 4)
    assert figure(finding, "Waiting past the date for an answer") == "2"
    assert figure(finding, "Closed as not possible") == "1"
    assert "2 barriers are still waiting past the date." in finding.summary
    assert finding.action.text == "Answer the barriers that are waiting"
    for words in [finding.summary, *(f.label + f.value for f in finding.figures)]:
        for person in (people.partner, people.joe, people.organiser):
            assert person.full_name not in words and person.full_name.split()[0] not in words


def test_needs_attention_in_between(people, clock):
    barriers = [raise_barrier(people) for _ in range(5)]
    for barrier in barriers[:4]:
        answer(people, barrier)
    assert (measure(people).rating, measure(people).value) == (Rating.ATTENTION, 80)


def test_not_enough_evidence_before_barriers_reach_their_date(people):
    for _ in range(3):
        raise_barrier(people)
    finding = measure(people, as_of=at(5, 12))
    assert (finding.rating, finding.value, finding.evidence) == (Rating.NOT_ENOUGH, None, 0)
    assert finding.summary.startswith("0 barriers have reached the date for an answer so far.")
    assert measure(people, as_of=at(9, 23)).evidence == 0  # the date itself is still in time
    assert measure(people, as_of=at(10, 1)).evidence == 3


def test_no_barriers_at_all_is_not_enough_evidence(people):
    finding = measure(people)
    assert (finding.rating, finding.summary) == (Rating.NOT_ENOUGH, "No barriers have been raised yet.")


def test_only_what_had_happened_at_the_moment_counts(people, clock):
    early = [raise_barrier(people) for _ in range(3)]
    clock.move_to(at(12, 10))  # late answers and a refusal, after the moment below
    answer(people, early[0])
    answer(people, early[1], "not_possible")
    raise_barrier(people)  # raised after the moment
    then = measure(people, as_of=at(11, 10))
    assert (then.value, then.evidence) == (0, 3)
    assert figure(then, "Waiting past the date for an answer") == "3"
    assert figure(then, "Closed as not possible") == "0"
    assert figure(then, "Barriers raised") == "3"
    later = measure(people, as_of=at(20, 10))
    assert figure(later, "Closed as not possible") == "1"
    assert figure(later, "Barriers raised") == "4"


def test_meetings_booked_anyway_against_partners_constraints(people, clock):
    # Amira can meet only after 8pm on weekdays: a 10am Tuesday meeting does not suit her.
    meeting_services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data=meeting_data(starts_at=at(24, 10), ends_at=at(24, 11)),
        warn_first=True,
        despite="The hospital team can only come in the day.",
        notify=False,
    )
    meeting_services.meeting_create(
        actor=people.organiser, project=people.project, data=meeting_data(), warn_first=True, notify=False
    )
    finding = measure(people)
    assert figure(finding, "Meetings booked at a time that did not suit some partners") == "1"
    assert "1 meeting was booked at a time that did not suit some partners." in finding.summary
    assert figure(measure(people, as_of=at(1, 10)), "Meetings booked at a time that did not suit some partners") == "0"


def test_figures_link_to_the_records(people):
    raise_barrier(people)
    for item in measure(people).figures:
        assert item.url.startswith(f"/projects/{people.project.pk}/")


@pytest.mark.parametrize("size", [1, 6])
def test_the_measure_costs_two_queries_whatever_the_data(people, size, django_assert_num_queries):
    for n in range(size):
        barrier = raise_barrier(people)
        if n % 2:
            answer(people, barrier)
    with django_assert_num_queries(2):
        finding = measure(people)
    assert finding.evidence == size
