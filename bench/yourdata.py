"""Download my data for a person with a long history: 10,000 messages and 2,000 contributions.

    python -m bench.yourdata            # prints the row; `make bench` calls run()

``run()`` builds its own SQLite file under var/bench/yourdata/ (unless Django is already set up, for
example by bench.run's child process, in which case it uses that database), makes one partner in one
project with ``MESSAGES`` messages (with their deliveries) and ``CONTRIBUTIONS`` contributions, then
times what the worker does for one request (``services.data_request_build``: every JSON file, the
summary in HTML and PDF, the zip stored, the person told), ``runs`` times. The aim: under 60 seconds,
so a worker never holds a job for long and no page ever waits for it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = 10_000
CONTRIBUTIONS = 2_000
AIM_SECONDS = 60


def _setup() -> None:
    import django
    from django.conf import settings

    if settings.configured:
        return
    data_dir = ROOT / "var" / "bench" / "yourdata"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    os.environ.setdefault("ROUNDTABLE_TESTING", "true")
    os.environ["ROUNDTABLE_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'yourdata.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "roundtable.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _build(messages: int, contributions: int):
    from django.db import transaction
    from django.utils import timezone

    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.credits.models import Contribution, ContributionType
    from roundtable.notifications.models import Delivery, Message, MessageStatus
    from roundtable.projects import services as projects
    from roundtable.projects.models import Membership, Project

    stamp = timezone.now().strftime("%H%M%S%f")
    with transaction.atomic():
        admin = User.objects.create_user(f"yd-admin-{stamp}@bench.example", full_name="Data Admin")
        person = User.objects.create_user(f"yd-person-{stamp}@bench.example", full_name="Łucja Długa-Historia")
        CommunicationProfile.objects.create(user=person, channels=["email"], phone="07700 900999")
        org = projects.organisation_create(actor=admin, name=f"History Org {stamp}")
        project = Project.objects.create(
            organisation=org, title="A long project", slug=f"long-{stamp}", created_by=admin
        )
        Membership.objects.create(project=project, user=person)
        rows = [
            Message(
                recipient=person,
                kind="bench.history",
                subject=f"Meeting papers {n}",
                body=f"Message number {n}: the papers for the meeting are ready. " * 3,
                idempotency_key=f"bench:yourdata:{stamp}:{n}",
                status=MessageStatus.DELIVERED,
                channel_used="email",
            )
            for n in range(messages)
        ]
        made = Message.objects.bulk_create(rows, batch_size=1000)
        Delivery.objects.bulk_create(
            [Delivery(message=m, channel="email", attempt=1, outcome="sent") for m in made], batch_size=1000
        )
        kind = ContributionType.objects.order_by("order").first()
        start = timezone.localdate() - dt.timedelta(days=contributions)
        Contribution.objects.bulk_create(
            [
                Contribution(
                    person=person,
                    project=project,
                    type=kind,
                    date=start + dt.timedelta(days=n),
                    description=f"Read and commented on draft {n}",
                    source="organiser",
                    status="confirmed",
                )
                for n in range(contributions)
            ],
            batch_size=1000,
        )
    return person


def run(runs: int = 2, messages: int = MESSAGES, contributions: int = CONTRIBUTIONS) -> list[dict]:
    _setup()
    import tempfile

    from django.db import connection
    from django.test.utils import override_settings

    from roundtable.yourdata import services
    from roundtable.yourdata.models import DataRequest

    person = _build(messages, contributions)
    media = tempfile.mkdtemp(prefix="bench-yourdata-")
    took: list[float] = []
    queries = 0
    sizes = []
    try:
        with override_settings(MEDIA_ROOT=media):
            for _ in range(runs):
                request = DataRequest.objects.create(person=person, asked_by=person)
                count = [0]

                def counter(execute, sql, params, many, context, count=count):
                    count[0] += 1
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(counter):
                    start = time.perf_counter()
                    result = services.data_request_build(request_id=request.pk)
                    took.append((time.perf_counter() - start) * 1000)
                assert result == "built", result
                queries = count[0]
                request.refresh_from_db()
                # Each run adds one "your data is ready" message to the history.
                assert request.counts["messages"] >= messages, request.counts
                assert request.counts["contributions"] == contributions, request.counts
                sizes.append(request.size)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    return [
        {
            "name": f"your data: export {messages:,} messages, {contributions:,} contributions (worker)",
            "median_ms": round(statistics.median(took), 1),
            "p95_ms": round(max(took), 1),
            "queries": queries,
            "zip_bytes": sizes[-1],
            "aim_ms": AIM_SECONDS * 1000,
        }
    ]


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    for row in run(runs=runs):
        print(
            f"{row['name']:<75} {row['median_ms']:>10.1f} ms  max {row['p95_ms']:>10.1f} ms"
            f"  {row['queries']:>5} queries  zip {row['zip_bytes']:,} bytes"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
