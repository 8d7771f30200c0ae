"""Faults on real components: a mail server that stops mid-batch, and a worker process killed mid-batch.

Both run on loopback only and finish in seconds. The promise they prove: no
message is lost and none is sent twice. For texts that is exact, because we ask
the provider (a fake GOV.UK Notify on loopback) for the reference before sending
again. For email it is exact by Message-ID: a mail server cannot be asked what it
already has, so a worker killed between the server's "250 OK" and our note of it
may send one copy again, with the same Message-ID (see docs/notifications.md).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from roundtable.notifications.models import Delivery, Message
from roundtable.notifications.services import message_queue_many, messages_dispatch_due
from roundtable.notifications.tests.conftest import StoringHandler, free_port, make_person
from roundtable.notifications.tests.fakes import API_KEY, TEMPLATE_ID, FakeNotify

ROOT = Path(__file__).resolve().parents[3]


def _wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)  # a bounded wait on a real process or server


# --- 1. The SMTP server stops in the middle of a batch and comes back ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_smtp_server_stopped_and_restarted_during_delivery(smtp, settings):
    people = [make_person(f"p{n}@example.org", f"Person {n}", ["email"]) for n in range(30)]
    messages = message_queue_many(
        recipients=people, key_prefix="update:1:", subject="News", body="Our news.", kind="progress_update"
    )  # the batch task ran on commit: everyone got it. Now a second update, during which the server stops.
    assert len(smtp.envelopes) == 30
    smtp.handler.envelopes.clear()

    stop_after = 10
    stopped = threading.Event()
    original = smtp.handler.handle_DATA

    async def counting(server, session, envelope):
        answer = await original(server, session, envelope)
        if len(smtp.handler.envelopes) == stop_after and not stopped.is_set():
            stopped.set()
            threading.Thread(target=smtp.stop).start()  # the server goes down mid-batch
        return answer

    smtp.handler.handle_DATA = counting
    from django.db import transaction

    with transaction.atomic():
        second = message_queue_many(
            recipients=people, key_prefix="update:2:", subject="More news", body="More.", kind="progress_update"
        )
    # The on-commit batch ran: 10 went, then the server vanished.
    assert stopped.is_set()
    statuses = Counter(Message.objects.filter(pk__in=[m.pk for m in second]).values_list("status", flat=True))
    assert statuses["sent"] >= stop_after and statuses["retrying"] > 0

    smtp.handler.handle_DATA = original
    smtp.start()  # back on the same port
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=True):
        messages_dispatch_due()

    assert set(Message.objects.filter(pk__in=[m.pk for m in second]).values_list("status", flat=True)) == {"sent"}
    received = Counter(email["X-Roundtable-Message"] for email in smtp.emails)
    assert sorted(received) == sorted(m.idempotency_key for m in second)
    assert set(received.values()) == {1}  # exactly once each
    assert Delivery.objects.filter(message__in=second, outcome="failed").exists()
    assert len(messages) == 30


# --- 2. A real worker process killed with SIGKILL in the middle of a batch, then restarted ------------


SEED = """
import django; django.setup()
from django.db import transaction
from roundtable.accounts.models import CommunicationProfile, User
from roundtable.notifications.services import message_queue_many
people = []
for n in range({count}):
    user = User.objects.create_user(f"p{{n}}@example.org", full_name=f"Person {{n}}")
    if n % 2:
        CommunicationProfile.objects.create(user=user, channels=["text"], phone=f"07700 9{{n:05d}}")
    else:
        CommunicationProfile.objects.create(user=user, channels=["email"])
    people.append(user)
with transaction.atomic():
    message_queue_many(
        recipients=people, key_prefix="update:1:", subject="News", body="Our news.", kind="progress_update"
    )
"""

REPORT = """
import django, json; django.setup()
from roundtable.notifications.models import Message
print(json.dumps(sorted(Message.objects.values_list("idempotency_key", "status"))))
"""


class SlowHandler(StoringHandler):
    """A mail server that takes 30 ms to accept each email, so a kill lands mid-batch."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.03)
        return await super().handle_DATA(server, session, envelope)


def test_worker_killed_mid_batch_and_restarted_delivers_every_message_exactly_once(tmp_path):
    count = 40
    smtp_port = free_port()
    mail_server = Controller(SlowHandler(), hostname="127.0.0.1", port=smtp_port)
    mail_server.start()
    notify = FakeNotify().start()
    notify.delay = 0.03
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))},
        "DJANGO_SETTINGS_MODULE": "roundtable.settings",
        "ROUNDTABLE_TESTING": "true",
        "ROUNDTABLE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_MODE": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "TEXT_BACKEND": "notify",
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_BASE_URL": notify.url,
        "NOTIFY_SMS_TEMPLATE_ID": TEMPLATE_ID,
        "MESSAGE_STUCK_AFTER_SECONDS": "1",
        "MESSAGE_REDISPATCH_SECONDS": "1",
        "LOG_LEVEL": "ERROR",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args: str, timeout: float = 240) -> str:
        done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def arrived() -> int:
        return len(mail_server.handler.envelopes) + len(notify.texts)

    worker = None
    try:
        run(*manage, "migrate", "--verbosity", "0")
        run(sys.executable, "-c", SEED.format(count=count))
        worker = subprocess.Popen(  # noqa: S603
            [*manage, "db_worker", "--interval", "0.1", "--no-startup-delay"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_until(lambda: arrived() >= 8, 30, "the worker to start sending")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        at_kill = arrived()
        assert at_kill < count, "the worker finished before it was killed: nothing was tested"

        time.sleep(1.2)  # let "sending" rows pass MESSAGE_STUCK_AFTER_SECONDS (1 s)
        run(*manage, "deliver_due")  # takes back what the dead worker held, and queues the rest again
        run(*manage, "db_worker", "--batch", "--no-startup-delay", timeout=60)  # the restarted worker

        import json

        statuses = dict(json.loads(run(sys.executable, "-c", REPORT)))
        assert len(statuses) == count
        assert set(statuses.values()) == {"sent"}, Counter(statuses.values())
        # Texts: exactly once, checked against the provider.
        text_refs = Counter(t["reference"] for t in notify.texts)
        assert len(text_refs) == count // 2
        assert set(text_refs.values()) == {1}, text_refs
        # Email: every message arrived; exactly once by Message-ID; at most one raw copy more (the kill window).
        emails = StoringHandler.emails.fget(mail_server.handler)
        ids = Counter(e["X-Roundtable-Message"] for e in emails)
        assert len(ids) == count // 2
        assert len({e["Message-ID"] for e in emails}) == count // 2
        assert sum(ids.values()) - len(ids) <= 1
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        mail_server.stop()
        notify.stop()
