"""Fan-out of one progress update to 5,000 members: time to queue it, and to deliver it.

    python -m bench.fanout              # prints the rows; `make bench` calls run()

``run()`` builds its own SQLite file under var/bench/fanout/ (unless Django is
already set up, for example by bench.run's child process, in which case it
uses that database), makes an organiser and a project with 5,000 members whose
channels are mixed like a real project (email 60%, text 25%, the website 10%,
letters 5%, none with a contact window so nothing waits), then:

* **queue**: ``updates.services.update_publish`` — the Message rows for all
  5,000 members, in one transaction, with the worker's tasks held back;
* **deliver**: every message through the worker's ``deliver_messages`` task in
  batches of 100, as the worker would (one staleness check per batch, then
  ``messages_deliver_batch``), with the one-file-per-email backend (``notifications/mailfiles.py``,
  which can say what it has, so outcomes are recorded per batch) and the file text backend (letters
  join the organiser's print queue).

Each is run ``runs`` times (a new update each time); rows give the median, the
95th percentile and the number of SQL queries of one run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = 5000


def _setup() -> None:
    import django
    from django.conf import settings

    if settings.configured:
        return
    data_dir = ROOT / "var" / "bench" / "fanout"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    os.environ.setdefault("ROUNDTABLE_TESTING", "true")
    os.environ["ROUNDTABLE_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'fanout.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "roundtable.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _build(members: int):
    from django.db import transaction

    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.projects import services as projects
    from roundtable.projects.models import Membership, Project, StaffRole

    with transaction.atomic():
        admin = User.objects.create_user("fanout-admin@bench.example", full_name="Fan Admin")
        organiser = User.objects.create_user("fanout-organiser@bench.example", full_name="Fan Organiser")
        CommunicationProfile.objects.create(user=organiser, channels=["email"])
        org = projects.organisation_create(actor=admin, name="Fan-out Org")
        projects.staff_roles_set(actor=admin, organisation=org, user=organiser, roles={StaffRole.ORGANISER})
        project = Project.objects.create(
            organisation=org,
            title="Fan-out project",
            slug="fan-out",
            status=Project.Status.PUBLISHED,
            contact=organiser,
        )
        users = User.objects.bulk_create(
            [User(email=f"m{n}@bench.example", full_name=f"Member {n}", password="!") for n in range(members)],
            batch_size=1000,
        )
        profiles = []
        for n, user in enumerate(users):
            bucket = n % 20
            if bucket < 12:
                profiles.append(CommunicationProfile(user=user, channels=["email"]))
            elif bucket < 17:
                profiles.append(CommunicationProfile(user=user, channels=["text", "email"], phone=f"07700 9{n:05d}"))
            elif bucket < 19:
                profiles.append(CommunicationProfile(user=user, channels=["app"]))
            else:
                profiles.append(CommunicationProfile(user=user, channels=["letter"], postal_address=f"{n} High St"))
        CommunicationProfile.objects.bulk_create(profiles, batch_size=1000)
        Membership.objects.bulk_create([Membership(project=project, user=u) for u in users], batch_size=1000)
    return organiser, project


class _Counter:
    """Counts SQL statements without keeping them (5,000 deliveries run tens of thousands)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(runs: int = 3, members: int = MEMBERS) -> list[dict]:
    _setup()
    from django.db import connection
    from django.test.utils import override_settings

    from roundtable.notifications.models import Message, MessageStatus
    from roundtable.notifications.services import DELIVERY_BATCH
    from roundtable.notifications.tasks import deliver_messages
    from roundtable.updates.services import update_publish

    organiser, project = _build(members)
    out = Path(tempfile.mkdtemp(prefix="rt-fanout-"))
    held_back = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    files = {
        "TASKS": held_back,
        "EMAIL_BACKEND": "roundtable.notifications.mailfiles.EmailBackend",  # one file per email, by Message-ID
        "EMAIL_FILE_PATH": str(out / "mail"),
        "TEXT_BACKEND": "file",
        "TEXT_FILE_PATH": str(out / "texts"),
    }
    queue_ms: list[float] = []
    deliver_ms: list[float] = []
    queue_queries = deliver_queries = 0
    try:
        with override_settings(**files):
            for n in range(runs):
                counter = _Counter()
                with connection.execute_wrapper(counter):
                    start = time.perf_counter()
                    update = update_publish(actor=organiser, project=project, title=f"Update {n}", body="Our news.")
                    queue_ms.append((time.perf_counter() - start) * 1000)
                queue_queries = counter.count
                ids = list(
                    Message.objects.filter(idempotency_key__startswith=f"update:{update.pk}:")
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                assert len(ids) == members, len(ids)
                counter = _Counter()
                with connection.execute_wrapper(counter):
                    start = time.perf_counter()
                    for first in range(0, len(ids), DELIVERY_BATCH):  # as the worker does: batches of 100
                        deliver_messages.call(message_ids=ids[first : first + DELIVERY_BATCH])
                    deliver_ms.append((time.perf_counter() - start) * 1000)
                deliver_queries = counter.count
                left = Message.objects.filter(pk__in=ids, status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING])
                assert not left.exists(), "some messages were not delivered"
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return [
        {
            "name": f"fan-out: queue 1 update to {members:,} members",
            "median_ms": round(statistics.median(queue_ms), 1),
            "p95_ms": round(_percentile(queue_ms, 0.95), 1),
            "queries": queue_queries,
        },
        {
            "name": f"fan-out: deliver {members:,} messages (file email, file text, letter queue)",
            "median_ms": round(statistics.median(deliver_ms), 1),
            "p95_ms": round(_percentile(deliver_ms, 0.95), 1),
            "queries": deliver_queries,
        },
    ]


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for row in run(runs=runs):
        print(
            f"{row['name']:<70} {row['median_ms']:>10.1f} ms  p95 {row['p95_ms']:>10.1f} ms"
            f"  {row['queries']:>7} queries"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
