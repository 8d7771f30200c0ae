"""Credits benchmark: "my contributions" with 2,000 entries and "the people behind this project" with 500 people.

``run()`` builds, in the current database (Django set up and migrated, as bench/run.py does), a person
with 2,000 contributions (every type, degree and status) across 20 projects of 5 organisations and
named in 20 outputs, and a project with 500 contributors whose profiles use every naming choice. It
then measures in-process with the test client after a warm-up: median and 95th percentile server
time, and the query count of one more request. The certificate (a PDF built from the same 2,000
entries) is measured beside them.

    rows = bench.credits.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid
from decimal import Decimal

ORGANISATIONS = 5
PROJECTS = 20
ENTRIES = 2_000
CONTRIBUTORS = 500
OUTPUTS = 20


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def build():
    from roundtable.accounts.models import CommunicationProfile, Naming, User
    from roundtable.credits.models import Contribution, ContributionType, Degree, Output, OutputCredit
    from roundtable.credits.services import contribution_types_sync
    from roundtable.projects.models import Membership, Organisation, Project, StaffMembership

    contribution_types_sync()
    types = list(ContributionType.objects.all())
    degrees = list(Degree.values)
    statuses = [Contribution.Status.CONFIRMED] * 3 + [Contribution.Status.SUGGESTED, Contribution.Status.DECLINED]
    namings = list(Naming.values)
    tag = uuid.uuid4().hex[:8]
    today = dt.date.today()

    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench credits {n} {tag}", slug=f"bench-credits-{n}-{tag}") for n in range(ORGANISATIONS)]
    )
    person = User.objects.create_user(f"bench-credited-{tag}@example.com", full_name="Łucja Nowak", known_as="Łucja")
    organiser = User.objects.create_user(f"bench-credits-organiser-{tag}@example.com", full_name="Bench Organiser")
    StaffMembership.objects.bulk_create(
        [StaffMembership(organisation=o, user=organiser, role="organiser") for o in organisations]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                organisation=organisations[n % ORGANISATIONS],
                title=f"Credits project {n}",
                slug=f"credits-{n}-{tag}",
                status="published",
            )
            for n in range(PROJECTS)
        ]
    )
    others = User.objects.bulk_create(
        [
            User(email=f"bench-credit-{n}-{tag}@example.com", full_name=f"Contributor {n} Surname", known_as="")
            for n in range(CONTRIBUTORS - 1)
        ],
        batch_size=500,
    )
    CommunicationProfile.objects.bulk_create(
        [
            CommunicationProfile(
                user=u,
                naming=namings[i % len(namings)],
                pseudonym=f"Made-up {i}" if namings[i % len(namings)] == Naming.PSEUDONYM else "",
            )
            for i, u in enumerate([person, *others])
        ],
        batch_size=500,
    )
    Membership.objects.bulk_create(
        [Membership(project=p, user=person, role="partner") for p in projects]
        + [Membership(project=projects[0], user=u, role="partner") for u in others],
        batch_size=500,
    )
    mine = Contribution.objects.bulk_create(
        [
            Contribution(
                person=person,
                project=projects[i % PROJECTS],
                type=types[i % len(types)],
                degree=degrees[i % len(degrees)],
                date=today - dt.timedelta(days=i // 4),
                description=f"Helped with part {i} of the work, in a few plain words.",
                hours=Decimal(i % 7) / 2 if i % 5 else None,
                source=Contribution.Source.ORGANISER,
                status=statuses[i % len(statuses)],
                created_by=organiser,
            )
            for i in range(ENTRIES)
        ],
        batch_size=500,
    )
    # The big project: everyone else helped once or twice, of one or two kinds.
    Contribution.objects.bulk_create(
        [
            Contribution(
                person=u,
                project=projects[0],
                type=types[(i + k) % len(types)],
                degree=degrees[i % len(degrees)],
                date=today - dt.timedelta(days=i % 300),
                description="Came to a meeting.",
                hours=Decimal("1.5"),
                source=Contribution.Source.ATTENDANCE,
                status=Contribution.Status.CONFIRMED,
                created_by=organiser,
            )
            for i, u in enumerate(others)
            for k in range(1 + i % 2)
        ],
        batch_size=500,
    )
    outputs = Output.objects.bulk_create(
        [
            Output(project=projects[n], kind="report", title=f"Report {n}", status="published", created_by=organiser)
            for n in range(OUTPUTS)
        ]
    )
    through = Output.contributions.through
    confirmed = [c for c in mine if c.status == Contribution.Status.CONFIRMED]
    through.objects.bulk_create(
        [
            through(output_id=o.pk, contribution_id=c.pk)
            for o in outputs
            for c in confirmed
            if c.project_id == o.project_id
        ],
        batch_size=1000,
    )
    OutputCredit.objects.bulk_create([OutputCredit(output=o, person=person, naming=Naming.FIRST_NAME) for o in outputs])
    return person, organiser, projects[0]


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    person, organiser, project = build()
    partner_client = Client()
    partner_client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    organiser_client = Client()
    organiser_client.force_login(organiser, backend="django.contrib.auth.backends.ModelBackend")
    targets = {
        f"my contributions ({ENTRIES:,} entries, {PROJECTS} projects)": (partner_client, "/my-contributions/"),
        f"certificate PDF ({ENTRIES:,} entries)": (partner_client, "/my-contributions/certificate.pdf"),
        f"people behind a project ({CONTRIBUTORS} people), member": (
            partner_client,
            f"/projects/{project.pk}/people-behind-it/",
        ),
        f"people behind a project ({CONTRIBUTORS} people), organiser": (
            organiser_client,
            f"/projects/{project.pk}/people-behind-it/",
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    for name, (client, url) in targets.items():
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name}: GET {url} gave {response.status_code}")
    for _ in range(runs):
        for name, (client, url) in targets.items():
            start = time.perf_counter_ns()
            client.get(url)
            times[name].append((time.perf_counter_ns() - start) / 1e6)
    rows = []
    for name, (client, url) in targets.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        rows.append(
            {
                "name": name,
                "median_ms": round(statistics.median(times[name]), 2),
                "p95_ms": round(_percentile(times[name], 0.95), 2),
                "queries": len(captured.captured_queries),
            }
        )
    return rows


if __name__ == "__main__":  # python -m bench.credits: a quick run on a fresh SQLite file
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="bench-credits-")
    os.environ.setdefault("ROUNDTABLE_TESTING", "true")
    os.environ["ROUNDTABLE_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "roundtable.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    for row in run():
        print(
            f"{row['name']:<55} {row['median_ms']:>8.2f} ms  p95 {row['p95_ms']:>8.2f} ms  {row['queries']:>3} queries"
        )
