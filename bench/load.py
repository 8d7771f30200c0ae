"""`make load`: the production server on PostgreSQL under 50 signed-in people, against the reference page.

    python -m bench.load                          # 50 users, 2 minutes per phase, the tuned settings
    python -m bench.load --seconds 30 --users 20  # a shorter try
    python -m bench.load --workers 5 --threads 1 --conn-max-age 0   # other server settings

What it does, all on this machine's loopback:

1. Makes a fresh PostgreSQL database (--database, default rt_load on 127.0.0.1), migrates it and fills
   it with bench/data.py's data set (scale --scale, default 5: 1,000 people, 100 projects, about 14,000
   messages) plus, for the five projects of the focus organisation, a meeting with its agenda and
   papers, a board of 300 notes and 20 claims per partner; then VACUUM ANALYZE, as autovacuum would.
2. Picks 50 people (45 partners, 9 in each of those projects, and 5 organisers, one each) and signs each
   in on the server side: a session made with Django's session store, written with its cookie and the
   address of each page of the mix to var/load/people.json. No sign-in link is sent or followed.
3. Starts the production server, `roundtable serve` (gunicorn; WEB_CONCURRENCY processes of WEB_THREADS
   threads, DATABASE_CONN_MAX_AGE), with DJANGO_SETTINGS_MODULE=bench.load_settings: the product's
   settings, not DEBUG, plus the reference page at /bench/reference/, which production never serves.
   Requests arrive as if from the TLS proxy (X-Forwarded-Proto: https), as in docs/deploy.md.
4. Opens every page of every person once (each must answer 200; this is also the warm-up), then runs
   locust headless twice with the same number of users for the same time: the reference page alone,
   then the mix (bench/locustfile.py). Statistics start once every user is running.
5. Prints requests a second, median and 95th percentile for both and the pass or fail of the aims
   (issue 19): the mix sustains at least half the reference page's requests a second, with no error,
   and its p95 is within 4x the reference page's p95. JSON in bench/results/load.json. Exit status 1
   when an aim is missed.

Not part of `make test` or CI: it takes about seven minutes (two of them migrating and collecting static
files) and wants the whole machine.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "load"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"

AIM_RPS_SHARE = 0.5  # the mix sustains at least half the reference page's requests a second
AIM_P95_RATIO = 4.0  # the mix's p95 within 4x the reference page's p95
AIM_ERRORS = 0

# The settings `make load` runs with unless told otherwise: the ones measured best on this 2-core machine
# (docs/deploy.md, "Under load").
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
DEFAULT_CONN_MAX_AGE = 600

PROJECTS = 5  # projects of the focus organisation the 50 people are spread over
PARTNERS_PER_PROJECT = 9
BOARD_NOTES = 300
CLAIMS_PER_PARTNER = 20


# --- The database and its data (in this process) ------------------------------------------------


def _environment(args: argparse.Namespace) -> dict[str, str]:
    VAR.mkdir(parents=True, exist_ok=True)
    key_file = VAR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    env = dict(os.environ)
    for name in ("ROUNDTABLE_TESTING", "ROUNDTABLE_DEMO", "ROUNDTABLE_LOCAL", "DEBUG"):
        env.pop(name, None)  # the production settings, nothing else
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.load_settings",
            "DATABASE_URL": f"{PG_SERVER}/{args.database}",
            "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
            "ROUNDTABLE_DATA_DIR": str(VAR / "data"),
            "SECRET_KEY": key_file.read_text(encoding="utf-8").strip(),
            "SITE_URL": "https://roundtable.load.test",  # only in links we would send; nothing is sent
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WEB_CONCURRENCY": str(args.workers),
            "WEB_THREADS": str(args.threads),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def _fresh_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _build_mix(focus) -> list[dict]:
    """Meetings, boards and claims for the people of the mix; returns one dict per person with their pages."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from bench.feedback import _board
    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.meetings.models import AgendaItem, Meeting, Paper
    from roundtable.payments.models import Claim
    from roundtable.projects.models import MemberRole, Membership, Project, StaffMembership, StaffRole

    now = timezone.now()
    projects = list(Project.objects.filter(organisation=focus.organisation).order_by("pk")[:PROJECTS])
    people: list[dict] = []
    taken: set[int] = set()
    claims = []
    for index, project in enumerate(projects):
        organiser = User.objects.create_user(f"load-organiser-{index}@bench.example", full_name=f"Organiser {index}")
        CommunicationProfile.objects.create(user=organiser, answered=["name", "channels"])
        StaffMembership.objects.create(organisation=focus.organisation, user=organiser, role=StaffRole.ORGANISER)
        partner_ids = [
            user_id
            for user_id in Membership.objects.filter(
                project=project, role=MemberRole.PARTNER, status=Membership.Status.ACTIVE
            )
            .order_by("user_id")
            .values_list("user_id", flat=True)
            if user_id not in taken
        ][:PARTNERS_PER_PROJECT]
        if len(partner_ids) < PARTNERS_PER_PROJECT:
            raise SystemExit(f"Project {project.pk} has only {len(partner_ids)} partners free; use a larger --scale")
        taken.update(partner_ids)
        partners = list(User.objects.filter(pk__in=partner_ids).order_by("pk"))

        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    project=project,
                    title=f"Meeting {n + 1}",
                    starts_at=now + dt.timedelta(days=14 * n - 42, hours=2),
                    ends_at=now + dt.timedelta(days=14 * n - 42, hours=3, minutes=30),
                    join_url="https://meet.example/load",
                    created_by=organiser,
                    actual_started_at=now + dt.timedelta(days=14 * n - 42, hours=2) if n < 3 else None,
                    actual_ended_at=now + dt.timedelta(days=14 * n - 42, hours=3, minutes=30) if n < 3 else None,
                )
                for n in range(6)
            ]
        )
        upcoming = meetings[3]
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(project=project, meeting=m, order=i, title=f"Item {i + 1}", minutes=20)
                for m in meetings
                for i in range(4)
            ]
        )
        Paper.objects.bulk_create(
            [
                Paper(
                    project=project, meeting=m, title=f"Paper {i + 1}", file=f"meetings/load/{m.pk}-{i}.pdf",
                    original_name="paper.pdf", content_type="application/pdf", size=1000,
                    released_at=m.starts_at - dt.timedelta(days=8), deadline_at=m.starts_at - dt.timedelta(days=7),
                )
                for m in meetings
                for i in range(2)
            ]
        )  # fmt: skip
        board = _board(project, organiser, partners, BOARD_NOTES, "What helps at school")
        amount = Decimal("27.50")
        statuses = ["submitted", "approved", "approved", "submitted", "approved"]
        for partner in partners:
            for n in range(CLAIMS_PER_PARTNER):
                claims.append(
                    Claim(
                        organisation=focus.organisation, project=project, claimant=partner, kind="time",
                        status=statuses[n % len(statuses)], work_date=(now - dt.timedelta(days=7 * n)).date(),
                        activity="Meeting", hours=Decimal("1"), amount=amount, payable=amount, currency="GBP",
                        submitted_at=now, approved_at=now if statuses[n % len(statuses)] == "approved" else None,
                    )
                )  # fmt: skip

        base = f"/projects/{project.pk}/"
        shared = {
            "my projects": "/my-projects/",
            "project page": base,
            "meeting page": f"{base}meetings/{upcoming.pk}/",
            "board": f"{base}boards/{board.pk}/",
            "inbox": "/messages/",
        }
        for partner in partners:
            people.append({"user_id": partner.pk, "role": "partner", "pages": {**shared, "claims": "/payments/"}})
        people.append(
            {
                "user_id": organiser.pk,
                "role": "organiser",
                "pages": {**shared, "claims": f"/payments/projects/{project.pk}/claims/"},
            }
        )
    Claim.objects.bulk_create(claims, batch_size=1000)
    return people


def _sign_in(people: list[dict]) -> None:
    """Give each person a signed-in session, as Django's login() would, and note its cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from roundtable.accounts.models import User

    users = User.objects.in_bulk([p["user_id"] for p in people])
    for person in people:
        user = users[person["user_id"]]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        person["cookie_name"] = settings.SESSION_COOKIE_NAME
        person["cookie"] = session.session_key


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict:
    """Fresh database, migrated and filled; 50 people signed in; static files collected. Returns counts."""
    started = time.perf_counter()
    _fresh_database(args.database)
    os.environ.update(env)
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from bench import data

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    focus = data.build(args.scale)
    with transaction.atomic():
        people = _build_mix(focus)
    _sign_in(people)
    needed = args.users
    if needed > len(people):
        raise SystemExit(f"Only {len(people)} people in the mix; ask for at most that many users")
    (VAR / "people.json").write_text(json.dumps({"people": people}, indent=1), encoding="utf-8")
    from django.db import connection, connections

    # Statistics and visibility, as autovacuum would soon give them in production (it may be off on a
    # machine tuned for tests): without them the planner takes every table for a row or two and joins the
    # members and profiles in nested loops, several milliseconds a page.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connections.close_all()
    return {
        "data": focus.counts,
        "people_signed_in": len(people),
        "seconds": {"migrate": round(migrated - started, 1), "build": round(time.perf_counter() - migrated, 1)},
    }


# --- The server and the load ---------------------------------------------------------------------


def _get(port: int, path: str, cookie: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen:
    log = (VAR / "server.log").open("w", encoding="utf-8")
    command = [sys.executable, "-m", "roundtable.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit {server.returncode}); see {VAR / 'server.log'}")
        try:
            if _get(port, "/healthz") == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"The server did not answer /healthz in 60 s; see {VAR / 'server.log'}")


def check_pages(port: int) -> int:
    """Open every page of every person once (the warm-up); stop if any is not a 200. Returns the count."""
    people = json.loads((VAR / "people.json").read_text(encoding="utf-8"))["people"]
    opened = 0
    for person in people:
        cookie = f"{person['cookie_name']}={person['cookie']}"
        for name, url in [*person["pages"].items(), ("reference page", "/bench/reference/")]:
            status = _get(port, url, cookie)
            if status != 200:
                raise SystemExit(f"{person['role']} {person['user_id']}: {name} {url} gave {status}, not 200")
            opened += 1
    return opened


def run_locust(user_class: str, port: int, users: int, seconds: int, env: dict[str, str]) -> dict:
    """Run one phase headless; returns its rows from locust's CSV statistics, by request name."""
    prefix = VAR / f"locust-{user_class}"
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--users", str(users), "--spawn-rate", str(max(1, users // 2)), "--run-time", f"{seconds}s",
        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--reset-stats", "--only-summary",
        "--stop-timeout", "10", "--loglevel", "WARNING", user_class,
    ]  # fmt: skip
    locust_env = {**env, "LOAD_PEOPLE_FILE": str(VAR / "people.json")}
    print(f"  locust: {users} users on {user_class} for {seconds} s...", flush=True)
    with (VAR / f"locust-{user_class}.log").open("w", encoding="utf-8") as log:
        subprocess.run(command, cwd=ROOT, env=locust_env, check=False, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "median_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "max_ms": round(float(row["Max Response Time"]), 1),
            }
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        rows["Aggregated"]["failure_reasons"] = list(csv.DictReader(failures.open(encoding="utf-8")))
    return rows


def verdict(reference: dict, mix: dict) -> tuple[dict, bool]:
    ref, agg = reference["Aggregated"], mix["Aggregated"]
    rps_share = agg["rps"] / ref["rps"] if ref["rps"] else 0.0
    p95_ratio = agg["p95_ms"] / ref["p95_ms"] if ref["p95_ms"] else float("inf")
    errors = agg["failures"] + ref["failures"]
    aims = {
        "rps_share": {"value": round(rps_share, 2), "aim": f">= {AIM_RPS_SHARE}", "met": rps_share >= AIM_RPS_SHARE},
        "p95_ratio": {"value": round(p95_ratio, 2), "aim": f"<= {AIM_P95_RATIO}", "met": p95_ratio <= AIM_P95_RATIO},
        "errors": {"value": errors, "aim": f"== {AIM_ERRORS}", "met": errors == AIM_ERRORS},
    }
    return aims, all(aim["met"] for aim in aims.values())


def format_report(result: dict) -> str:
    lines = [
        f"{result['users']} users for {result['seconds']} s per phase; server: {result['server']['workers']} "
        f"processes x {result['server']['threads']} threads, CONN_MAX_AGE {result['server']['conn_max_age']} s",
        "",
        f"{'requests':<16} {'count':>7} {'errors':>6} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8}",
        "-" * 68,
    ]
    for phase in ("reference", "mix"):
        for name, row in result["phases"][phase].items():
            label = f"{phase} (all)" if name == "Aggregated" else f"  {name}"
            if phase == "reference" and name != "Aggregated":
                continue
            lines.append(
                f"{label:<16} {row['requests']:>7} {row['failures']:>6} {row['rps']:>7.1f} "
                f"{row['median_ms']:>10.0f} {row['p95_ms']:>8.0f} {row['p99_ms']:>8.0f}"
            )
    lines.append("")
    aims = result["aims"]
    lines.append(
        f"mix req/s as a share of the reference page's: {aims['rps_share']['value']:.2f} (aim at least "
        f"{AIM_RPS_SHARE}) {'pass' if aims['rps_share']['met'] else 'FAIL'}"
    )
    lines.append(
        f"mix p95 as a multiple of the reference page's: {aims['p95_ratio']['value']:.2f} (aim at most "
        f"{AIM_P95_RATIO:g}) {'pass' if aims['p95_ratio']['met'] else 'FAIL'}"
    )
    lines.append(f"errors: {aims['errors']['value']} (aim 0) {'pass' if aims['errors']['met'] else 'FAIL'}")
    lines.append("")
    lines.append("make load: PASS" if result["passed"] else "make load: FAIL")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated signed-in people (default 50)")
    parser.add_argument("--seconds", type=int, default=120, help="length of each phase (default 120)")
    parser.add_argument("--scale", type=int, default=5, help="bench/data.py scale of the data set (default 5)")
    parser.add_argument("--database", default="rt_load", help="PostgreSQL database, dropped and made again")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", DEFAULT_WORKERS)))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", DEFAULT_THREADS)))
    parser.add_argument(
        "--conn-max-age", type=int, default=int(os.environ.get("DATABASE_CONN_MAX_AGE", DEFAULT_CONN_MAX_AGE))
    )
    parser.add_argument(
        "--reuse-data", action="store_true", help="keep the database and sessions of the last run (to try settings)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "load.json")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    env = _environment(args)
    kept = VAR / "prepared.json"
    if args.reuse_data and kept.exists() and (VAR / "people.json").exists():
        prepared = json.loads(kept.read_text(encoding="utf-8"))
        print(f"Reusing {args.database} and the sessions of the last run", flush=True)
    else:
        print(f"Preparing {args.database} (scale {args.scale}) and signing in the people of the mix...", flush=True)
        prepared = prepare(args, env)
        kept.write_text(json.dumps(prepared), encoding="utf-8")
        print(f"  built in {prepared['seconds']['build']} s: {prepared['data']}", flush=True)
    server = start_server(args.port, env)
    try:
        print(f"Server up on 127.0.0.1:{args.port}; opening every page once...", flush=True)
        opened = check_pages(args.port)
        print(f"  {opened} pages, all 200", flush=True)
        reference = run_locust("ReferenceUser", args.port, args.users, args.seconds, env)
        mix = run_locust("MixUser", args.port, args.users, args.seconds, env)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    aims, passed = verdict(reference, mix)
    result = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "users": args.users,
        "seconds": args.seconds,
        "database": f"PostgreSQL {args.database} on 127.0.0.1",
        "server": {"workers": args.workers, "threads": args.threads, "conn_max_age": args.conn_max_age},
        "prepared": prepared,
        "phases": {"reference": reference, "mix": mix},
        "aims": aims,
        "passed": passed,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    print()
    print(format_report(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON: {args.out}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
