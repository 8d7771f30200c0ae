"""Issue 12 in the outbox itself: withdrawing, missing, the worker's last check, one envelope and one call a day,
and a round-up that could not go on its day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.notifications.models import Message, MessageStop, OrganiserTask
from roundtable.notifications.selectors import call_tasks_for, delivery_status_for, letters_to_print
from roundtable.notifications.services import (
    digests_send_due,
    message_deliver,
    message_queue,
    messages_deliver_batch,
    messages_dispatch_due,
    messages_expire,
    messages_withdraw,
    preference_set,
    task_complete,
)
from roundtable.notifications.tasks import deliver_messages
from roundtable.notifications.tests.conftest import make_person

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]
LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


MONDAY_10AM = at(2, 10)


@pytest.fixture
def amira(db):
    return make_person(
        "amira@example.org", "Amira Hassan", ["text", "email"], phone="07700 900461",
        contact_from=dt.time(20), contact_until=dt.time(22, 30),
    )  # fmt: skip


@pytest.fixture
def joe(db):
    return make_person("joe@example.org", "Joe Bennett", ["phone", "email"], phone="07700 900782")


def queue(person, key, organiser=None, **kwargs):
    fields = {"subject": "News", "body": "Some news.", "kind": "announcement", "organiser": organiser}
    return message_queue(recipient=person, idempotency_key=key, **{**fields, **kwargs})


def status(message: Message) -> str:
    message.refresh_from_db()
    return message.status


# --- Withdrawn: no longer true ---------------------------------------------------------------------------------


def test_withdrawing_stops_a_waiting_text_and_closes_a_call_with_the_reason(amira, joe, organiser, texts):
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        text = queue(amira, "meeting:1:scheduled:a", organiser, topic="meeting:1:notice")
        call = queue(joe, "meeting:1:scheduled:j", organiser, topic="meeting:1:notice")
        assert message_deliver(message_id=text.pk) == "waiting"
        assert message_deliver(message_id=call.pk) == "to_call"
        task = OrganiserTask.objects.get(message=call)

        count = messages_withdraw(topic="meeting:1:notice", reason="The meeting was cancelled.", actor=organiser)

        assert count == 2
        assert (status(text), text.stop_reason) == ("withdrawn", "The meeting was cancelled.")
        task.refresh_from_db()
        assert (task.status, task.result, task.outcome) == ("done", "withdrawn", "The meeting was cancelled.")
        assert call_tasks_for(user=organiser) == []
        clock.move_to(at(2, 20))
        messages_dispatch_due()
        assert message_deliver(message_id=text.pk) == ""
    assert texts == []
    rows = {row.person_name: row for row in delivery_status_for(idempotency_key_prefix="meeting:1:")}
    assert rows["Amira Hassan"].status_label == "No longer needed"
    assert rows["Amira Hassan"].stopped
    assert rows["Joe Bennett"].task.get_result_display() == "No longer needed"


def test_withdrawing_twice_changes_nothing_more(amira, organiser):
    message = queue(amira, "k1", organiser, topic="t:1")
    assert messages_withdraw(topic="t:1", reason="First") == 1
    assert messages_withdraw(topic="t:1", reason="Second") == 0
    message.refresh_from_db()
    assert message.stop_reason == "First"


def test_the_worker_checks_again_just_before_it_sends(amira, texts, django_assert_num_queries):
    """A message queued at the same moment as the news (after the withdrawal ran) is caught by the worker."""
    with time_machine.travel(at(2, 21), tick=False):
        messages_withdraw(topic="meeting:5:notice", spare_kind="meeting_cancelled", reason="Cancelled on Monday.")
        late_reminder = queue(amira, "r", kind="meeting_reminder", topic="meeting:5:notice")
        cancellation = queue(amira, "c", kind="meeting_cancelled", topic="meeting:5:notice")
        other = queue(amira, "o", topic="meeting:6:notice")
        assert late_reminder.status == "queued"
        with django_assert_num_queries(1):  # the whole batch's check is one query
            assert messages_expire(message_ids=[late_reminder.pk, cancellation.pk, other.pk]) == 1
        late_reminder.refresh_from_db()
        assert (late_reminder.status, late_reminder.stop_reason) == ("withdrawn", "Cancelled on Monday.")
        assert deliver_messages.call(message_ids=[late_reminder.pk, cancellation.pk, other.pk]) == 2
    assert len(texts) == 2


def test_the_claim_itself_refuses_a_covered_message(amira, texts):
    """Even without the batch check (a worker that read the row before the news), nothing stale is sent."""
    with time_machine.travel(at(2, 21), tick=False):
        message = queue(amira, "x", topic="poll:3")
        MessageStop.objects.create(topic="poll:3", reason="The poll was closed.")
        assert message_deliver(message_id=message.pk) == ""
        assert texts == []
        messages_dispatch_due()
    message.refresh_from_db()
    assert (message.status, message.stop_reason) == ("withdrawn", "The poll was closed.")


def test_leaving_spares_messages_meant_for_leavers_and_later_ones(amira, organiser):
    from roundtable.notifications.services import latest_message_id, project_scope

    scope = project_scope(7)
    update = queue(amira, "update:1:a", organiser, scope=scope)
    outcome = queue(amira, "outcome:1:a", organiser, scope=scope, for_leavers=True)
    pay = queue(amira, "pay:1:a", organiser)  # no project scope: their pay always reaches them
    someone_else = make_person("b@example.org", "Bea", ["email"])
    theirs = queue(someone_else, "update:1:b", organiser, scope=scope)
    messages_withdraw(
        topic=scope, recipient=amira, upto_message_id=latest_message_id(), spare_for_leavers=True, reason="Left."
    )
    rejoined = queue(amira, "update:2:a", organiser, scope=scope)
    assert [status(m) for m in (update, outcome, pay, theirs, rejoined)] == [
        "withdrawn", "queued", "queued", "queued", "queued",
    ]  # fmt: skip
    assert messages_expire(message_ids=[rejoined.pk, outcome.pk]) == 0


# --- Missed: too late to be useful -----------------------------------------------------------------------------


def test_a_reminder_that_could_only_arrive_after_the_meeting_is_missed(amira, organiser, texts):
    with time_machine.travel(at(2, 9, 30), tick=False):
        reminder = queue(amira, "rem", organiser, kind="meeting_reminder", useful_until=at(2, 10, 30))
        assert message_deliver(message_id=reminder.pk) == "missed"
    reminder.refresh_from_db()
    assert "Too late" in reminder.stop_reason
    assert texts == [] and not OrganiserTask.objects.exists()
    assert delivery_status_for(idempotency_key_prefix="rem")[0].status_label == "Missed: too late to be useful"


def test_a_message_waits_for_the_window_only_when_it_opens_in_time(amira, texts):
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        tonight = queue(amira, "a", kind="meeting_reminder", useful_until=at(2, 21))
        assert message_deliver(message_id=tonight.pk) == "waiting"
        clock.move_to(at(2, 20))
        messages_dispatch_due()
    assert status(tonight) == "sent"


def test_a_notice_too_late_for_every_allowed_way_becomes_a_call(amira, organiser, texts):
    """A meeting today at 10:30: Amira's "New meeting" must not wait for her 8pm window."""
    with time_machine.travel(at(2, 8), tick=False):
        notice = queue(amira, "new", organiser, kind="meeting_scheduled", useful_until=at(2, 10, 30))
        assert message_deliver(message_id=notice.pk) == "to_call"
    assert texts == []
    row = call_tasks_for(user=organiser)[0]
    assert row.messages == [notice]
    assert "This cannot wait. Please phone Amira Hassan today." in row.task.instructions


def test_an_urgent_change_goes_now_on_a_way_they_allow_at_this_hour(organiser, texts):
    person = make_person(
        "kim@example.org", "Kim", ["text", "app"], phone="07700 900111", contact_from=dt.time(20), uses_web=True
    )
    with time_machine.travel(MONDAY_10AM, tick=False):
        change = queue(person, "chg", organiser, kind="meeting_changed", urgent=True, useful_until=at(2, 21))
        assert message_deliver(message_id=change.pk) == "delivered"  # the inbox is allowed now; texts are not
    assert texts == []


def test_a_letter_that_would_arrive_too_late_goes_as_a_call(organiser, grace):
    grace.profile.phone = "01632 960001"
    grace.profile.save()
    with time_machine.travel(MONDAY_10AM, tick=False):
        notice = queue(grace, "g", organiser, kind="meeting_cancelled", urgent=True, useful_until=at(3, 10))
        assert message_deliver(message_id=notice.pk) == "to_call"
    notice.refresh_from_db()
    assert notice.deliveries.get().error == "It would arrive too late."


def test_the_worker_marks_late_held_messages_missed(partner):
    preference_set(user=partner, actor=partner, digest="weekly", digest_day="fri")
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        held = queue(partner, "h", kind="meeting_papers", useful_until=at(16, 10))
        assert held.status == "held"
        clock.move_to(at(16, 10, 1))
        messages_dispatch_due()
    assert status(held) == "missed"


# --- Round-ups -------------------------------------------------------------------------------------------------


def test_meeting_news_never_waits_for_a_round_up_after_the_meeting(partner):
    """Weekly round-up on Friday; a Wednesday meeting cancelled on Monday, and its reminders."""
    preference_set(user=partner, actor=partner, digest="weekly", digest_day="fri")
    wednesday = at(4, 19)
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        cancelled = queue(partner, "c", kind="meeting_cancelled", useful_until=wednesday)
        news = queue(partner, "n", kind="announcement")
        far = queue(partner, "f", kind="meeting_scheduled", useful_until=at(20, 19))
        clock.move_to(at(3, 19))
        day_before = queue(partner, "r1", kind="meeting_reminder", useful_until=wednesday)
        clock.move_to(at(4, 18))
        hour_before = queue(partner, "r2", kind="meeting_reminder", useful_until=wednesday)
    assert [m.status for m in (cancelled, day_before, hour_before)] == ["queued"] * 3
    assert (news.status, far.status) == ("held", "held")  # no deadline, or one long after Friday's round-up


def test_a_held_notice_is_released_when_its_meeting_comes_within_48_hours(partner):
    preference_set(user=partner, actor=partner, digest="weekly", digest_day="sun")
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        held = queue(partner, "h", kind="meeting_scheduled", useful_until=at(13, 10))  # Friday week, round-up Sunday
        assert held.status == "held"
        clock.move_to(at(11, 10, 1))
        digests_send_due()
    assert status(held) == "queued"


def test_a_round_up_that_could_not_go_on_its_day_goes_at_the_next_tick(partner):
    preference_set(user=partner, actor=partner, digest="weekly", digest_day="fri")
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        queue(partner, "a")
        clock.move_to(at(7, 9))  # Saturday: the worker was stopped all Friday
        assert digests_send_due() == 1
        digest = Message.objects.get(kind="digest")
        assert digest.idempotency_key.endswith("week-2026-03-06")
        queue(partner, "b")  # saved after Friday's round-up was due: waits for next Friday
        assert digests_send_due() == 0
        clock.move_to(at(13, 7))
        assert digests_send_due() == 1


# --- One envelope, one call ------------------------------------------------------------------------------------


def test_one_days_letters_go_in_one_envelope(grace, organiser):
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        first = queue(grace, "l1", organiser, subject="Papers for Tuesday")
        second = queue(grace, "l2", organiser, subject="Thank you", kind="credits_acknowledgement")
        for message in (first, second):
            assert message_deliver(message_id=message.pk) == "to_post"
        clock.move_to(at(3, 9))
        tomorrow = queue(grace, "l3", organiser, subject="A new meeting")
        message_deliver(message_id=tomorrow.pk)
    tasks = list(OrganiserTask.objects.order_by("id"))
    assert len(tasks) == 2
    found = letters_to_print(user=organiser, task_id=tasks[0].pk)
    [(_task, content)] = found  # one envelope, one letter with a part for each message
    assert [section.subject for section in content.sections] == ["Papers for Tuesday", "Thank you"]
    task_complete(task=tasks[0], actor=organiser, result="posted")
    assert [status(m) for m in (first, second, tomorrow)] == ["posted", "posted", "to_post"]


def test_a_printed_envelope_takes_no_more_letters(grace, organiser):
    from roundtable.notifications.services import letters_mark_printed

    with time_machine.travel(MONDAY_10AM, tick=False):
        first = queue(grace, "l1", organiser)
        message_deliver(message_id=first.pk)
        first.refresh_from_db()
        assert letters_mark_printed(actor=organiser, task_ids=[first.carried_by_id]) == 1
        second = queue(grace, "l2", organiser)
        message_deliver(message_id=second.pk)
    assert OrganiserTask.objects.count() == 2


def test_one_call_a_day_gathers_everything_pending_including_acknowledgements(joe, organiser):
    with time_machine.travel(MONDAY_10AM, tick=False):
        for n, kind in enumerate(["meeting_scheduled", "credits_acknowledgement", "feedback", "announcement"]):
            message_deliver(message_id=queue(joe, f"c{n}", organiser, kind=kind, subject=f"Item {n}").pk)
        rows = call_tasks_for(user=organiser)
        assert len(rows) == 1
        assert [m.subject for m in rows[0].messages] == ["Item 0", "Item 1", "Item 2", "Item 3"]
        script = rows[0].script  # one call: one hello, then each message, then one goodbye
        assert script.count("Is now a good time to talk") == 1 and script.count("Do you have any questions?") == 1
        assert all(f"I am calling to tell you: Item {n}." in script for n in range(4))
        messages_withdraw(topic="meeting:9:notice", reason="x")  # about nothing he has: the call stays
        task_complete(task=rows[0].task, actor=organiser, result="not_reached", outcome="No answer")
    assert set(Message.objects.filter(recipient=joe).values_list("status", flat=True)) == {"retrying"}


def test_withdrawing_one_message_from_a_call_keeps_the_call_for_the_rest(joe, organiser):
    with time_machine.travel(MONDAY_10AM, tick=False):
        notice = queue(joe, "n", organiser, topic="meeting:3:notice", subject="New meeting")
        thanks = queue(joe, "t", organiser, kind="credits_acknowledgement", subject="Thank you")
        for message in (notice, thanks):
            message_deliver(message_id=message.pk)
        messages_withdraw(topic="meeting:3:notice", reason="The meeting was cancelled.")
        row = call_tasks_for(user=organiser)[0]
    assert row.messages == [thanks]
    assert [(m.subject, m.stop_reason) for m in row.withdrawn] == [("New meeting", "The meeting was cancelled.")]


def test_the_staleness_check_adds_one_query_per_batch(settings, organiser):
    """The worker's batch task costs exactly one query more than delivering the same batch without the check."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    people = [make_person(f"p{n}@example.org", f"P {n}", ["email"]) for n in range(8)]

    def batch(prefix: str, check: bool) -> int:
        ids = [queue(p, f"{prefix}:{p.pk}", topic="meeting:1:notice", scope="project:1").pk for p in people[:4]]
        with CaptureQueriesContext(connection) as queries:
            if check:
                deliver_messages.call(message_ids=ids)
            else:
                messages_deliver_batch(message_ids=ids)
        assert set(Message.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"sent"}
        return len(queries)

    with time_machine.travel(MONDAY_10AM, tick=False):
        without_check = batch("a", check=False)
        in_a_batch = batch("b", check=True)
    assert in_a_batch == without_check + 1


def test_letters_and_calls_left_with_the_organiser_are_swept_when_stale_or_too_late(grace, joe, organiser):
    with time_machine.travel(MONDAY_10AM, tick=False) as clock:
        letter = queue(grace, "l", organiser, topic="meeting:4:notice", useful_until=at(20, 10))
        call = queue(joe, "c", organiser, kind="meeting_reminder", useful_until=at(3, 10))
        for message in (letter, call):
            message_deliver(message_id=message.pk)
        # The news came while the worker was handing the letter over: only the rule exists.
        MessageStop.objects.create(topic="meeting:4:notice", reason="The meeting was cancelled.")
        messages_dispatch_due()
        assert (status(letter), letter.stop_reason) == ("withdrawn", "The meeting was cancelled.")
        assert status(call) == "to_call"
        clock.move_to(at(3, 10))  # the meeting has started: the call is no use now
        messages_dispatch_due()
    assert status(call) == "missed"
    assert set(OrganiserTask.objects.values_list("status", "result")) == {("done", "withdrawn")}
