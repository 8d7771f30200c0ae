"""Audit log benchmark: an organisation's log with a million rows (issue 18).

``run()`` builds, in the current database (Django set up and migrated, as bench/run.py does), an organisation
whose admin opens ``/organisations/<slug>/audit/``, and ``AUDIT_ROWS`` audit rows for it (1,000,000 by
default; ``BENCH_AUDIT_ROWS`` to change), spread over two years, 30 kinds and 200 people, plus as many rows
again for another organisation (so the page must pick its own from two million). The rows go in with one
``INSERT`` per 20,000 (``executemany``): ``bulk_create`` of a million model objects takes minutes.

It measures, beside the reference page: the first page, a page half-way down the log (by its keyset
cursor), the log filtered by kind, by person, and by a month. Each page writes its own audit row
("audit.log_viewed"), as in the product.

    rows = bench.promises.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
    python -m bench.promises      # on its own: builds var/bench/promises/, prints the rows and the reference
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

AUDIT_ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", "1000000"))
PEOPLE = 200
KINDS = ["payments", "meeting", "project", "membership", "decisions", "credits", "barrier", "note", "updates"]
BATCH = 20_000


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _insert_rows(organisation_id: int, people: list[int], rows: int, now: dt.datetime) -> None:
    from django.db import connection, transaction

    from roundtable.audit.models import AuditEvent

    table = AuditEvent._meta.db_table
    columns = [
        "created_at", "actor_id", "subject_id", "action", "kind", "organisation_id", "by_proxy",
        "object_type", "object_id", "summary", "details",
    ]  # fmt: skip
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    span = 2 * 365 * 24 * 3600  # two years of seconds
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, rows, BATCH):
            batch = []
            for i in range(start, min(rows, start + BATCH)):
                kind = KINDS[i % len(KINDS)]
                # Oldest first, as the rows would have been written; a row about every minute over two years.
                when = now - dt.timedelta(seconds=span - (span * i) // rows)
                batch.append(
                    (
                        when, people[i % len(people)], people[(i * 7) % len(people)] if i % 3 else None,
                        f"{kind}.something_done", kind, organisation_id, i % 11 == 0,
                        "projects.project", str(i % 500), f"Row {i}", "{}",
                    )
                )  # fmt: skip
            cursor.executemany(sql, batch)


def build():
    """The organisation, its admin, one person to filter by, and the rows; returns (organisation, admin, person)."""
    from django.utils import timezone

    from roundtable.accounts.models import User
    from roundtable.projects.services import organisation_create

    now = timezone.now()
    admin = User.objects.create_user(email="audit-admin@bench.example", full_name="Audit Admin")
    organisation = organisation_create(actor=admin, name="Audited organisation")
    other_admin = User.objects.create_user(email="other-admin@bench.example", full_name="Other Admin")
    other = organisation_create(actor=other_admin, name="Another organisation")
    people = User.objects.bulk_create(
        [User(email=f"audited{n}@bench.example", full_name=f"Audited Person {n}") for n in range(PEOPLE)]
    )
    ids = [p.pk for p in people]
    started = time.perf_counter()
    _insert_rows(organisation.pk, ids, AUDIT_ROWS, now)
    _insert_rows(other.pk, ids, AUDIT_ROWS, now)
    print(f"  {2 * AUDIT_ROWS:,} audit rows written in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return organisation, admin, people[17]


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from roundtable.audit.models import AuditEvent
    from roundtable.promises.selectors import encode_cursor

    organisation, admin, person = build()
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    base = f"/organisations/{organisation.slug}/audit/"
    middle = AuditEvent.objects.filter(organisation_id=organisation.pk).order_by("-created_at", "-id")[AUDIT_ROWS // 2]
    month_end = middle.created_at.date()
    targets = {
        f"audit log, {AUDIT_ROWS:,} rows, first page": base,
        f"audit log, {AUDIT_ROWS:,} rows, half-way down": f"{base}?after={encode_cursor(middle)}",
        f"audit log, {AUDIT_ROWS:,} rows, one kind": f"{base}?kind=credits",
        f"audit log, {AUDIT_ROWS:,} rows, one person": f"{base}?person={person.email}",
        f"audit log, {AUDIT_ROWS:,} rows, one month": f"{base}?since={month_end - dt.timedelta(days=30)}"
        f"&until={month_end}",
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    for name, url in targets.items():
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200 or response.content.count(b'<tr class="govuk-table__row">') != 51:
                raise SystemExit(f"{name}: GET {url} gave {response.status_code}")
    for _ in range(runs):
        for name, url in targets.items():
            start = time.perf_counter_ns()
            client.get(url)
            times[name].append((time.perf_counter_ns() - start) / 1e6)
    rows = []
    for name, url in targets.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        rows.append(
            {
                "name": name,
                "median_ms": round(statistics.median(times[name]), 2),
                "p95_ms": round(_percentile(times[name], 0.95), 2),
                "queries": len(captured),
            }
        )
    return rows


if __name__ == "__main__":
    from bench import run as bench_run

    bench_run._setup_django(0)
    from django.test import Client, override_settings

    from roundtable.accounts.models import User

    reference_user = User.objects.create_user(email="reference@bench.example", full_name="Reference")
    reference = Client()
    reference.force_login(reference_user, backend="django.contrib.auth.backends.ModelBackend")
    found = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        for _ in range(5):
            reference.get("/bench/reference/")
        for _ in range(30):
            start = time.perf_counter_ns()
            reference.get("/bench/reference/")
            found.append((time.perf_counter_ns() - start) / 1e6)
    reference_ms = statistics.median(found)
    print(f"reference page (50 rows): {reference_ms:.2f} ms")
    for row in run():
        print(f"{row['name']}: {row['median_ms']} ms (p95 {row['p95_ms']}), {row['queries']} queries, "
              f"{row['median_ms'] / reference_ms:.2f}x the reference")  # fmt: skip
