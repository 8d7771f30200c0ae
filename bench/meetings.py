"""Meetings benchmark: the meeting page and a person's calendar feed at scale.

A person takes part in 20 projects with 500 meetings between them (25 each, every one with an agenda
of 4 items, 2 papers and, for past ones, a register of 12 people), plus 10 milestones per project.
``run()`` builds that in the current database with bulk_create (Django must already be set up and
migrated, as bench/run.py does), then measures in-process with the test client after a warm-up:
median and 95th percentile server time, and the query count of one more request.

    rows = bench.meetings.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid

PROJECTS = 20
MEETINGS_PER_PROJECT = 25
MEMBERS_PER_PROJECT = 12


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def build():
    from django.utils import timezone

    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.meetings.models import AgendaItem, Attendance, CalendarSettings, Meeting, Paper
    from roundtable.projects.models import Membership, Milestone, Organisation, Project, StaffMembership

    tag = uuid.uuid4().hex[:8]
    now = timezone.now()
    organisation = Organisation.objects.create(name=f"Bench meetings {tag}", slug=f"bench-meetings-{tag}")
    person = User.objects.create_user(f"bench-partner-{tag}@example.com", full_name="Bench Partner")
    organiser = User.objects.create_user(f"bench-organiser-{tag}@example.com", full_name="Bench Organiser")
    StaffMembership.objects.create(organisation=organisation, user=organiser, role="organiser")
    others = User.objects.bulk_create(
        [User(email=f"bench-m{n}-{tag}@example.com", full_name=f"Member {n}") for n in range(MEMBERS_PER_PROJECT - 1)]
    )
    CommunicationProfile.objects.bulk_create(
        [
            CommunicationProfile(user=u, formats=["easy_read"] if i % 3 == 0 else [], notice_days=7 + i % 5)
            for i, u in enumerate([person, *others])
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(organisation=organisation, title=f"Project {n}", slug=f"p-{n}", status="published")
            for n in range(PROJECTS)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(project=p, user=u, role="partner") for p in projects for u in [person, *others]]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(project=p, title=f"Milestone {n}", due=now.date() + dt.timedelta(days=30 * n))
            for p in projects
            for n in range(10)
        ]
    )
    meetings = []
    for p in projects:
        for n in range(MEETINGS_PER_PROJECT):
            start = now + dt.timedelta(days=7 * n - 60, hours=n % 5)
            meetings.append(
                Meeting(
                    project=p,
                    title=f"Meeting {n}",
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=90),
                    join_url="https://meet.example/x",
                    created_by=organiser,
                    sequence=n % 3,
                    actual_started_at=start if start < now else None,
                    actual_ended_at=start + dt.timedelta(minutes=100) if start < now else None,
                )
            )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=500)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(project_id=m.project_id, meeting=m, order=i, title=f"Item {i}", minutes=20)
            for m in meetings
            for i in range(4)
        ],
        batch_size=1000,
    )
    Paper.objects.bulk_create(
        [
            Paper(
                project_id=m.project_id,
                meeting=m,
                title=f"Paper {i}",
                file=f"meetings/bench/{m.pk}-{i}.pdf",
                original_name="p.pdf",
                content_type="application/pdf",
                size=1000,
                released_at=m.starts_at - dt.timedelta(days=8),
                deadline_at=m.starts_at - dt.timedelta(days=7),
            )
            for m in meetings
            for i in range(2)
        ],
        batch_size=1000,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(project_id=m.project_id, meeting=m, user=u, role="partner", status="attended", mode="online")
            for m in meetings
            if m.actual_started_at
            for u in [person, *others]
        ],
        batch_size=1000,
    )
    token = CalendarSettings.objects.create(user=person, reminder_minutes=[1440, 60], reminders_chosen=True).feed_token
    upcoming = next(m for m in meetings if m.starts_at > now)
    return person, organiser, upcoming, token


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    person, organiser, meeting, token = build()
    partner_client = Client()
    partner_client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    organiser_client = Client()
    organiser_client.force_login(organiser, backend="django.contrib.auth.backends.ModelBackend")
    page = f"/projects/{meeting.project_id}/meetings/{meeting.pk}/"
    targets = {
        "meeting page, partner": (partner_client, page),
        "meeting page, organiser": (organiser_client, page),
        "meetings list, organiser": (organiser_client, f"/projects/{meeting.project_id}/meetings/"),
        "calendar feed (20 projects, 500 meetings)": (Client(), f"/calendar/{token}.ics"),
        "calendar feed, first build (cache empty)": (Client(), f"/calendar/{token}.ics"),
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    for name, (client, url) in targets.items():
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name}: GET {url} gave {response.status_code}")
    for _ in range(runs):
        for name, (client, url) in targets.items():
            if "cache empty" in name:
                cache.clear()
            start = time.perf_counter_ns()
            client.get(url)
            times[name].append((time.perf_counter_ns() - start) / 1e6)
    rows = []
    for name, (client, url) in targets.items():
        if "cache empty" in name:
            cache.clear()
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


if __name__ == "__main__":  # python -m bench.meetings: a quick run on a fresh SQLite file
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="bench-meetings-")
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
            f"{row['name']:<45} {row['median_ms']:>8.2f} ms  p95 {row['p95_ms']:>8.2f} ms  {row['queries']:>3} queries"
        )
