"""Payments benchmark: a payment run over 100,000 approved claims, marking it paid, and check_ledger at that size.

``run()`` builds the data in the current database with bulk_create (Django must already be set up and
migrated, as bench/run.py does): one organisation, 1,000 people, 100,000 approved time claims with their
"owed" ledger rows. Making the run and marking it paid are one-off acts, so each is timed once on fresh
data; check_ledger is timed ``runs`` times after ``warmup``. Query counts come from CaptureQueriesContext.

The worker's tasks are held back while the run is made and paid, as a real worker picks them up later:
under ``ROUNDTABLE_TESTING`` tasks run at once, so the row for marking a run paid also timed the worker
delivering the 1,000 "we have paid you" messages through the in-memory email backend (which cannot say
what it has sent, so each email's outcome is written as soon as it goes: 4,000 of its 4,093 queries).
Delivering a fan-out is measured by ``bench/fanout.py``.

    rows = bench.payments.run()   # [{"name", "median_ms", "p95_ms", "queries"}, ...]
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid
from decimal import Decimal

CLAIMS = 100_000
PEOPLE = 1_000


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def build(claims: int = CLAIMS, people: int = PEOPLE):
    from django.utils import timezone

    from roundtable.accounts.models import User
    from roundtable.payments.models import Claim, LedgerEntry, PaymentChoice
    from roundtable.projects.models import Organisation, Project

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name=f"Bench payments {tag}", slug=f"bench-payments-{tag}")
    finance = User.objects.create_user(f"bench-finance-{tag}@example.com", full_name="Bench Finance")
    project = Project.objects.create(organisation=organisation, title="Bench", slug=f"bench-{tag}", status="published")
    users = User.objects.bulk_create(
        [User(email=f"bench-pay-{n}-{tag}@example.com", full_name=f"Partner {n}") for n in range(people)],
        batch_size=1000,
    )
    PaymentChoice.objects.bulk_create(  # a run cannot be paid until everyone in it has a payee number
        [PaymentChoice(user=u, choice="bank", payee_reference=f"BENCH-{n}") for n, u in enumerate(users)],
        batch_size=1000,
    )
    now = timezone.now()
    day = dt.date(2026, 1, 5)
    amount = Decimal("27.50")
    rows = [
        Claim(
            organisation=organisation, project=project, claimant=users[n % people], kind="time", status="approved",
            work_date=day + dt.timedelta(days=n % 60), activity="Meeting", hours=Decimal("1"), amount=amount,
            payable=amount, currency="GBP", submitted_at=now, approved_at=now,
        )
        for n in range(claims)
    ]  # fmt: skip
    made = Claim.objects.bulk_create(rows, batch_size=2000)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                organisation=organisation,
                claim_id=c.pk,
                person_id=c.claimant_id,
                kind="owed",
                amount=amount,
                currency="GBP",
            )
            for c in made
        ],
        batch_size=2000,
    )
    return organisation, finance


def _timed(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, len(ctx)


def run(runs: int = 3, warmup: int = 1) -> list[dict]:
    from django.test.utils import override_settings

    from roundtable.payments import services
    from roundtable.payments.ledger import ledger_problems

    organisation, finance = build()
    held_back = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=held_back):  # the worker delivers the statements' messages later
        payment_run, create_ms, create_q = _timed(lambda: services.run_create(actor=finance, organisation=organisation))
        _r, paid_ms, paid_q = _timed(
            lambda: services.run_mark_paid(
                actor=finance, run=payment_run, paid_on=dt.date(2026, 3, 1), reference="BENCH"
            )
        )
    runs = max(1, min(runs, 5))
    for _ in range(warmup):
        ledger_problems(organisation=organisation)
    times, queries = [], 0
    for _ in range(runs):
        problems, ms, queries = _timed(lambda: ledger_problems(organisation=organisation))
        assert problems == [], problems[:5]
        times.append(ms)
    return [
        *_claims_page(organisation, runs=30, warmup=3),
        {
            "name": f"payment run: gather {CLAIMS:,} claims",
            "median_ms": round(create_ms, 1),
            "p95_ms": round(create_ms, 1),
            "queries": create_q,
        },
        {
            "name": f"payment run: mark {CLAIMS:,} claims paid",
            "median_ms": round(paid_ms, 1),
            "p95_ms": round(paid_ms, 1),
            "queries": paid_q,
        },
        {
            "name": f"check_ledger over {CLAIMS:,} claims",
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 0.95), 1),
            "queries": queries,
        },
    ]


WAITING = 2_000  # claims waiting for approval on the organiser's claims page, beside the 100,000 paid


def _claims_page(organisation, *, runs: int, warmup: int) -> list[dict]:
    """The organiser's claims page of the project that holds every claim (100,000 paid, 2,000 waiting)
    and 1,000 members: each of its three lists is paged, so it costs what a small project's page costs."""
    from django.utils import timezone

    from roundtable.accounts.models import User
    from roundtable.payments.models import Claim
    from roundtable.projects.models import Membership, Project, StaffMembership

    project = Project.objects.get(organisation=organisation)
    organiser = User.objects.create_user(f"bench-organiser-{organisation.slug}@example.com", full_name="Organiser")
    StaffMembership.objects.create(organisation=organisation, user=organiser, role="organiser")
    people = list(User.objects.filter(claims__project=project).distinct().order_by("pk")[:PEOPLE])
    Membership.objects.bulk_create(
        [Membership(project=project, user=u, role="partner", status="active") for u in people], batch_size=1000
    )
    now = timezone.now()
    amount = Decimal("27.50")
    Claim.objects.bulk_create(
        [
            Claim(
                organisation=organisation, project=project, claimant=people[n % len(people)], kind="time",
                status="submitted", work_date=dt.date(2026, 3, 2) + dt.timedelta(days=n % 30), activity="Meeting",
                hours=Decimal("1"), amount=amount, payable=amount, currency="GBP", submitted_at=now,
            )
            for n in range(WAITING)
        ],
        batch_size=2000,
    )  # fmt: skip
    url = f"/payments/projects/{project.pk}/claims/"
    name = f"project claims page, organiser ({CLAIMS:,} paid, {WAITING:,} waiting, {PEOPLE:,} members)"
    return [
        _page_row(name, organiser, url, runs=runs, warmup=warmup),
        _my_claims_page(organisation, project, runs=runs, warmup=warmup),
    ]


def _page_row(name: str, user, url: str, *, runs: int, warmup: int) -> dict:
    """One bench row: ``url`` as ``user`` sees it, ``warmup`` times unmeasured, then the median and p95 of
    ``runs`` (milliseconds) and the queries of one more request. SystemExit if the page is not a 200."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for _ in range(warmup):
        if client.get(url).status_code != 200:
            raise SystemExit(f"GET {url} did not answer 200")
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        client.get(url)
        times.append((time.perf_counter_ns() - start) / 1e6)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return {
        "name": name,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(_percentile(times, 0.95), 2),
        "queries": len(captured.captured_queries),
    }


MY_CLAIMS = 2_000  # claims of one partner on their own claims page, 10 of them to check
MY_DRAFTS = 10


def _my_claims_page(organisation, project, *, runs: int, warmup: int) -> dict:
    """A partner's own claims page ("Your claims and payments", /payments/) with 2,000 claims: the 10 to
    check are all shown, the rest a page at a time."""

    from roundtable.accounts.models import User
    from roundtable.payments.models import Claim

    partner = User.objects.create_user(f"bench-my-claims-{organisation.slug}@example.com", full_name="Grace Okafor")
    amount = Decimal("27.50")
    Claim.objects.bulk_create(
        [
            Claim(
                organisation=organisation, project=project, claimant=partner, kind="time",
                status="draft" if n < MY_DRAFTS else "approved", work_date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
                activity="Meeting", hours=Decimal("1"), amount=amount, payable=amount, currency="GBP",
            )
            for n in range(MY_CLAIMS)
        ],
        batch_size=2000,
    )  # fmt: skip
    name = f"your claims and payments, partner ({MY_CLAIMS:,} claims, {MY_DRAFTS} to check)"
    return _page_row(name, partner, "/payments/", runs=runs, warmup=warmup)


if __name__ == "__main__":  # python -m bench.payments: measured alone beside the reference page
    from bench.run import run_alone

    run_alone(run)
