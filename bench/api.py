"""API benchmark: the list endpoints of /api/v1/ over a large organisation (issue 21).

``run()`` builds, in the current database (Django set up and migrated, as bench/run.py does), an organisation
with ``PROJECTS`` projects, ``CLAIMS`` sent claims (``BENCH_API_CLAIMS`` to change; 20,000 by default, ten times
the payments bench's one organisation), a year of nightly health snapshots for 20 projects (73,000 rows) and
another organisation with as many claims again (so every list must pick its own rows). An admin's token with
every scope reads, with ``Authorization: Bearer``, 50 rows a page:

* projects, claims (first page, a page half-way down by its cursor, approved only), health figures, one
  project's members, its contributions (``CONTRIBUTIONS``), its outputs (``OUTPUTS``) and one of them (naming 20
  people) and its monthly health trends over a year of nightly figures.

Each request checks the token, counts it against the rate limit and audits its use, as in the product.
Rows: [{"name", "median_ms", "p95_ms", "queries"}]; bench/run.py sets them beside the reference page.

    python -m bench.api      # on its own: builds var/bench/, prints the rows and the reference
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from decimal import Decimal

PROJECTS = 200
CLAIMS = int(os.environ.get("BENCH_API_CLAIMS", "20000"))
HEALTH_PROJECTS = 20
DAYS = 365
MEMBERS = 300
CONTRIBUTIONS = 2000
OUTPUTS = 60


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _organisation(name: str, email: str):
    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.health.models import HealthSnapshot
    from roundtable.payments.models import Claim
    from roundtable.projects.models import Membership, Project
    from roundtable.projects.services import organisation_create

    admin = User.objects.create_user(email=email, full_name=f"{name} Admin")
    organisation = organisation_create(actor=admin, name=name)
    projects = Project.objects.bulk_create(
        [
            Project(organisation=organisation, title=f"Project {n}", slug=f"project-{n}", status="published")
            for n in range(PROJECTS)
        ]
    )
    people = User.objects.bulk_create(
        [User(email=f"{n}.{email}", full_name=f"Partner {n} of {name}") for n in range(MEMBERS)]
    )
    CommunicationProfile.objects.bulk_create(
        [
            CommunicationProfile(user=p, naming=("not_named" if n % 10 == 0 else "first_name"))
            for n, p in enumerate(people)
        ]
    )
    Membership.objects.bulk_create([Membership(project=projects[0], user=p) for p in people])
    today = dt.date(2026, 3, 1)
    Claim.objects.bulk_create(
        [
            Claim(
                organisation=organisation,
                project=projects[n % PROJECTS],
                claimant=people[n % MEMBERS],
                kind="time",
                status="approved" if n % 3 == 0 else "submitted",
                work_date=today - dt.timedelta(days=n % 365),
                activity="Read the draft leaflet",
                hours=Decimal("2"),
                amount=Decimal("50.00"),
                payable=Decimal("50.00"),
            )
            for n in range(CLAIMS)
        ],
        batch_size=2000,
    )
    HealthSnapshot.objects.bulk_create(
        [
            HealthSnapshot(
                project=projects[p], taken_on=today - dt.timedelta(days=d), sign=s, rating="good", value=Decimal("1")
            )
            for p in range(HEALTH_PROJECTS)
            for d in range(DAYS)
            for s in range(1, 11)
        ],
        batch_size=5000,
    )
    _credit(projects[0], people)
    return organisation, admin, projects[0]


def _credit(project, people) -> None:
    """``CONTRIBUTIONS`` confirmed contributions by the project's members, and ``OUTPUTS`` published outputs
    each drawing on 20 of them (so each names up to 20 people, as each chose)."""
    from django.utils import timezone

    from roundtable.credits.models import Contribution, ContributionType, Output, OutputCredit
    from roundtable.credits.services import contribution_types_sync

    contribution_types_sync()
    kinds = list(ContributionType.objects.all())
    made = Contribution.objects.bulk_create(
        [
            Contribution(
                person=people[n % MEMBERS], project=project, type=kinds[n % len(kinds)], degree="supporting",
                date=dt.date(2026, 3, 1) - dt.timedelta(days=n % 365), hours=Decimal("1.5"), source="organiser",
                status="confirmed",
            )
            for n in range(CONTRIBUTIONS)
        ],
        batch_size=2000,
    )  # fmt: skip
    now = timezone.now()
    outputs = Output.objects.bulk_create(
        [Output(project=project, kind="report", title=f"Report {n}", status="published", published_at=now)
         for n in range(OUTPUTS)]
    )  # fmt: skip
    links, credits = [], []
    for n, output in enumerate(outputs):
        drawn = made[n * 20 : n * 20 + 20]
        links += [Output.contributions.through(output=output, contribution=c) for c in drawn]
        credits += [
            OutputCredit(output=output, person_id=pid, naming="first_name") for pid in {c.person_id for c in drawn}
        ]
    Output.contributions.through.objects.bulk_create(links, batch_size=2000)
    OutputCredit.objects.bulk_create(credits, batch_size=2000)


def build():
    """Both organisations; returns (the raw token of the first one's admin, its first project)."""
    from roundtable.api.services import token_create

    organisation, admin, project = _organisation("Benchmarked API organisation", "api-admin@bench.example")
    _organisation("Another API organisation", "api-other@bench.example")
    raw = token_create(
        actor=admin,
        organisation=organisation,
        name="Bench",
        role="admin",
        scopes=["read:projects", "read:payments", "write:payments", "read:health"],
        days=30,
    ).raw
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return raw, project


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from roundtable.api.paging import encode_cursor
    from roundtable.credits.models import Output
    from roundtable.payments.models import Claim

    raw, project = build()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    middle = Claim.objects.filter(organisation=project.organisation_id).order_by("pk").values_list("pk", flat=True)
    middle_id = middle[CLAIMS // 2]
    last_output = Output.objects.filter(project=project).order_by("pk").values_list("pk", flat=True).last()
    targets = {
        f"API projects ({PROJECTS})": "/api/v1/projects",
        f"API claims ({CLAIMS:,}), first page": "/api/v1/claims",
        f"API claims ({CLAIMS:,}), half-way": f"/api/v1/claims?cursor={encode_cursor(middle_id)}",
        f"API claims ({CLAIMS:,}), approved": "/api/v1/claims?status=approved",
        f"API health figures ({HEALTH_PROJECTS * DAYS * 10:,})": "/api/v1/health?since=2026-01-01",
        f"API members ({MEMBERS})": f"/api/v1/projects/{project.pk}/members",
        f"API contributions ({CONTRIBUTIONS:,})": f"/api/v1/projects/{project.pk}/contributions",
        f"API outputs ({OUTPUTS})": f"/api/v1/projects/{project.pk}/outputs",
        "API one output (20 people)": f"/api/v1/projects/{project.pk}/outputs/{last_output}",
        f"API health trends ({DAYS} nights, 12 months)": f"/api/v1/projects/{project.pk}/health/trends",
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    rows = []
    with override_settings(API_RATE_LIMIT=10**9):
        for name, url in targets.items():
            for _ in range(warmup):
                response = client.get(url)
                full = "items" not in response.json() or len(response.json()["items"]) == 50
                if response.status_code != 200 or not full:
                    raise SystemExit(f"{name}: GET {url} gave {response.status_code}: {response.content[:200]!r}")
        for _ in range(runs):
            for name, url in targets.items():
                start = time.perf_counter_ns()
                client.get(url)
                times[name].append((time.perf_counter_ns() - start) / 1e6)
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
