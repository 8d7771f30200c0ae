"""One definition per count (health/counting.py, docs/health.md "How we count"): the sign, the
recommendation and the reports agree on the same record, and a share is never rounded to all or none."""
# ruff: noqa: F811 - the standing fixtures (people, clock) are imported from the meetings tests

from __future__ import annotations

from decimal import Decimal

from roundtable.feedback import services as feedback_services
from roundtable.feedback.tests.factories import BarrierFactory, ResponseFactory
from roundtable.health.counting import barrier_count, hours_words, percent_words, share_percent, share_words
from roundtable.health.recommendations.listening import listening_evidence
from roundtable.health.registry import HealthContext, amount_words
from roundtable.health.reports import gripp2, standards
from roundtable.health.reports.record import project_record
from roundtable.health.signs import barriers as sign_4
from roundtable.health.signs import minimisation as sign_2
from roundtable.meetings.tests.conftest import at, clock, media, meeting_data, people  # noqa: F401

AS_OF = at(20, 12)  # Barriers raised on Monday 2 March (NOW) are due on Monday 9 March.


def _figure(figures, label: str) -> str:
    return next(f.value for f in figures if f.label == label)


def _six_barriers(people, clock):
    """On time (written), late (written), sorted with no words, not possible, answered only by a "you
    said, we did" on time, and one still waiting past its date."""
    raise_one = lambda: BarrierFactory(project=people.project, raised_by=people.partner)  # noqa: E731
    on_time, late, sorted_, not_possible, linked, waiting = (raise_one() for _ in range(6))
    clock.move_to(at(5, 12))
    answer = feedback_services.barrier_answer
    answer(actor=people.organiser, barrier=on_time, status="responded", response="We moved the meeting.")
    answer(actor=people.organiser, barrier=sorted_, status="resolved")
    answer(actor=people.organiser, barrier=not_possible, status="not_possible", reason="The hall is booked.")
    ResponseFactory(project=people.project, created_by=people.organiser, answers=[linked])
    clock.move_to(at(12, 12))
    answer(actor=people.organiser, barrier=late, status="responded", response="We will pay for a taxi.")
    clock.move_to(AS_OF)
    return waiting


def test_sign_4_recommendation_17_and_the_reports_count_barriers_alike(people, clock):
    _six_barriers(people, clock)
    count = barrier_count(people.project, as_of=AS_OF)
    assert (count.raised, count.answered, count.counted, count.on_time, count.overdue) == (6, 5, 6, 4, 1)
    assert (count.not_possible, count.closed_without_words) == (1, 1)

    ctx = HealthContext(project=people.project, as_of=AS_OF)
    sign = sign_4.SIGN.measure(ctx)
    assert (sign.value, sign.evidence) == (count.on_time_share, count.counted) == (67, 6)
    assert _figure(sign.figures, "Answered by the date we promised") == "4 of 6"
    assert _figure(sign.figures, "Waiting past the date for an answer") == "1"
    assert _figure(sign.figures, "Closed as not possible") == "1"

    recommendation = listening_evidence(ctx)
    assert _figure(recommendation.figures, "Answered by the date promised") == "4 of 6 (67%)"
    assert _figure(recommendation.figures, "Waiting past the date promised") == "1 barrier"
    assert "4 of 6 barriers (67%) that reached their date were answered by the date promised." in (
        recommendation.summary
    )

    minimisation = sign_2.SIGN.measure(ctx)
    assert _figure(minimisation.figures, "Barriers waiting") == "1"  # the same one barrier waits
    assert _figure(minimisation.figures, "Barriers closed with no written answer") == "1"

    record = project_record(people.project, end=AS_OF)
    assert (record.barriers, record.barriers_answered, record.barriers_overdue) == (6, 5, 1)
    assert (record.barriers_on_time, record.barriers_counted, record.barriers_not_possible) == (4, 6, 1)
    reflections = {s.key: s.text for s in gripp2.gripp2_report(people.project, as_of=AS_OF)}["reflections"]
    assert "- We answered 5 of 6 barriers partners raised." in reflections
    assert "- 1 barrier waited past the date we promised an answer." in reflections
    assert "- 4 of 6 barriers that reached the date we promised were answered by it." in reflections
    pack = standards.standards_pack(people.project, as_of=AS_OF)
    said = [e.text for standard in pack for e in standard.evidence]
    assert any("6 barriers to taking part were raised; 5 were answered." in text for text in said), said


def test_a_barrier_answered_only_by_you_said_we_did_is_answered_everywhere(people, clock):
    barrier = BarrierFactory(project=people.project, raised_by=people.partner)
    clock.move_to(at(4, 12))
    ResponseFactory(project=people.project, created_by=people.organiser, answers=[barrier])
    clock.move_to(AS_OF)
    ctx = HealthContext(project=people.project, as_of=AS_OF)
    assert _figure(sign_4.SIGN.measure(ctx).figures, "Answered by the date we promised") == "1 of 1"
    assert _figure(listening_evidence(ctx).figures, "Answered by the date promised") == "1 of 1 (100%)"
    assert project_record(people.project, end=AS_OF).barriers_answered == 1
    assert _figure(sign_2.SIGN.measure(ctx).figures, "Barriers waiting") == "0"


def test_a_share_is_never_all_or_none_unless_it_is():
    assert share_percent(199, 200) < 100 and share_words(199, 200) == "over 99%"
    assert share_percent(1, 300) > 0 and share_words(1, 300) == "under 1%"
    assert share_words(200, 200) == "100%" and share_words(0, 200) == "0%"
    assert share_words(2, 3) == "67%" and share_words(1, 8) == "13%"  # half rounds up
    assert share_percent(3, 0) is None and share_words(3, 0) == ""
    # Hours: 0.1 hours unpaid out of 40 is not "100% paid".
    assert share_words(Decimal("39.9"), Decimal("40")) == "over 99%"
    assert amount_words(share_percent(Decimal("39.9"), Decimal("40")), "%") == "over 99%"
    assert percent_words(Decimal("99")) == "99%"
    assert hours_words(Decimal("0.04")) == "under 0.1 hours" and hours_words(Decimal("0")) == "0 hours"
    assert hours_words(Decimal("1.04")) == "1 hour" and hours_words(Decimal("7.45")) == "7.5 hours"


def test_a_rule_of_all_of_them_is_not_met_by_nearly_all():
    rule = sign_4.THRESHOLD.__class__("%", Decimal(100), Decimal(80), True, 1, "outputs", "ours")
    assert rule.rate(share_percent(999, 1000), 1000).value == "attention"
    assert rule.rate(share_percent(1000, 1000), 1000).value == "good"
