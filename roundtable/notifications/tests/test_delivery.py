"""The outbox end to end: queue a message, let the worker deliver it, by a real SMTP server."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from roundtable.notifications.models import Delivery, Message, OrganiserTask
from roundtable.notifications.selectors import inbox_for
from roundtable.notifications.services import message_deliver, message_queue, messages_dispatch_due
from roundtable.notifications.tests.conftest import make_person

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
FOOTER = "You get messages like this because you take part in a project on Roundtable."


def queue(recipient, key="announcement:1:user:1", **kwargs):
    defaults = {
        "subject": "Meeting moved to Tuesday",
        "body": "Hello all,\nThe meeting is now on Tuesday at 7pm.",
        "kind": "announcement",
    }
    return message_queue(recipient=recipient, idempotency_key=key, **{**defaults, **kwargs})


def deliveries(message):
    return list(Delivery.objects.filter(message=message).values_list("channel", "attempt", "outcome"))


def test_worker_sends_email_through_real_smtp(smtp, partner, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(
            partner,
            sender=organiser,
            organiser=organiser,
            link_url="https://roundtable.example/projects/1/",
            link_text="See the project",
            group_label="Short breaks review",
        )

    message.refresh_from_db()
    assert (message.status, message.channel_used, message.attempts) == ("sent", "email", 1)
    assert message.sent_at is not None
    assert deliveries(message) == [("email", 1, "sent")]
    assert len(smtp.envelopes) == 1
    assert smtp.envelopes[0].rcpt_tos == ["amira@example.org"]
    email = smtp.emails[0]
    assert email["Subject"] == "Meeting moved to Tuesday"
    assert email["To"] == "amira@example.org"
    assert email["X-Roundtable-Message"] == "announcement:1:user:1"
    text = email.get_body(("plain",)).get_content()
    assert "Hello Amira," in text
    assert "The meeting is now on Tuesday at 7pm." in text
    assert "https://roundtable.example/projects/1/" in text
    assert FOOTER in text
    html = email.get_body(("html",)).get_content()
    assert 'href="https://roundtable.example/projects/1/"' in html
    assert "See the project" in html
    assert "The meeting is now on Tuesday at 7pm." in html


def test_invitation_to_someone_without_an_account(smtp, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            to_email="new.person@example.org",
            subject="You are invited to a project",
            body="We would like you to join us.",
            kind="invitation",
            idempotency_key="invitation:9",
            organiser=organiser,
        )

    message.refresh_from_db()
    assert message.status == "sent"
    assert smtp.envelopes[0].rcpt_tos == ["new.person@example.org"]
    assert "Hello," in smtp.emails[0].get_body(("plain",)).get_content()


def test_same_key_makes_one_message_and_one_email(smtp, partner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(partner)
        second = queue(partner, subject="A different subject")

    assert first.pk == second.pk
    assert Message.objects.count() == 1
    # The worker running again (a duplicate task) sends nothing more.
    assert message_deliver(message_id=first.pk) == ""
    assert len(smtp.envelopes) == 1


def test_a_message_another_worker_has_claimed_is_not_sent_again(partner):
    message = queue(partner)  # on_commit not run: still queued
    Message.objects.filter(pk=message.pk).update(status="sending", sending_since=dt.datetime.now(dt.UTC))

    assert message_deliver(message_id=message.pk) == ""
    assert mail.outbox == []
    assert deliveries(message) == []


def test_two_workers_one_email(partner):
    message = queue(partner)

    assert message_deliver(message_id=message.pk) == "sent"
    assert message_deliver(message_id=message.pk) == ""
    assert len(mail.outbox) == 1


def test_smtp_down_retries_with_back_off_then_delivers_once(smtp_down, partner, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            message = queue(partner)

        message.refresh_from_db()
        assert (message.status, message.attempts) == ("retrying", 1)
        assert message.next_attempt_at == START + dt.timedelta(minutes=1)
        assert "Connection" in message.last_error
        assert deliveries(message) == [("email", 1, "failed")]

        clock.shift(dt.timedelta(seconds=30))
        assert messages_dispatch_due() == 0  # not due yet
        assert deliveries(message) == [("email", 1, "failed")]

        clock.shift(dt.timedelta(seconds=30))
        assert messages_dispatch_due() == 1
        message.refresh_from_db()
        assert (message.status, message.attempts) == ("retrying", 2)
        assert message.next_attempt_at == START + dt.timedelta(minutes=1 + 5)

        clock.shift(dt.timedelta(minutes=5))
        messages_dispatch_due()
        message.refresh_from_db()
        assert message.attempts == 3
        assert message.next_attempt_at == START + dt.timedelta(minutes=1 + 5 + 25)

        smtp_down.start()
        clock.shift(dt.timedelta(minutes=24))
        assert messages_dispatch_due() == 0  # one minute early
        clock.shift(dt.timedelta(minutes=1))
        assert messages_dispatch_due() == 1
        clock.shift(dt.timedelta(hours=3))
        assert messages_dispatch_due() == 0

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 4, "")
    assert deliveries(message) == [
        ("email", 1, "failed"),
        ("email", 2, "failed"),
        ("email", 3, "failed"),
        ("email", 4, "sent"),
    ]
    assert len(smtp_down.envelopes) == 1


def _fail_five_times(clock, message):
    for minutes in (1, 5, 25, 125):
        clock.shift(dt.timedelta(minutes=minutes))
        messages_dispatch_due()
    message.refresh_from_db()


def test_after_five_failed_emails_it_falls_back_to_the_inbox(smtp_down, partner, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            message = queue(partner)
        _fail_five_times(clock, message)

    assert (message.status, message.channel_used, message.attempts) == ("delivered", "app", 6)
    assert deliveries(message) == [("email", n, "failed") for n in range(1, 6)] + [("app", 1, "sent")]
    assert Delivery.objects.get(message=message, attempt=5).gave_up


def test_after_five_failed_emails_an_email_only_person_becomes_a_task(
    smtp_down, organiser, django_capture_on_commit_callbacks
):
    person = make_person("joe@example.org", "Joe Bloggs", ["email"])
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            message = queue(person, organiser=organiser)
        _fail_five_times(clock, message)

    assert message.status == "task"
    task = OrganiserTask.objects.get(message=message)
    assert (task.kind, task.assignee, task.status) == ("no_channel", organiser, "open")
    assert "Joe Bloggs" in task.instructions


def test_refused_address_is_not_retried(smtp, partner, django_capture_on_commit_callbacks):
    smtp.handler.refuse.add("amira@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(partner)

    message.refresh_from_db()
    assert (message.status, message.channel_used) == ("delivered", "app")
    assert deliveries(message) == [("email", 1, "failed"), ("app", 1, "sent")]
    assert "refused" in Delivery.objects.get(channel="email").error


def test_grace_letter_only_without_email_joins_the_letter_queue(grace, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(grace, organiser=organiser, sender=organiser)

    message.refresh_from_db()
    assert (message.status, message.channel_used) == ("to_post", "letter")
    assert deliveries(message) == [("letter", 1, "sent")]
    task = OrganiserTask.objects.get(message=message)
    assert (task.kind, task.assignee) == ("post", organiser)
    assert "Grace Adeyemi" in task.instructions
    assert "large print" in task.instructions
    assert mail.outbox == []
    # It is still in her inbox, for anyone who helps her online.
    assert [m.pk for group in inbox_for(user=grace) for m in group.messages] == [message.pk]


def test_phone_preference_becomes_a_call_task_with_a_script(organiser, django_capture_on_commit_callbacks):
    joe = make_person(None, "Joe Phone", ["phone"], phone="01632 960123")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(joe, organiser=organiser)

    message.refresh_from_db()
    assert (message.status, message.channel_used) == ("to_call", "phone")
    assert deliveries(message) == [("phone", 1, "sent")]
    assert OrganiserTask.objects.get(message=message).kind == "call"


def test_without_an_organiser_it_stays_failed_and_visible(grace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(grace)

    message.refresh_from_db()
    assert message.status == "failed"
    assert "no organiser" in message.last_error
    assert deliveries(message) == [("letter", 1, "skipped")]
    assert Delivery.objects.get(message=message).error == "No organiser to post it."
    assert not OrganiserTask.objects.exists()


def test_a_channel_that_cannot_reach_them_is_skipped_and_the_next_one_used(django_capture_on_commit_callbacks):
    amira = make_person("amira2@example.org", "Amira Text", ["text", "email"])  # no mobile number
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(amira)

    message.refresh_from_db()
    assert (message.status, message.channel_used) == ("sent", "email")
    assert deliveries(message) == [("text", 1, "skipped"), ("email", 1, "sent")]


def test_sign_in_link_goes_by_email_whatever_the_preference(django_capture_on_commit_callbacks):
    person = make_person("letters@example.org", "Letter Lover", ["letter"])
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(person, key="sign_in:1", kind="sign_in_link", channels=["email"], subject="Your sign-in link")

    message.refresh_from_db()
    assert (message.status, message.channel_used) == ("sent", "email")
    assert mail.outbox[0].to == ["letters@example.org"]
    assert "/messages/" not in mail.outbox[0].body  # no "read it on Roundtable" for a sign-in link
    assert inbox_for(user=person) == []  # sign-in links stay out of the inbox


def test_no_profile_yet_means_email(django_capture_on_commit_callbacks):
    person = make_person("new@example.org", "New Person")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(person)

    message.refresh_from_db()
    assert message.channel_used == "email"


def test_message_stuck_in_sending_is_taken_back_and_sent(partner):
    with time_machine.travel(START, tick=False) as clock:
        stuck = queue(partner, key="stuck")
        busy = queue(partner, key="busy")
        Message.objects.filter(pk=stuck.pk).update(status="sending", sending_since=START)
        Message.objects.filter(pk=busy.pk).update(status="sending", sending_since=START + dt.timedelta(minutes=6))
        clock.shift(dt.timedelta(minutes=11))  # stuck: sending for 11 minutes; busy: for 5

        assert messages_dispatch_due() == 1

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert (stuck.status, stuck.channel_used) == ("sent", "email")
    assert busy.status == "sending"
    assert len(mail.outbox) == 1


def test_a_lost_task_is_queued_again_after_five_minutes(partner):
    with time_machine.travel(START, tick=False) as clock:
        message = queue(partner)  # the on_commit task never ran, as if the queue lost it
        assert messages_dispatch_due() == 0  # a task was queued a moment ago
        clock.shift(dt.timedelta(minutes=5))
        out = io.StringIO()
        call_command("deliver_due", stdout=out)

    message.refresh_from_db()
    assert message.status == "sent"
    assert "Queued 1 message" in out.getvalue()


def test_with_a_queue_that_defers_the_retry_is_queued_for_later(
    settings, smtp_down, partner, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from roundtable.notifications.tasks import deliver_message

    backend = deliver_message.get_backend()
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            message = queue(partner)
        assert [r.kwargs for r in backend.results] == [{"message_id": message.pk}]
        with django_capture_on_commit_callbacks(execute=True):
            assert deliver_message.call(message_id=message.pk) == "retrying"

        retry = backend.results[-1]
        assert retry.kwargs == {"message_id": message.pk}
        assert retry.task.run_after == START + dt.timedelta(minutes=1)
        clock.shift(dt.timedelta(minutes=1))
        assert messages_dispatch_due() == 0  # its task is already waiting
        clock.shift(dt.timedelta(minutes=5))
        assert messages_dispatch_due() == 1  # that task was lost: queue another
    assert len(backend.results) == 3


def test_a_message_sent_just_before_a_worker_died_is_not_sent_again(partner):
    with time_machine.travel(START, tick=False) as clock:
        message = queue(partner)
        Message.objects.filter(pk=message.pk).update(status="sending", sending_since=START)
        Delivery.objects.create(message=message, channel="email", attempt=1, outcome="sent")
        clock.shift(dt.timedelta(minutes=11))

        assert messages_dispatch_due() == 1

    message.refresh_from_db()
    assert (message.status, message.channel_used) == ("sent", "email")
    assert mail.outbox == []
