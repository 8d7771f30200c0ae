"""Decisions benchmark: a proposal with 500 voters and a decision log with 1,000 decisions.

``run()`` builds, in the current database (Django set up and migrated, as bench/run.py does), a project with
500 members (partners and professionals) who have all voted on one proposal, and 1,000 closed proposals. It
then measures in-process with the test client after a warm-up: median and 95th percentile server time, and
the query count of one more request.

    rows = bench.decisions.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid

VOTERS = 500
DECISIONS = 1_000


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def build():
    from django.utils import timezone

    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.decisions.models import Option, Proposal, Vote
    from roundtable.projects.models import Membership, Organisation, Project, StaffMembership

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name=f"Bench decisions {tag}", slug=f"bench-decisions-{tag}")
    organiser = User.objects.create_user(f"bench-decisions-organiser-{tag}@example.com", full_name="Bench Organiser")
    StaffMembership.objects.create(organisation=organisation, user=organiser, role="organiser")
    project = Project.objects.create(
        organisation=organisation, title="Decisions bench", slug=f"decisions-{tag}", status="published"
    )
    people = User.objects.bulk_create(
        [User(email=f"bench-voter-{n}-{tag}@example.com", full_name=f"Voter {n}") for n in range(VOTERS)],
        batch_size=500,
    )
    CommunicationProfile.objects.bulk_create([CommunicationProfile(user=u) for u in people], batch_size=500)
    Membership.objects.bulk_create(
        [
            Membership(project=project, user=u, role="partner" if n % 3 else "professional")
            for n, u in enumerate(people)
        ],
        batch_size=500,
    )
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                project=project,
                number=n + 1,
                question=f"Decision {n + 1}: should we do this?",
                kind="one",
                closes_at=now - dt.timedelta(days=1) if n else now + dt.timedelta(days=7),
                state="closed" if n else "open",
                outcome="We agreed." if n else "",
                result="Yes" if n else "",
                partners_result="Yes" if n else "",
                review_on=(now + dt.timedelta(days=30)).date() if n % 2 else None,
            )
            for n in range(DECISIONS)
        ],
        batch_size=500,
    )
    big = proposals[0]
    yes, no = Option.objects.bulk_create(
        [Option(proposal=big, position=1, text="Yes"), Option(proposal=big, position=2, text="No")]
    )
    Vote.objects.bulk_create(
        [
            Vote(
                proposal=big,
                person=u,
                side="partner" if n % 3 else "staff",
                choice=[[(yes if n % 2 else no).pk, 1]],
            )
            for n, u in enumerate(people)
        ],
        batch_size=500,
    )
    return organiser, project, big


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    organiser, project, big = build()
    client = Client()
    client.force_login(organiser, backend="django.contrib.auth.backends.ModelBackend")
    targets = {
        f"a proposal with {VOTERS} voters, organiser": f"/projects/{project.pk}/decisions/{big.number}/",
        f"the decision log with {DECISIONS:,} decisions": f"/projects/{project.pk}/decisions/",
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    for name, url in targets.items():
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
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
