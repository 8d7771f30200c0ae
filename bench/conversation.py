"""Conversation benchmark: a project conversation with 500 topics, one of them with 1,000 replies.

``run()`` builds, in the current database (Django set up and migrated, as bench/run.py does), a project
with 50 members, 500 topics and 1,000 replies in the busiest topic (some by phone, typed in by the
organiser, some hidden with a reason), with HTML in every text. It then measures in-process with the test
client after a warm-up: median and 95th percentile server time, and the query count of one more request.

    rows = bench.conversation.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
    python -m bench.conversation     # on its own: a fresh var/bench/scale-0/, the reference page and the rows
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid

MEMBERS = 50
TOPICS = 500
REPLIES = 1_000
SCRIPT = '<script>alert("x")</script>'


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def build():
    from django.utils import timezone

    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.conversation.models import Reply, Topic
    from roundtable.projects.models import Membership, Organisation, Project, StaffMembership

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name=f"Bench conversation {tag}", slug=f"bench-conversation-{tag}")
    organiser = User.objects.create_user(f"bench-talk-organiser-{tag}@example.com", full_name="Bench Organiser")
    StaffMembership.objects.create(organisation=organisation, user=organiser, role="organiser")
    project = Project.objects.create(
        organisation=organisation, title="Conversation bench", slug=f"talk-{tag}", status="published"
    )
    people = User.objects.bulk_create(
        [User(email=f"bench-talker-{n}-{tag}@example.com", full_name=f"Member {n}") for n in range(MEMBERS)]
    )
    CommunicationProfile.objects.bulk_create([CommunicationProfile(user=u) for u in people])
    Membership.objects.bulk_create([Membership(project=project, user=u, role="partner") for u in people])
    partner = people[0]
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        [
            Topic(
                project=project, number=n + 1, title=f"Topic {n + 1} {SCRIPT}", body=f"What do you think? {SCRIPT}",
                started_by=people[n % MEMBERS], last_active_at=now - dt.timedelta(minutes=n),
                reply_count=REPLIES if n == 0 else n % 7,
            )
            for n in range(TOPICS)
        ],
        batch_size=500,
    )  # fmt: skip
    busy = topics[0]
    Reply.objects.bulk_create(
        [
            Reply(
                topic=busy, project=project, author=people[n % MEMBERS], body=f"Reply {n} {SCRIPT}",
                channel="phone" if n % 9 == 0 else "web", entered_by=organiser if n % 9 == 0 else None,
                hidden_at=now if n % 50 == 0 else None, hidden_by=organiser if n % 50 == 0 else None,
                hidden_reason="It named a child." if n % 50 == 0 else "",
            )
            for n in range(REPLIES)
        ],
        batch_size=500,
    )  # fmt: skip
    return organiser, partner, project, busy


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    organiser, partner, project, busy = build()
    clients = {}
    for who, user in (("partner", partner), ("organiser", organiser)):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[who] = client
    base = f"/projects/{project.pk}/conversation/"
    last_page = -(-REPLIES // 50)
    targets = {
        f"the conversation with {TOPICS} topics, partner": ("partner", base),
        f"a topic with {REPLIES:,} replies, first page, partner": ("partner", f"{base}{busy.number}/"),
        f"a topic with {REPLIES:,} replies, last page, organiser": (
            "organiser", f"{base}{busy.number}/?page={last_page}"),
        "the topic's new-replies refresh": ("partner", f"{base}{busy.number}/since/?after=0"),
    }  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in targets}
    for name, (who, url) in targets.items():
        for _ in range(warmup):
            response = clients[who].get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name}: GET {url} gave {response.status_code}")
    for _ in range(runs):
        for name, (who, url) in targets.items():
            start = time.perf_counter_ns()
            clients[who].get(url)
            times[name].append((time.perf_counter_ns() - start) / 1e6)
    rows = []
    for name, (who, url) in targets.items():
        with CaptureQueriesContext(connection) as captured:
            clients[who].get(url)
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
    from bench.run import run_alone

    run_alone(run)
