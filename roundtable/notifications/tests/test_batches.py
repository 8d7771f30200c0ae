"""Delivering in batches: one claim per batch, outcomes recorded in bulk, several workers, none lost or doubled."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.notifications.mailfiles import EmailBackend, file_name
from roundtable.notifications.models import Delivery, Message, MessageStatus
from roundtable.notifications.services import (
    claim_due,
    message_queue,
    messages_deliver_batch,
    messages_withdraw,
    outbox_drain,
)
from roundtable.notifications.tests.conftest import make_person

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

MONDAY_10AM = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))
FILES = "roundtable.notifications.mailfiles.EmailBackend"


def queue_to(people, prefix: str, **kwargs) -> list[int]:
    fields = {"subject": "News", "body": "Some news.", "kind": "announcement"} | kwargs
    return [message_queue(recipient=p, idempotency_key=f"{prefix}:{p.pk}", **fields).pk for p in people]


@pytest.fixture
def people(db):
    return [make_person(f"b{n}@example.org", f"Person {n}", ["email"]) for n in range(12)]


def test_a_batch_costs_the_same_queries_whatever_its_size(settings, tmp_path, people):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = FILES, str(tmp_path)

    def deliver(prefix: str, group) -> int:
        ids = queue_to(group, prefix)
        with CaptureQueriesContext(connection) as queries:
            results = messages_deliver_batch(message_ids=ids)
        assert results == {pk: "sent" for pk in ids}
        return len(queries)

    with time_machine.travel(MONDAY_10AM, tick=False):
        small = deliver("small", people[:3])
        big = deliver("big", people)
    assert big == small
    assert Delivery.objects.filter(outcome="sent").count() == 15
    assert len(list(tmp_path.glob("*.eml"))) == 15  # one file per email


def test_an_email_the_service_cannot_vouch_for_is_recorded_as_soon_as_it_is_sent(settings, people):
    """With a backend that cannot say later what it has (SMTP, here locmem) each email is noted at once, so a
    worker killed mid-batch sends at most one copy more; the batch costs more queries for it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(MONDAY_10AM, tick=False):
        small_ids, big_ids = queue_to(people[:3], "s"), queue_to(people, "b")
        with CaptureQueriesContext(connection) as small:
            messages_deliver_batch(message_ids=small_ids)
        with CaptureQueriesContext(connection) as big:
            messages_deliver_batch(message_ids=big_ids)
    assert len(big) > len(small)
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


def test_claiming_takes_each_due_message_once_and_leaves_the_rest(people):
    with time_machine.travel(MONDAY_10AM, tick=False):
        ids = queue_to(people[:6], "c")
        Message.objects.filter(pk=ids[0]).update(next_attempt_at=MONDAY_10AM + dt.timedelta(hours=1))  # not due
        messages_withdraw(topic="meeting:9:notice", reason="Cancelled.")
        stale = queue_to(people[6:7], "s", topic="meeting:9:notice")  # a rule covers it: never claimed
        now = dt.datetime.now(dt.UTC)
        first = claim_due(now=now, limit=3)
        second = claim_due(now=now, limit=3)
        third = claim_due(now=now, limit=3)
    assert first == ids[1:4]
    assert second == ids[4:6]
    assert third == []
    assert ids[0] not in first + second and stale[0] not in first + second
    assert Message.objects.filter(pk__in=first + second, status=MessageStatus.SENDING).count() == 5


def test_one_failing_email_does_not_stop_the_rest_of_its_batch(settings, tmp_path, people, monkeypatch):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = FILES, str(tmp_path)
    original = EmailBackend.send_messages

    def refuse_one(self, emails):
        if any("b3@example.org" in e.to for e in emails):
            raise OSError("Connection reset")
        return original(self, emails)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    with time_machine.travel(MONDAY_10AM, tick=False):
        ids = queue_to(people[:6], "f")
        results = messages_deliver_batch(message_ids=ids)
    assert sorted(results.values()) == ["retrying"] + ["sent"] * 5
    retrying = Message.objects.get(status=MessageStatus.RETRYING)
    assert retrying.recipient == people[3] and "Connection reset" in retrying.last_error


def test_the_file_backend_keeps_one_copy_and_a_maybe_sent_email_is_not_sent_again(settings, tmp_path, people):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = FILES, str(tmp_path)
    with time_machine.travel(MONDAY_10AM, tick=False):
        [pk] = queue_to(people[:1], "m")
        messages_deliver_batch(message_ids=[pk])
        # As if the worker had been killed after sending: taken back, maybe sent.
        Message.objects.filter(pk=pk).update(status=MessageStatus.RETRYING, maybe_sent=True)
        Delivery.objects.filter(message_id=pk).delete()
        assert messages_deliver_batch(message_ids=[pk]) == {pk: "sent"}
    assert len(list(tmp_path.glob("*.eml"))) == 1
    assert not (tmp_path / "doubles.log").exists()


def test_a_second_copy_of_one_email_is_logged_not_written(tmp_path):
    from django.core.mail import EmailMessage

    backend = EmailBackend(file_path=str(tmp_path))
    email = EmailMessage("Hi", "Body", "a@example.org", ["b@example.org"], headers={"Message-ID": "<x@rt>"})
    assert backend.send_messages([email]) == 1
    assert backend.has_message("<x@rt>")
    backend.send_messages([email])
    assert [p.name for p in tmp_path.glob("*.eml")] == [file_name("<x@rt>")]
    assert (tmp_path / "doubles.log").read_text() == "<x@rt>\n"


def test_draining_the_outbox_delivers_every_due_message_then_stops(settings, tmp_path, people):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = FILES, str(tmp_path)
    with time_machine.travel(MONDAY_10AM, tick=False):
        ids = queue_to(people, "d")
        later = queue_to(people[:1], "later")
        Message.objects.filter(pk__in=later).update(next_attempt_at=MONDAY_10AM + dt.timedelta(days=1))
        done = outbox_drain(batch=5)
    assert (done.messages, done.batches) == (12, 3)
    assert set(Message.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"sent"}
    assert Message.objects.get(pk=later[0]).status == MessageStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_worker_skips_rows_another_worker_holds(people, settings):
    """Two workers at once: the rows one has locked are skipped by the other, which does not wait."""
    if connection.vendor != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED needs PostgreSQL: run with DATABASE_URL=postgres://…")
    import psycopg

    # Real commits here: hold the worker's tasks back, so the messages stay queued for this test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}

    ids = queue_to(people[:4], "p")
    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k not in ("cursor_factory", "context")})
    try:
        other.execute("SET lock_timeout = '5s'")
        table = Message._meta.db_table
        held = other.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) FOR UPDATE", [ids[:2]]).fetchall()  # noqa: S608
        assert len(held) == 2
        claimed = claim_due(now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1), message_ids=ids)
        assert claimed == ids[2:]
    finally:
        other.rollback()
        other.close()
    assert claim_due(now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1), message_ids=ids) == ids[:2]
