"""Health check benchmark: the organisation's table with 50 projects, and a project's page with a year of history.

``run()`` builds, in the current database (Django set up and migrated, as bench/run.py does):

* an organisation with 50 published projects, each with a year of nightly snapshots (10 signs a day), and a
  co-production lead who opens ``/organisations/<slug>/health/``;
* one project with a year of history: 40 partners and 5 staff, 24 meetings with the register taken and three
  papers each (sent to everyone, some late), a check-in after each meeting with answers, 60 barriers, 240
  claims, 20 decisions that everyone voted on, and a year of snapshots; its organiser opens
  ``/projects/<id>/health/``, which reads the project's kept measurement (one row), measured live only on a
  first visit (a row of its own).

The organisation's page reads each project's kept summary of its snapshots (``HealthSummary``, kept by the
nightly job); the snapshots here are written in bulk, so the warm-up sums them up, and a row of its own
measures the page summing every project up afresh.

It measures in-process with the test client after a warm-up: median and 95th percentile server time, and
the query count of one more request (bench/run.py sets them beside the reference page).

    rows = bench.health.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid
from decimal import Decimal

PROJECTS = 50
PARTNERS = 40
STAFF = 5
MEETINGS = 24
DAYS = 365


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _snapshots(projects, today: dt.date, days: int):
    from roundtable.health.models import HealthSnapshot, Rating

    ratings = [Rating.GOOD, Rating.GOOD, Rating.ATTENTION, Rating.AT_RISK, Rating.NOT_ENOUGH]
    rows = [
        HealthSnapshot(
            project=project,
            taken_on=today - dt.timedelta(days=back),
            sign=sign,
            rating=ratings[(n + sign + back // 30) % len(ratings)],
            value=Decimal(50 + (n * 7 + sign * 3 + back) % 50),
            evidence=5,
            summary="Measured from the record.",
        )
        for n, project in enumerate(projects)
        for back in range(1, days + 1)
        for sign in range(1, 11)
    ]
    HealthSnapshot.objects.bulk_create(rows, batch_size=2_000)


def build():
    from django.utils import timezone

    from roundtable.accounts.models import CommunicationProfile, User
    from roundtable.decisions.models import Option, Proposal, Vote
    from roundtable.feedback.models import Barrier, CheckIn, CheckInAnswer
    from roundtable.meetings.models import Attendance, Meeting, Paper, PaperRecipient
    from roundtable.payments.models import Claim
    from roundtable.projects.models import Membership, Organisation, Project, StaffMembership

    tag = uuid.uuid4().hex[:8]
    now = timezone.now()
    today = timezone.localdate(now)
    organisation = Organisation.objects.create(name=f"Bench health {tag}", slug=f"bench-health-{tag}")
    lead = User.objects.create_user(f"bench-health-lead-{tag}@example.com", full_name="Bench Lead")
    organiser = User.objects.create_user(f"bench-health-organiser-{tag}@example.com", full_name="Bench Organiser")
    StaffMembership.objects.create(organisation=organisation, user=lead, role="lead")
    StaffMembership.objects.create(organisation=organisation, user=organiser, role="organiser")
    projects = Project.objects.bulk_create(
        [
            Project(
                organisation=organisation,
                title=f"Health project {n}",
                slug=f"health-{n}-{tag}",
                status="published",
                published_at=now - dt.timedelta(days=DAYS),
                outcome_due=today + dt.timedelta(days=60),
            )
            for n in range(PROJECTS)
        ]
    )
    _snapshots(projects, today, DAYS)

    project = projects[0]
    partners = User.objects.bulk_create(
        [User(email=f"bench-health-{n}-{tag}@example.com", full_name=f"Partner {n}") for n in range(PARTNERS)]
    )
    staff = User.objects.bulk_create(
        [User(email=f"bench-health-staff-{n}-{tag}@example.com", full_name=f"Staff {n}") for n in range(STAFF)]
    )
    CommunicationProfile.objects.bulk_create([CommunicationProfile(user=u) for u in [*partners, *staff]])
    joined = now - dt.timedelta(days=DAYS)
    Membership.objects.bulk_create(
        [Membership(project=project, user=u, role="partner", joined_at=joined) for u in partners]
        + [Membership(project=project, user=u, role="professional", joined_at=joined) for u in staff]
    )
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                project=project,
                title=f"Meeting {n + 1}",
                starts_at=now - dt.timedelta(days=DAYS - 15 * n),
                ends_at=now - dt.timedelta(days=DAYS - 15 * n, hours=-2),
                created_by=organiser,
                attendance_recorded_at=now - dt.timedelta(days=DAYS - 15 * n - 1),
                attendance_recorded_by=organiser,
            )
            for n in range(MEETINGS)
        ]
    )
    people = [(u, "partner") for u in partners] + [(u, "staff") for u in staff]
    Attendance.objects.bulk_create(
        [
            Attendance(
                project=project,
                meeting=m,
                user=u,
                role=role,
                status="attended" if (i + n) % 4 else "apologies",
                mode="in_person" if (i + n) % 4 else "",
                paid_work_time=role == "staff",
                recorded_by=organiser,
                recorded_at=m.ends_at,
            )
            for n, m in enumerate(meetings)
            for i, (u, role) in enumerate(people)
        ],
        batch_size=1_000,
    )
    papers = Paper.objects.bulk_create(
        [
            Paper(
                project=project,
                meeting=m,
                title=f"Paper {k + 1} for {m.title}",
                file=f"papers/bench-{n}-{k}.pdf",
                original_name="paper.pdf",
                content_type="application/pdf",
                size=1_000,
                uploaded_by=organiser,
                released_at=m.starts_at - dt.timedelta(days=8 if (n + k) % 5 else 3),
                deadline_at=m.starts_at - dt.timedelta(days=7),
                is_late=not (n + k) % 5,
            )
            for n, m in enumerate(meetings)
            for k in range(3)
        ]
    )
    PaperRecipient.objects.bulk_create(
        [
            PaperRecipient(project=project, paper=p, user=u, released_at=p.released_at, is_late=p.is_late)
            for p in papers
            for u, _role in people
        ],
        batch_size=1_000,
    )
    check_ins = CheckIn.objects.bulk_create(
        [
            CheckIn(project=project, meeting=m, opens_at=m.ends_at, closes_at=m.ends_at + dt.timedelta(days=7))
            for m in meetings
        ]
    )
    CheckInAnswer.objects.bulk_create(
        [
            CheckInAnswer(
                project=project,
                check_in=c,
                person=u,
                heard=1 + (i + n) % 5,
                papers_in_time=1 + i % 5,
                valued=1 + (i * 3 + n) % 5,
                feeling=3,
                feeling_text="It was fine." if i % 3 else "",
            )
            for n, c in enumerate(check_ins)
            for i, u in enumerate(partners[:30])
        ],
        batch_size=1_000,
    )
    Barrier.objects.bulk_create(
        [
            Barrier(
                project=project,
                raised_by=partners[n % PARTNERS],
                category="meeting_times",
                description="The meeting time clashes with the school run.",
                owner=organiser,
                due_on=today - dt.timedelta(days=DAYS - 6 * n - 7),
                status="responded" if n % 3 else "open",
                response="We moved the time." if n % 3 else "",
                responded_at=now - dt.timedelta(days=DAYS - 6 * n - 5) if n % 3 else None,
            )
            for n in range(60)
        ]
    )
    Claim.objects.bulk_create(
        [
            Claim(
                organisation=organisation,
                project=project,
                claimant=partners[n % PARTNERS],
                kind="time",
                status="approved" if n % 4 else "submitted",
                meeting=meetings[n % MEETINGS],
                work_date=timezone.localdate(meetings[n % MEETINGS].starts_at),
                activity="Meeting",
                hours=Decimal("2"),
                amount=Decimal("50.00"),
                currency="GBP",
                payable=Decimal("50.00"),
                created_by=organiser,
                submitted_at=meetings[n % MEETINGS].ends_at,
            )
            for n in range(240)
        ],
        batch_size=1_000,
    )
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                project=project,
                number=n + 1,
                question=f"Decision {n + 1}: should we do this?",
                kind="one",
                closes_at=now - dt.timedelta(days=DAYS - 18 * n),
                state="closed",
                closed_at=now - dt.timedelta(days=DAYS - 18 * n),
                outcome="We agreed.",
                result="Yes",
                partners_result="Yes",
                partners_voted=PARTNERS,
                created_by=organiser,
            )
            for n in range(20)
        ]
    )
    options = Option.objects.bulk_create([Option(proposal=p, position=1, text="Yes") for p in proposals])
    Vote.objects.bulk_create(
        [
            Vote(proposal=p, person=u, side="partner" if role == "partner" else "staff", choice=[[o.pk, 1]])
            for p, o in zip(proposals, options, strict=True)
            for u, role in people
        ],
        batch_size=1_000,
    )
    return organisation, lead, organiser, project


def run(runs: int = 30, warmup: int = 3) -> list[dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from roundtable.health.models import HealthMeasurement, HealthSummary

    organisation, lead, organiser, project = build()
    as_lead, as_organiser = Client(), Client()
    as_lead.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    as_organiser.force_login(organiser, backend="django.contrib.auth.backends.ModelBackend")
    project_url = f"/projects/{project.pk}/health/"
    organisation_url = f"/organisations/{organisation.slug}/health/"
    # name -> (client, url, before): "before" is done ahead of each timed request, untimed:
    # * "clear": empties the cache, so the page is drawn anew from what is kept in the database;
    # * "sum": also removes the projects' kept summaries of their snapshots (``HealthSummary``), so the
    #   organisation's page sums every project up from its snapshots and keeps them (projects whose snapshots
    #   were written without the nightly job, which keeps them: docs/health.md, "The kept measurement");
    # * "first": also removes the project's kept measurement, so the page measures every sign live and keeps
    #   it (a project's first visit in a language, then once per change through the worker: docs/health.md,
    #   "The kept measurement"). Its own aim: a fixed number of queries, not 3x.
    # The plain rows are the pages as most visits get them.
    targets = {
        f"organisation health, {PROJECTS} projects": (as_lead, organisation_url, ""),
        f"organisation health, {PROJECTS} projects, drawn afresh": (as_lead, organisation_url, "clear"),
        f"organisation health, {PROJECTS} projects, summed up afresh": (as_lead, organisation_url, "sum"),
        "project health, a year of history": (as_organiser, project_url, ""),
        "project health, kept measurement, drawn afresh": (as_organiser, project_url, "clear"),
        "project health, first visit, measured live": (as_organiser, project_url, "first"),
    }

    def prepare(before: str) -> None:
        if before:
            cache.clear()
        if before == "first":
            HealthMeasurement.objects.filter(project=project).delete()
        if before == "sum":
            HealthSummary.objects.filter(project__organisation=organisation).delete()

    times: dict[str, list[float]] = {name: [] for name in targets}
    for name, (client, url, _before) in targets.items():
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name}: GET {url} gave {response.status_code}")
    # The kept pages first, then the others: emptying the cache for one would empty it for all.
    for kept_pass in (True, False):
        for _ in range(runs):
            for name, (client, url, before) in targets.items():
                if (not before) != kept_pass:
                    continue
                prepare(before)
                start = time.perf_counter_ns()
                client.get(url)
                times[name].append((time.perf_counter_ns() - start) / 1e6)
    rows = []
    for name, (client, url, before) in targets.items():
        if before:
            prepare(before)
        else:
            client.get(url)  # kept again after an earlier row emptied the cache
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


if __name__ == "__main__":  # python -m bench.health: alone, beside the reference page, on a fresh SQLite file
    from bench.run import run_alone

    run_alone(run)
