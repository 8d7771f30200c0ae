"""`make bench-large`: the page rows of `make bench` on 100 times its scale-1 data, in PostgreSQL.

    python -m bench.large                 # scale 100: 20,000 people, 2,000 projects, 1,000,000 messages
                                          # and 1,000,000 claims (built once, then kept)
    python -m bench.large --scale 10      # a tenth of that, to try it
    python -m bench.large --rebuild       # build the data again even if it is kept

The data: bench/data.py's data set at the scale asked for (bulk inserts; people, organisations,
projects, memberships, invitations, announcements and their messages), then topped up with PostgreSQL
COPY to 10,000 messages and 10,000 claims per unit of scale, spread over the partners and the projects
they belong to. Each step is timed and printed.

Kept and resumable: the database (--database, default rt_large) is kept between runs, with a note in
var/bench/large/<database>.json of the steps done and a key made from bench/data.py, this file and the
scale. While the key matches, a run skips the steps already done (a top-up that was stopped part way
goes on from the rows already there); when bench/data.py or this file change, or --rebuild, the
database is dropped and built again. Migrations added since are applied on every run.

The pages are then measured exactly as bench/run.py does (its measure_scale: in-process with
django.test.Client, after a warm-up, round-robin, with the reference page and /healthz measured in the
same run), and printed as its table. JSON in bench/results/large.json. Not part of `make test` or CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import pickle
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "large"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
MESSAGES_PER_SCALE = 10_000  # scale 100: a million messages
CLAIMS_PER_SCALE = 10_000  # scale 100: a million claims
CHUNK = 50_000  # rows per COPY, each in its own transaction (the unit a stopped top-up resumes from)
MARK = "large:"  # idempotency keys of the messages the top-up adds


def _key(scale: int) -> str:
    digest = hashlib.sha256(str(scale).encode())
    for name in ("data.py", "large.py"):
        digest.update((ROOT / "bench" / name).read_bytes())
    return digest.hexdigest()[:16]


def _note_path(database: str) -> Path:
    return VAR / f"{database}.json"


def _read_note(database: str) -> dict:
    path = _note_path(database)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write_note(database: str, note: dict) -> None:
    _note_path(database).write_text(json.dumps(note, indent=2), encoding="utf-8")


def _database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _fresh_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _copy(model, objects) -> int:
    """Write model instances with COPY in one transaction; returns the row count. Defaults as Django would."""
    from django.db import connection, transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
                count += 1
    return count


def top_up_messages(target: int, seed: int) -> int:
    """Add announcement-like messages until there are `target` in all; returns how many were added."""
    from django.utils import timezone

    from roundtable.notifications.models import Message, MessageStatus
    from roundtable.projects.models import Membership, Project

    have = Message.objects.count()
    if have >= target:
        return 0
    done = Message.objects.filter(idempotency_key__startswith=MARK).count()
    rng = random.Random(seed + done)
    projects = {p.pk: p for p in Project.objects.only("pk", "title", "contact_id")}
    pairs = list(
        Membership.objects.filter(status=Membership.Status.ACTIVE).values_list("project_id", "user_id").order_by("pk")
    )
    now = timezone.now()
    statuses = [MessageStatus.SENT, MessageStatus.SENT, MessageStatus.SENT, MessageStatus.DELIVERED]
    added = 0
    while have + added < target:
        size = min(CHUNK, target - have - added)

        def rows(start: int, size: int):
            for n in range(start, start + size):
                project_id, user_id = pairs[rng.randrange(len(pairs))]
                project = projects[project_id]
                yield Message(
                    recipient_id=user_id, sender_id=project.contact_id, organiser_id=project.contact_id,
                    kind="announcement", subject=f"Update {n}", body="News " * 40,
                    link_url=f"http://127.0.0.1:8000/projects/{project_id}/", link_text=f"Open {project.title}",
                    group_label=project.title, idempotency_key=f"{MARK}{n}", status=rng.choice(statuses),
                    attempts=1, channel_used="email", sent_at=now - dt.timedelta(minutes=n % 500_000),
                    read_at=now if n % 2 else None,
                )  # fmt: skip

        added += _copy(Message, rows(done + added, size))
        print(f"    messages: {have + added:,} of {target:,}", flush=True)
    return added


def top_up_claims(target: int, seed: int) -> int:
    """Add submitted and approved time claims until there are `target` in all; returns how many were added."""
    from django.utils import timezone

    from roundtable.payments.models import Claim
    from roundtable.projects.models import MemberRole, Membership, Project

    have = Claim.objects.count()
    if have >= target:
        return 0
    rng = random.Random(seed + have)
    organisation_of = dict(Project.objects.values_list("pk", "organisation_id"))
    pairs = list(Membership.objects.filter(role=MemberRole.PARTNER).values_list("project_id", "user_id").order_by("pk"))
    now = timezone.now()
    amount = Decimal("27.50")
    added = 0
    while have + added < target:
        size = min(CHUNK, target - have - added)

        def rows(size: int):
            for _ in range(size):
                project_id, user_id = pairs[rng.randrange(len(pairs))]
                approved = rng.random() < 0.6
                yield Claim(
                    organisation_id=organisation_of[project_id], project_id=project_id, claimant_id=user_id,
                    kind="time", status="approved" if approved else "submitted",
                    work_date=(now - dt.timedelta(days=rng.randrange(0, 700))).date(), activity="Meeting",
                    hours=Decimal("1.5"), amount=amount, payable=amount, currency="GBP", submitted_at=now,
                    approved_at=now if approved else None,
                )  # fmt: skip

        added += _copy(Claim, rows(size))
        print(f"    claims: {have + added:,} of {target:,}", flush=True)
    return added


def _setup(database: str, rebuild: bool, scale: int) -> tuple[dict, bool]:
    """Point Django at the database (fresh if the kept one does not match) and migrate. Returns the note."""
    VAR.mkdir(parents=True, exist_ok=True)
    key = _key(scale)
    note = _read_note(database)
    kept = not rebuild and note.get("key") == key and _database_exists(database)
    if not kept:
        _fresh_database(database)
        note = {"key": key, "scale": scale, "done": [], "seconds": {}}
        _write_note(database, note)
    os.environ.setdefault("ROUNDTABLE_TESTING", "true")
    os.environ["ROUNDTABLE_DATA_DIR"] = str(VAR / "data")
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{database}"
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"  # one connection for the whole run, as a server keeps it
    os.environ["DJANGO_SETTINGS_MODULE"] = "roundtable.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return note, kept


def build_or_load(database: str, scale: int, note: dict):
    """The steps not yet done, timed; returns bench/data.py's Focus (kept pickled beside the note)."""
    from django.db import connection

    from bench import data

    focus_file = VAR / f"{database}-focus.pickle"
    if "base" not in note["done"]:
        print(f"  bench/data.py at scale {scale} (bulk inserts)...", flush=True)
        started = time.perf_counter()
        focus = data.build(scale)
        focus_file.write_bytes(pickle.dumps(focus))
        note["done"].append("base")
        note["seconds"]["base"] = round(time.perf_counter() - started, 1)
        _write_note(database, note)
    focus = pickle.loads(focus_file.read_bytes())  # noqa: S301 (a file this script wrote)
    for step, target, top_up in (
        ("messages", MESSAGES_PER_SCALE * scale, top_up_messages),
        ("claims", CLAIMS_PER_SCALE * scale, top_up_claims),
    ):
        if step in note["done"]:
            continue
        print(f"  {step} up to {target:,} (COPY)...", flush=True)
        started = time.perf_counter()
        top_up(target, seed=scale)
        note["done"].append(step)
        note["seconds"][step] = round(note["seconds"].get(step, 0) + time.perf_counter() - started, 1)
        _write_note(database, note)
    if "analyse" not in note["done"]:
        # VACUUM as well as ANALYZE: rows written by COPY are not yet marked all-visible, so until autovacuum
        # runs (as it soon would in production) PostgreSQL reads the table even for an index-only scan.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        note["done"].append("analyse")
        _write_note(database, note)
    from roundtable.notifications.models import Message
    from roundtable.payments.models import Claim

    focus.counts["messages"] = Message.objects.count()
    focus.counts["claims"] = Claim.objects.count()
    return focus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.large", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="times bench scale 1 (default 100)")
    parser.add_argument("--database", default="rt_large", help="PostgreSQL database on 127.0.0.1 (kept)")
    parser.add_argument("--rebuild", action="store_true", help="build the data again even if it is kept")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up requests per page (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS / "large.json")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be 1 or more")

    started = time.perf_counter()
    note, kept = _setup(args.database, args.rebuild, args.scale)
    print(
        f"Database {args.database}: "
        + (f"kept, steps done {note['done']}" if kept else "made afresh")
        + f"; building what is missing at scale {args.scale}...",
        flush=True,
    )
    focus = build_or_load(args.database, args.scale, note)
    built = time.perf_counter()
    print(f"  data ready in {built - started:.0f} s (build steps so far: {note['seconds']})", flush=True)

    from bench import run

    result = run.measure_scale(
        args.scale, args.runs, args.warmup, setup=lambda scale: VAR, build=lambda scale: focus, extras=False
    )
    result["database"] = f"PostgreSQL {args.database} on 127.0.0.1"
    result["build_seconds"] = note["seconds"]
    result["data_kept"] = kept
    print()
    print(run.format_table(result))
    print(f"claims: {focus.counts['claims']:,}; data build steps (s): {note['seconds']}")
    over = [
        name
        for name, page in result["pages"].items()
        if page["kind"] == "page" and (page["ratio_to_reference"] > run.AIM_RATIO or page["queries"] > run.AIM_QUERIES)
    ]
    print("Every page within the aims." if not over else f"Over the aims ({run.AIM_RATIO:g}x, {run.AIM_QUERIES} "
          f"queries): {', '.join(over)}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "mode": "large", "results": [result]}
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON: {args.out}  (total {time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
