"""Listening benchmark: a board of 5,000 notes and the organiser's "waiting for an answer" page.

``run()`` builds, in the current database (Django set up and migrated, as bench/run.py does), a
project with 30 members, a board of 500 notes and one of 5,000 (with dots, themes and suggestions),
2,000 old unanswered inputs of every kind, then measures in-process with the test client after a
warm-up. The two board sizes side by side show that the query count does not grow with the board.

    rows = bench.feedback.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
    python -m bench.feedback     # on its own: a fresh var/bench/scale-0/, the reference page and the rows
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid

MEMBERS = 30


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _board(project, organiser, members, n_notes: int, title: str):
    from roundtable.feedback.models import Board, Column, Note, Theme, ThemeSuggestion, Vote

    board = Board.objects.create(
        project=project, title=title, anonymity="hidden", votes_per_person=5, created_by=organiser
    )
    columns = Column.objects.bulk_create(
        [Column(project=project, board=board, title=t, order=i) for i, t in enumerate(("Works", "Does not", "Ideas"))]
    )
    themes = Theme.objects.bulk_create(
        [Theme(project=project, board=board, title=f"Theme {i}", status="confirmed") for i in range(12)]
    )
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    notes = Note.objects.bulk_create(
        [
            Note(project=project, board=board, column=columns[i % 3], text=f"Note {i}: " + "words " * 30,
                 author=members[i % len(members)], theme=themes[i % 12] if i % 4 == 0 else None, votes=i % 6,
                 created_at=old)
            for i in range(n_notes)
        ]
    )  # fmt: skip
    Vote.objects.bulk_create(
        [
            Vote(project=project, board=board, note=notes[(i * 7) % n_notes], voter=m)
            for i, m in enumerate(members)
            for _ in range(1)
        ]
    )
    ThemeSuggestion.objects.bulk_create(
        [
            ThemeSuggestion(project=project, note=notes[i], theme=themes[i % 12], suggested_by=members[0])
            for i in range(0, n_notes, 50)
        ]
    )
    return board


def build():
    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.feedback.models import Barrier, Feedback
    from roundtable.projects.models import Membership, Organisation, Project, StaffMembership

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name=f"Bench listening {tag}", slug=f"bench-listening-{tag}")
    organiser = User.objects.create_user(f"bench-fb-organiser-{tag}@example.com", full_name="Bench Organiser")
    StaffMembership.objects.create(organisation=organisation, user=organiser, role="organiser")
    members = User.objects.bulk_create(
        [User(email=f"bench-fb-m{n}-{tag}@example.com", full_name=f"Member {n}") for n in range(MEMBERS)]
    )
    CommunicationProfile.objects.bulk_create([CommunicationProfile(user=u) for u in members])
    project = Project.objects.create(
        organisation=organisation, title="Bench listening", slug="bench", status="published", created_by=organiser
    )
    Membership.objects.bulk_create([Membership(project=project, user=u) for u in members])
    small = _board(project, organiser, members, 500, "Small board")
    large = _board(project, organiser, members, 5000, "Large board")
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    Barrier.objects.bulk_create(
        [Barrier(project=project, raised_by=members[i % MEMBERS], category="meeting_times", description=f"Barrier {i}",
                 owner=organiser, due_on=old.date(), created_at=old) for i in range(1000)]
    )  # fmt: skip
    Feedback.objects.bulk_create([Feedback(project=project, text=f"Feedback {i}", created_at=old) for i in range(1000)])
    return organiser, members[0], project, small, large


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    organiser, partner, project, small, large = build()
    clients = {}
    for who, user in (("organiser", organiser), ("partner", partner)):
        clients[who] = Client()
        clients[who].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    p = project.pk
    targets = {
        "board, 500 notes, partner": (clients["partner"], f"/projects/{p}/boards/{small.pk}/"),
        "board, 5,000 notes, partner": (clients["partner"], f"/projects/{p}/boards/{large.pk}/"),
        "board, 5,000 notes, organiser": (clients["organiser"], f"/projects/{p}/boards/{large.pk}/"),
        "board, 5,000 notes, htmx refresh": (clients["partner"], f"/projects/{p}/boards/{large.pk}/?part=notes"),
        "waiting for an answer (7,500 inputs)": (clients["organiser"], f"/projects/{p}/you-said-we-did/waiting/"),
        "barriers, organiser (1,000)": (clients["organiser"], f"/projects/{p}/barriers/"),
    }
    headers = {"board, 5,000 notes, htmx refresh": {"HX-Request": "true"}}
    for name, (client, url) in targets.items():
        for _ in range(warmup):
            response = client.get(url, headers=headers.get(name, {}))
            if response.status_code != 200:
                raise SystemExit(f"{name}: GET {url} gave {response.status_code}")
    rows = []
    for name, (client, url) in targets.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url, headers=headers.get(name, {}))
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, headers=headers.get(name, {}))
        rows.append(
            {
                "name": name,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(_percentile(times, 0.95), 1),
                "queries": len(ctx.captured_queries),
            }
        )
    return rows


if __name__ == "__main__":
    from bench.run import run_alone

    run_alone(run)
