"""The health check's chapter of the demo story, loaded after every other chapter.

* Priya is the council's co-production lead, so she sees the health check of every council project.
* The council runs twelve more projects with twelve months of history, made month by month through the
  services with the clock moved to each moment (``health/demo_history.py``). Ten are healthy or mixed
  and meet every other month. Two meet monthly and drift, for different reasons:
  - "Home to school transport": papers go out later and later (ten days before the meeting at first,
    on the day by the end), barriers wait with no answer, fewer partners come each month and one leaves.
  - "The local offer website": the money for partners stops after three months, so partners come in
    unpaid time while staff are paid; staff carry decisions against partners; the project ends and the
    outcome is never sent.
* Tom's "Better sleep for autistic children" stays healthy: three monthly get-togethers before the first
  planning meeting, papers on time, everyone paid by the university, check-ins and a barrier answered.
* Nadia, a partner on "Home to school transport" and a healthy project, is on the persona switcher.
* The health check's snapshots: each month's last day and each of the last 35 ended days, the last one
  by the worker's own job, which tells Priya and the organisers of each project at risk.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.credits.models import ContributionType
from roundtable.feedback import services as feedback
from roundtable.health import demo_history as history
from roundtable.health.demo_history import at, travel
from roundtable.health.services import last_ended_london_day, snapshots_take_due, take_snapshot
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings import services as meetings
from roundtable.meetings.models import Attendance
from roundtable.payments import services as payments
from roundtable.payments.models import Choice, Claim, ClaimStatus
from roundtable.projects import services as projects
from roundtable.projects.models import (
    LadderStep,
    Membership,
    Organisation,
    PayRate,
    Project,
    StaffMembership,
    StaffRole,
)
from roundtable.updates import services as updates

# Staff and partners new to this chapter (but one) have addresses outside the demo's domain, so the
# persona switcher (/demo/) keeps its short list of the people in the README.
OTHERS_DOMAIN = "@people.roundtable.example"
LATE_PAPERS = "Home to school transport"
UNPAID = "The local offer website"
# (title, kind, topic, ends this year)
PROJECTS = [
    (LATE_PAPERS, "late_papers", "getting to school safely", False),
    (UNPAID, "unpaid", "the local offer website", True),
    ("Waiting for speech and language therapy", "healthy", "waiting lists", False),
    ("Easy Read letters from the council", "healthy", "the letters we send", True),
    ("Growing up: preparing for adult life", "healthy", "leaving school", False),
    ("Carers' assessments that make sense", "healthy", "carers' assessments", False),
    ("Holiday clubs for every child", "healthy", "holiday clubs", True),
    ("Autism-friendly libraries", "healthy", "the libraries", False),
    ("Family hubs: what parents need", "healthy", "family hubs", False),
    ("Breaks for young carers", "healthy", "young carers", False),
    ("Support plan reviews with families", "mixed", "support plan reviews", False),
    ("Help at home when things are hard", "mixed", "help at home", False),
]
PARTNERS = [
    "Nadia Ahmed", "Chris Walsh", "Beth Morgan", "Olu Adeyemi", "Hannah Price", "Kiran Patel", "Megan Lloyd",
    "Darren Fox", "Sofia Costa", "Lee Turner", "Rachel Green", "Imran Khan", "Paula Byrne", "Marcus Hill",
    "Jess Carter", "Yusuf Ali", "Claire Dunn", "Tomasz Nowicki", "Fiona Reid", "Gemma Hart",
]  # fmt: skip


# Nadia takes part in a drifting project and a healthy one; she is on /demo/ to show what partners see.
ON_SWITCHER = "Nadia Ahmed"


def _email(name: str) -> str:
    if name == ON_SWITCHER:
        return f"nadia{DEMO_EMAIL_DOMAIN}"
    return f"{name.split()[0].lower()}.{name.split()[-1].lower()}{OTHERS_DOMAIN}"


def _someone(full_name: str) -> User:
    user = User.objects.create_user(_email(full_name), full_name=full_name, known_as=full_name.split()[0])
    CommunicationProfile.objects.create(user=user, channels=["app"])
    return user


def _months(today: dt.date) -> list[dt.date]:
    """The first day of each of the twelve whole months before this one, oldest first."""
    firsts, day = [], today.replace(day=1)
    for _ in range(12):
        day = (day - dt.timedelta(days=1)).replace(day=1)
        firsts.append(day)
    return firsts[::-1]


def _council(priya: User) -> Organisation:
    council = Organisation.objects.filter(name="Northfield Council").first()
    if council is None:
        council = projects.organisation_create(
            actor=priya, name="Northfield Council", kind="council",
            phone="0113 496 0456", postal_address="Town Hall, Civic Square\nNorthfield\nNF1 1AA",
        )  # fmt: skip
    return council


def _set_up(plan: history.Plan, council: Organisation, rate, started: dt.date, outcome_due: dt.date) -> None:
    """The project's offer, steps, dates and members, as at ``started``."""
    often = "once a month" if plan.monthly else "every other month"
    with travel(at(started, 10)):
        project = projects.project_create(
            actor=plan.organiser, organisation=council, title=plan.title, visibility="invite_only"
        )
        projects.project_offer_update(
            actor=plan.organiser, project=project,
            data={"purpose": f"Work with parent carers to make {plan.topic} better for families.",
                  "partner_activities": "Come to the meetings. Read a short paper before each one.",
                  "ladder_step": LadderStep.CO_DESIGN, "hours_per_month": Decimal("2"),
                  "duration_months": 12 if plan.ends else 18,
                  "where_and_when": f"Online, {often}, in the evening.", "preparation_paid": True,
                  "pay_rate": rate, "contact": plan.organiser, "input_use": "Your ideas shape what we change.",
                  "outcome_promise": "We will tell everyone what we found and what changed, in the way they like.",
                  "outcome_due": outcome_due,
                  "expenses_covered": ["childcare", "replacement_care", "phone_data"]},
        )  # fmt: skip
        for title in ("Listen to families", "Try out changes together", "Tell everyone what changed"):
            projects.step_add(actor=plan.organiser, project=project, title=title)
        projects.milestone_add(
            actor=plan.organiser, project=project, title="Halfway review", due=started + dt.timedelta(days=180)
        )
        projects.project_publish(actor=plan.organiser, project=project)
        for person in plan.partners:
            projects.member_add_by_proxy(actor=plan.organiser, project=project, user=person)
        updates.cadence_set(actor=plan.organiser, project=project, days=30 if plan.monthly else 60)
    plan.project = project


def _end(plan: history.Plan, day: dt.date) -> None:
    """The project ends; the healthy ones send the outcome to everyone, the unpaid one never does."""
    assert plan.project is not None
    with travel(at(day, 11)):
        project = projects.project_end(actor=plan.organiser, project=plan.project)
        if plan.kind != "unpaid":
            updates.outcome_publish(
                actor=plan.organiser, project=project, title=f"What changed: {plan.topic}",
                found=f"Families told us what gets in the way with {plan.topic}, and what would help.",
                input_effect="We changed three things because of what you said. Thank you.",
            )  # fmt: skip


def _sleep_history(tom: User, sam: User, today: dt.date) -> Project | None:
    """Three monthly get-togethers on Tom's sleep study before its first planning meeting, all done well."""
    sleep = Project.objects.filter(title="Better sleep for autistic children").select_related("organisation").first()
    amira = User.objects.filter(email=f"amira{DEMO_EMAIL_DOMAIN}").first()
    joe = User.objects.filter(email=f"joe{DEMO_EMAIL_DOMAIN}").first()
    grace = User.objects.filter(full_name="Grace Williams").first()
    if sleep is None or amira is None or joe is None or grace is None:
        return sleep
    begun = today - dt.timedelta(days=110)
    # The members joined when the study began, before the story's other chapters pick it up.
    Membership.objects.filter(project=sleep, joined_at__gt=at(begun, 12)).update(joined_at=at(begun, 12))
    Project.objects.filter(pk=sleep.pk).update(created_at=at(begun, 9), published_at=at(begun, 9))
    payments.choice_set(actor=tom, user=grace, project=None, data={"choice": "bank", "payee_reference": "UON-P-0107"})
    partners = [amira, joe, grace]
    for n, days_ago in enumerate((98, 70, 42)):
        day = today - dt.timedelta(days=days_ago)
        day += dt.timedelta(days=(1 - day.weekday()) % 7)  # a Tuesday
        start, end = at(day, 20), at(day, 21, 30)
        with travel(start - dt.timedelta(days=21)):
            meeting = meetings.meeting_create(
                actor=tom, project=sleep,
                data={"title": f"Get-together {n + 1}: getting to know each other", "format": "online",
                      "starts_at": start, "ends_at": end, "join_url": "https://meet.example/better-sleep"},
            )  # fmt: skip
            meetings.agenda_item_add(
                actor=tom, meeting=meeting,
                data={"title": "What helps at bedtime?", "minutes": 40, "kind": "discussion", "round_the_table": True,
                      "prepare": "Read the one-page note.", "prepare_minutes": 10},
            )  # fmt: skip
            meetings.paper_add(actor=tom, meeting=meeting, title="A one-page note", upload=history.pdf("note.pdf"))
        with travel(start - dt.timedelta(days=12)):
            meetings.papers_release(actor=tom, meeting=meeting)
            history.deliver_pending()
        with travel(end + dt.timedelta(hours=1)):
            rows = [
                meetings.AttendanceRow(user=p, role=Attendance.Role.PARTNER, status="attended",
                                       mode="phone" if p == grace else "online")
                for p in partners
            ] + [meetings.AttendanceRow(user=tom, role=Attendance.Role.STAFF, status="attended", mode="online",
                                        paid_work_time=True)]  # fmt: skip
            meetings.attendance_record(actor=tom, meeting=meeting, started_at=start, ended_at=end, rows=rows)
            claims = payments.claims_draft_for_meeting(meeting=meeting)
            check_in = feedback.check_in_open(actor=tom, meeting=meeting, days=14)
        with travel(end + dt.timedelta(days=1)):
            for claim in claims:
                actor = tom if claim.claimant == grace else claim.claimant
                if claim.claimant == amira:
                    # The benefits guard counts this month's fees with ones not paid yet; Amira chooses full pay
                    # for these, as her fees for those weeks stay under her limit.
                    payments.claim_choose(actor=amira, claim=claim, choice=Choice.BANK)
                payments.claim_submit(actor=actor, claim=claim)
            for i, person in enumerate(partners):
                feedback.check_in_answer(
                    actor=tom if person == grace else person, check_in=check_in, person=person,
                    by_proxy=person == grace, data={"heard": 5 - i % 2, "valued": 5, "papers_in_time": 5, "feeling": 4},
                )  # fmt: skip
            for claim in claims:
                payments.claim_approve(actor=tom, claim=claim)
        with travel(end + dt.timedelta(days=8)):
            run = payments.run_create(actor=sam, organisation=sleep.organisation)
            if run is not None:
                payments.run_mark_paid(actor=sam, run=run, paid_on=day + dt.timedelta(days=8), reference=f"UON-{n}")
            updates.update_publish(
                actor=tom, project=sleep, title=f"After get-together {n + 1}",
                body="Thank you for coming. Here is what we heard, and what we will do next.",
            )  # fmt: skip
            history.deliver_pending()
        if n == 1:
            with travel(start + dt.timedelta(days=3)):
                barrier = feedback.barrier_raise(
                    actor=joe, project=sleep, category="communication",
                    description="Could you ring me the day before, to remind me?",
                )  # fmt: skip
            with travel(start + dt.timedelta(days=5)):
                feedback.barrier_answer(
                    actor=tom, barrier=barrier, status="resolved", response="Yes. Tom will ring you the day before."
                )
    return sleep


def load() -> None:
    """Priya's council: twelve projects with a year of history and its health snapshots (module docstring).

    Does nothing when ``settings.DEMO_HEALTH_HISTORY`` is off (the tests of the other chapters) or when
    it has already run.
    """
    if not settings.DEMO_HEALTH_HISTORY:
        return
    priya = User.objects.filter(email=f"priya{DEMO_EMAIL_DOMAIN}").first()
    tom = User.objects.filter(email=f"tom{DEMO_EMAIL_DOMAIN}").first()
    sam = User.objects.filter(email=f"sam{DEMO_EMAIL_DOMAIN}").first()
    if priya is None or tom is None or sam is None or Project.objects.filter(title=LATE_PAPERS).exists():
        return
    council = _council(priya)
    today = timezone.localdate()
    months = _months(today)
    start = months[0] - dt.timedelta(days=20)

    # 1. Priya leads co-production for the council; two officers organise most projects; Sam pays.
    current = set(StaffMembership.objects.filter(organisation=council, user=priya).values_list("role", flat=True))
    projects.staff_roles_set(actor=priya, organisation=council, user=priya, roles=current | {StaffRole.LEAD})
    with travel(at(start - dt.timedelta(days=10), 9)):
        dan, helen = _someone("Dan Price"), _someone("Helen Ward")
        for officer in (dan, helen):
            projects.staff_roles_set(actor=priya, organisation=council, user=officer, roles={StaffRole.ORGANISER})
        projects.staff_roles_set(actor=priya, organisation=council, user=sam, roles={StaffRole.FINANCE})
        people = [_someone(name) for name in PARTNERS]
        for n, person in enumerate(people):
            payments.choice_set(
                actor=person, user=person, project=None, data={"choice": "bank", "payee_reference": f"NFC-P-{n + 100}"}
            )

    # 2. Twelve projects, each with four or five partners (some take part in two).
    rates = PayRate.objects.filter(organisation=council, activity="Meetings and workshops")
    rate = rates.order_by("-effective_from").first()
    if rate is None:  # a council made by this chapter: the NIHR rate the story's other organisations use
        rate = projects.pay_rate_add(
            actor=priya, organisation=council, activity="Meetings and workshops", unit=PayRate.Unit.HOUR,
            amount=Decimal("25.00"), effective_from=start - dt.timedelta(days=30),
            source_note="NIHR payment guidance for public involvement.",
        )  # fmt: skip
    plans = []
    for i, (title, kind, topic, ends) in enumerate(PROJECTS):
        organiser = (dan, helen, priya)[i % 3]
        partners = [people[(i * 3 + j) % len(people)] for j in range(5 if kind == "late_papers" else 4)]
        staff = [organiser, *[s for s in (dan, helen, priya) if s != organiser]][: 3 if kind == "unpaid" else 2]
        plan = history.Plan(title=title, kind=kind, organiser=organiser, staff=staff, partners=partners, topic=topic,
                            hour=19 if i % 2 else 18, ends=ends)  # fmt: skip
        # The outcome is promised by the end of the last month for the projects that end this year (the
        # local offer website never sends it), and in six months' time for the others.
        due = months[11] + dt.timedelta(days=27 if kind != "unpaid" else 10) if ends else today + dt.timedelta(180)
        _set_up(plan, council, rate, start + dt.timedelta(days=i % 5), due)
        plans.append(plan)

    # Claims the story's other chapters approved today wait for today's finance, not for this history's runs:
    # set aside while the history runs and put back after (a plain update both ways: no service sets a claim
    # aside without telling its person, and nothing is to be told here).
    waiting = list(
        Claim.objects.filter(
            organisation=council, status=ClaimStatus.APPROVED, run__isnull=True, held_at__isnull=True
        ).values_list("pk", flat=True)
    )
    Claim.objects.filter(pk__in=waiting).update(held_at=timezone.now())
    kinds = {t.slug: t for t in ContributionType.objects.all()}
    for k, first in enumerate(months):
        for plan in plans:
            history.month(plan, k, first, kinds)
            if plan.ends and k == 11:
                _end(plan, first + dt.timedelta(days=25))
        history.payment_run(council, sam, first + dt.timedelta(days=27), k)
    Claim.objects.filter(pk__in=waiting).update(held_at=None)

    # 3. Tom's project stays healthy.
    sleep = _sleep_history(tom, sam, today)

    # 4. The health check's history for every council project and Tom's: each month's last day and each of
    # the last 35 ended days. The last ended day is left to the worker's own job, run here as the worker
    # would on its first pass, so its alerts go to Priya and the organisers as they would in real life.
    yesterday = last_ended_london_day()
    month_ends = {first - dt.timedelta(days=1) for first in [*months[1:], today.replace(day=1)]}
    days = sorted(d for d in month_ends | {yesterday - dt.timedelta(days=n) for n in range(35)} if d < yesterday)
    measured = list(Project.objects.filter(organisation=council).exclude(status=Project.Status.DRAFT).order_by("pk"))
    for project in [*measured, *([sleep] if sleep else [])]:
        for day in days:
            take_snapshot(project, day)
    snapshots_take_due(limit=len(measured) + 1)
