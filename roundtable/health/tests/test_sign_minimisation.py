"""Sign 2, "Minimisation": what people told us, answered with "you said, we did", as at a moment (docs/health.md)."""
# ruff: noqa: F811 - the standing fixtures (people, clock) are imported from the meetings tests

from __future__ import annotations

import pytest

from roundtable.feedback import boards
from roundtable.feedback import services as feedback_services
from roundtable.feedback.inputs import input_kinds
from roundtable.feedback.tests.factories import (
    BarrierFactory,
    BoardFactory,
    FeedbackFactory,
    NoteFactory,
    ResponseFactory,
    ResponseLinkFactory,
)
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext, signs
from roundtable.health.signs.minimisation import SIGN
from roundtable.meetings.tests.conftest import NOW, at, clock, media, people  # noqa: F401
from roundtable.meetings.tests.factories import MeetingFactory

# Everything below is said at NOW (Monday 2 March, 10am); 14 days later it is due an answer.
LATER = at(20, 12)


def measure(people, as_of=LATER):
    return SIGN.measure(HealthContext(project=people.project, as_of=as_of))


def figure(finding, label: str) -> str:
    return next(f.value for f in finding.figures if f.label == label)


def check_in_comment(people, who=None):
    meeting = MeetingFactory(
        project=people.project, created_by=people.organiser, already_held=True, starts_at=at(1, 10), ends_at=at(1, 11)
    )
    check_in = feedback_services.check_in_open(actor=people.organiser, meeting=meeting)
    who = who or people.partner
    data = {"heard": 4, "change_text": "Please send the papers earlier."}
    return feedback_services.check_in_answer(actor=who, check_in=check_in, person=who, data=data)


def five_inputs(people):
    board = BoardFactory(project=people.project, created_by=people.organiser)
    return [
        NoteFactory(board=board, author=people.partner),
        NoteFactory(board=board, author=people.joe),
        FeedbackFactory(project=people.project),
        check_in_comment(people),
        BarrierFactory(project=people.project, raised_by=people.joe),
    ]


def test_the_sign_is_registered_as_sign_2():
    assert SIGN in signs()
    assert (SIGN.number, SIGN.key) == (2, "minimisation")


def test_good_when_everything_is_answered(people, clock):
    inputs = five_inputs(people)
    clock.move_to(at(5, 10))
    ResponseFactory(project=people.project, created_by=people.organiser, answers=inputs)
    finding = measure(people)
    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 5)
    assert finding.summary == "We answered 5 of 5 things people told us more than 14 days ago."
    assert figure(finding, "Days to an answer (middle value)") == "3 days"
    assert figure(finding, "Still waiting for an answer") == "0"
    assert finding.action.url == f"/projects/{people.project.pk}/you-said-we-did/waiting/"


def test_at_risk_when_little_is_answered_and_a_barrier_is_closed_silently(people, clock):
    note, other_note, feedback, answer, barrier = five_inputs(people)
    silent = BarrierFactory(project=people.project, raised_by=people.partner)
    feedback_services.barrier_answer(actor=people.organiser, barrier=silent, status="resolved")
    ResponseFactory(project=people.project, created_by=people.organiser, answers=[note])
    finding = measure(people)
    # Sorting a barrier is an answer (health.counting, as sign 4 counts it), but one with no words is named.
    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 33, 6)
    assert figure(finding, "Barriers closed with no written answer") == "1"
    assert figure(finding, "Board notes waiting") == "1"
    assert figure(finding, "Feedback and replies to what we sent waiting") == "1"
    assert figure(finding, "Check-in comments waiting") == "1"
    assert figure(finding, "Barriers waiting") == "1"
    assert "1 barrier was closed with no written answer." in finding.summary
    for words in [finding.summary, *(f.label + f.value for f in finding.figures)]:
        for person in (people.partner, people.joe, people.organiser):
            assert person.full_name not in words and person.full_name.split()[0] not in words


def test_a_written_answer_in_the_barrier_log_counts(people):
    inputs = five_inputs(people)
    feedback_services.barrier_answer(
        actor=people.organiser, barrier=inputs[-1], status="responded", response="We will pay for a taxi."
    )
    ResponseFactory(project=people.project, created_by=people.organiser, answers=inputs[:3])
    finding = measure(people)
    assert (finding.rating, finding.value) == (Rating.GOOD, 80)


def test_not_enough_evidence_until_things_are_old_enough(people):
    five_inputs(people)
    young = measure(people, as_of=at(15, 12))  # 13 days on
    assert (young.rating, young.value, young.evidence) == (Rating.NOT_ENOUGH, None, 0)
    assert young.summary.startswith("0 things people told us are more than 14 days old.")
    assert measure(people).evidence == 5


def test_a_comment_free_check_in_answer_is_not_an_input(people):
    meeting = MeetingFactory(
        project=people.project, created_by=people.organiser, already_held=True, starts_at=at(1, 10), ends_at=at(1, 11)
    )
    check_in = feedback_services.check_in_open(actor=people.organiser, meeting=meeting)
    feedback_services.check_in_answer(actor=people.joe, check_in=check_in, person=people.joe, data={"heard": 5})
    assert measure(people).evidence == 0


def test_only_what_had_happened_at_the_moment_counts(people, clock):
    inputs = five_inputs(people)
    hidden_early = inputs[0]
    boards.note_hide(actor=people.organiser, note=hidden_early, reason="It named a child.")
    clock.move_to(at(25, 10))  # after the moment: an answer, a hidden note and a new input
    ResponseFactory(project=people.project, created_by=people.organiser, answers=inputs[1:3])
    boards.note_hide(actor=people.organiser, note=inputs[1], reason="Off topic.")
    FeedbackFactory(project=people.project)
    then = measure(people)
    assert (then.value, then.evidence) == (0, 4)  # the note hidden early is not an input; the other was
    later = measure(people, as_of=at(30, 12))
    # Both notes hidden by now; the feedback answered; the new feedback not due yet: 1 of 3.
    assert (later.value, later.evidence) == (33, 3)


def test_linking_one_more_input_to_a_response(people, clock):
    inputs = five_inputs(people)
    response = ResponseFactory(project=people.project, created_by=people.organiser, answers=inputs[:4])
    clock.move_to(at(18, 10))
    link = ResponseLinkFactory(response=response, input=inputs[4])
    assert link.barrier_id == inputs[4].pk
    assert measure(people, as_of=at(17, 10)).value == 80
    assert measure(people).value == 100


def test_figures_link_to_the_records(people):
    five_inputs(people)
    for item in measure(people).figures:
        assert item.url.startswith(f"/projects/{people.project.pk}/")


@pytest.mark.parametrize("size", [1, 4])
def test_the_measure_costs_four_queries_whatever_the_data(people, size, django_assert_num_queries):
    for _ in range(size):
        inputs = five_inputs(people)
        ResponseFactory(project=people.project, created_by=people.organiser, answers=inputs[:2])
    # Four for feedback's own kinds, one for each kind registered from above (the conversation's two).
    with django_assert_num_queries(4 + len(input_kinds())):
        finding = measure(people)
    assert finding.evidence == 5 * size


def test_the_conversation_counts_answered_by_an_organiser_in_the_topic_or_by_you_said_we_did(people, clock):
    """Issue 17: topics and replies by partners are things people told us (conversation/inputs.py)."""
    from roundtable.conversation import services as conversation

    topic = conversation.topic_start(project=people.project, author=people.partner, title="Times", body="Later?")
    joe_says = conversation.reply_post(topic=topic, author=people.joe, body="Yes, after 8pm please.")
    ours = conversation.topic_start(project=people.project, author=people.organiser, title="News", body="Hello")
    conversation.reply_post(topic=ours, author=people.organiser, body="Our own words are not an input.")
    clock.move_to(at(5, 10))
    conversation.reply_post(topic=topic, author=people.organiser, body="We will try 8pm.")  # answers both above
    clock.move_to(at(6, 10))
    amira_says = conversation.reply_post(topic=topic, author=people.partner, body="Thank you. And papers?")
    hidden = conversation.reply_post(topic=topic, author=people.joe, body="Off topic")
    conversation.reply_hide(actor=people.organiser, reply=hidden, reason="Off topic.")
    finding = measure(people)
    assert (finding.value, finding.evidence) == (67, 3)  # the topic and Joe's reply answered in the topic
    assert figure(finding, "Conversation topics waiting") == "0"
    assert figure(finding, "Conversation replies waiting") == "1"
    assert figure(finding, "Days to an answer (middle value)") == "3 days"
    clock.move_to(at(25, 10))
    feedback_services.response_create(
        actor=people.organiser, project=people.project, title="Papers", outcome="changed",
        what_we_did="Papers go out a week before.", inputs=[f"reply:{amira_says.pk}"],
    )  # fmt: skip
    assert measure(people).value == 67  # answered after the moment read
    assert measure(people, as_of=at(30, 12)).value == 100
    assert joe_says.pk  # counted above as answered in the topic
