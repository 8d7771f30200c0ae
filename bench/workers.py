"""Several workers on one PostgreSQL outbox: throughput for 1, 2 and 3, and none lost or doubled when one is killed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rt_workers .venv/bin/python -m bench.workers
    ... -m bench.workers --messages 50000 --throughput-messages 10000 --people 10000

PostgreSQL only (SQLite has one writer, so several workers would only queue behind each other): the
script stops with a plain message if DATABASE_URL is not a postgres:// address. The database named in
DATABASE_URL is DROPPED and made again, so give it one of its own (it refuses a name without "work"
or "bench" in it).

Each round queues messages with the outbox's own ``message_queue_many`` (progress updates to
``--people`` people: three in four by email, one in four by text), then starts the workers as separate
processes, ``python -m roundtable.cli worker --until-empty``, each claiming 100 due messages at a time
(``FOR UPDATE SKIP LOCKED``). Email goes through the one-file-per-email backend (``EMAIL_MODE=files``,
``notifications/mailfiles.py``), texts through the file text provider; both keep the first copy of a
message and the email backend logs any second copy to ``doubles.log``.

Rounds: 1, 2 and 3 workers on ``--throughput-messages`` messages each (messages a second, from the
first worker's start to the last one's exit, start-up included), then 3 workers on ``--messages``
messages where one is killed with SIGKILL when about ``--kill-at`` of them are done. Its messages come
back after ``MESSAGE_STUCK_AFTER_SECONDS`` (``--stuck-after``, 20 here) and the others send them, first
asking the mail service whether it has them (``maybe_sent``).

After every round it checks, and exits 1 if any check fails:
* lost: every message is sent, and each one's file is there (email by Message-ID, text by reference);
* doubled: no message has two "sent" Delivery rows, and no file was written twice (``doubles.log``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rt_workers"


def _fresh_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "work" not in name and "bench" not in name:
        raise SystemExit(f"Refusing to drop database {name!r}: give one whose name has 'work' or 'bench' in it.")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup(url: str, data_dir: Path) -> None:
    os.environ.update(
        {
            "ROUNDTABLE_TESTING": "true",
            "DATABASE_URL": url,
            "ROUNDTABLE_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "roundtable.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _people(count: int):
    from django.db import transaction

    from roundtable.accounts.models import CommunicationProfile, User

    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=f"w{n}@workers.example", full_name=f"Worker test {n}", password="!") for n in range(count)],
            batch_size=2000,
        )
        CommunicationProfile.objects.bulk_create(
            [
                CommunicationProfile(user=u, channels=["email"])
                if n % 4
                else CommunicationProfile(user=u, channels=["text", "email"], phone=f"07700 9{n:05d}")
                for n, u in enumerate(users)
            ],
            batch_size=2000,
        )
    return users


def _queue(people, total: int, tag: str) -> list[int]:
    from django.test.utils import override_settings

    from roundtable.notifications.services import message_queue_many

    held_back = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    ids: list[int] = []
    n = 0
    with override_settings(TASKS=held_back):  # the workers take them from the outbox, not from task rows
        while len(ids) < total:
            group = people[: total - len(ids)]
            messages = message_queue_many(
                recipients=group,
                key_prefix=f"workers:{tag}:{n}:",
                subject=f"News {n}",
                body="Our news this week. Thank you for taking part.",
                kind="project_update",
                group_label="Several workers",
            )
            ids.extend(m.pk for m in messages)
            n += 1
    return ids


def _start(workers: int, env: dict) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "roundtable.cli", "worker", "--until-empty"]
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(workers)
    ]


def _done_count(ids_from: int) -> int:
    from roundtable.notifications.models import Message, MessageStatus

    return Message.objects.filter(pk__gte=ids_from, status=MessageStatus.SENT).count()


def _round(*, people, workers: int, total: int, kill_at: float | None, base_env: dict, out: Path) -> dict:
    from roundtable.notifications.channels.email import message_id_for
    from roundtable.notifications.channels.text import text_reference
    from roundtable.notifications.mailfiles import file_name
    from roundtable.notifications.models import Delivery, DeliveryOutcome, Message, MessageStatus
    from roundtable.notifications.text.file import _name as text_file_name

    tag = f"{workers}-{total}-{int(time.time())}"
    data_dir = out / tag
    mail, texts = data_dir / "mail", data_dir / "texts"  # EMAIL_FILE_PATH is DATA_DIR/mail
    ids = _queue(people, total, tag)
    env = dict(base_env, ROUNDTABLE_DATA_DIR=str(data_dir), TEXT_FILE_PATH=str(texts))
    started = time.monotonic()
    procs = _start(workers, env)
    killed = None
    if kill_at is not None:
        while _done_count(ids[0]) < kill_at * total and procs[0].poll() is None:
            time.sleep(0.2)
        os.killpg(procs[0].pid, signal.SIGKILL)
        killed = _done_count(ids[0])
    reports = []
    for proc in procs:
        _out, err = proc.communicate()
        reports.append(err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}")
    seconds = time.monotonic() - started
    rows = Message.objects.filter(pk__in=ids)
    statuses: dict[str, int] = {}
    for status in rows.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    sent = [
        (m.channel_used, m.idempotency_key) for m in rows.only("channel_used", "idempotency_key", "status")
        if m.status == MessageStatus.SENT
    ]  # fmt: skip
    emails = {file_name(message_id_for(Message(idempotency_key=key))) for channel, key in sent if channel == "email"}
    text_files = {
        text_file_name(text_reference(Message(idempotency_key=key))) for channel, key in sent if channel == "text"
    }
    on_disk_mail = {p.name for p in mail.glob("*.eml")} if mail.exists() else set()
    on_disk_texts = {p.name for p in texts.glob("*.json")} if texts.exists() else set()
    sent_rows: dict[int, int] = {}
    for message_id in Delivery.objects.filter(message_id__in=ids, outcome=DeliveryOutcome.SENT).values_list(
        "message_id", flat=True
    ):
        sent_rows[message_id] = sent_rows.get(message_id, 0) + 1
    doubles_log = mail / "doubles.log"
    doubled_files = len(doubles_log.read_text().splitlines()) if doubles_log.exists() else 0
    result = {
        "workers": workers,
        "messages": total,
        "seconds": round(seconds, 1),
        "per_second": round(total / seconds, 1),
        "killed_after": killed,
        "statuses": statuses,
        "lost": total - len(sent) + len(emails - on_disk_mail) + len(text_files - on_disk_texts),
        "doubled_records": sum(1 for n in sent_rows.values() if n > 1),
        "doubled_files": doubled_files,
        "files": len(on_disk_mail) + len(on_disk_texts),
        "worker_reports": reports,
    }
    shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=50_000, help="messages in the round with a kill")
    parser.add_argument("--throughput-messages", type=int, default=10_000, help="messages in each 1/2/3 round")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--kill-at", type=float, default=0.4, help="kill one worker when this share is sent")
    parser.add_argument("--stuck-after", type=int, default=20, help="MESSAGE_STUCK_AFTER_SECONDS for the workers")
    parser.add_argument("--rounds", default="1,2,3,kill", help="which rounds: 1, 2, 3 and kill")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench.workers needs PostgreSQL: set DATABASE_URL=postgres://… (SQLite has one writer).")
        return 2
    _fresh_database(url)
    out = Path(tempfile.mkdtemp(prefix="rt-workers-"))
    _setup(url, out)
    people = _people(args.people)
    base_env = dict(
        os.environ,
        EMAIL_MODE="files",
        TEXT_BACKEND="file",
        MESSAGE_STUCK_AFTER_SECONDS=str(args.stuck_after),
        PYTHONPATH=str(ROOT),
    )
    failed = False
    try:
        for name in args.rounds.split(","):
            kill = name == "kill"
            result = _round(
                people=people,
                workers=3 if kill else int(name),
                total=args.messages if kill else args.throughput_messages,
                kill_at=args.kill_at if kill else None,
                base_env=base_env,
                out=out,
            )
            ok = result["lost"] == 0 and result["doubled_records"] == 0 and result["doubled_files"] == 0
            failed = failed or not ok
            print(
                f"{result['workers']} worker(s){' (one killed)' if kill else ''}: {result['messages']:,} messages in "
                f"{result['seconds']} s = {result['per_second']}/s; lost {result['lost']}, doubled "
                f"{result['doubled_records']} (records) / {result['doubled_files']} (files); {result['statuses']}"
                + (f"; killed when {result['killed_after']:,} were sent" if kill else ""),
                flush=True,
            )
            for report in result["worker_reports"]:
                print(f"    {report}", flush=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
