"""A month of a project's life, made through the services with the clock moved to each moment.

The health check's demo chapter (``health/demo.py``) calls ``month`` for each project and each of the
twelve months, then ``payment_run`` once a month for the whole council. Every record is made by the
app's own service at the moment it happened (``time_machine`` moves the clock), so ``created_at``,
``released_at``, ``responded_at`` and the rest are real history, and the health check measures it as
it stood on any day.

A ``Plan`` says how a project behaves: ``healthy``, ``mixed`` (a few rough edges), ``late_papers``
(papers later and later, barriers left unanswered, partners stop coming) or ``unpaid`` (the pay stops,
staff carry decisions against partners, the outcome is never sent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.credits import services as credits
from roundtable.credits.models import Contribution, ContributionType
from roundtable.decisions import services as decisions
from roundtable.decisions.models import Option, Proposal
from roundtable.feedback import services as feedback
from roundtable.feedback.models import Barrier, CheckInAnswer
from roundtable.lib.dates import zone
from roundtable.meetings import services as meetings
from roundtable.meetings.models import Attendance, Meeting
from roundtable.notifications.delivery import message_deliver
from roundtable.notifications.models import PENDING_STATUSES, Message
from roundtable.payments import services as payments
from roundtable.payments.models import Claim
from roundtable.projects import services as projects
from roundtable.projects.models import Membership, Organisation, Project
from roundtable.updates import services as updates

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# Days before the meeting the papers went out (the deadline is 7 days), month by month.
ON_TIME = [10, 9, 10, 11, 9, 10, 10, 9, 11, 10, 9, 10]
MIXED = [9, 10, 6, 9, 10, 5, 9, 10, 9, 6, 10, 9]
LATER_AND_LATER = [10, 9, 8, 8, 6, 5, 3, 2, 2, 1, 1, 0]
# How many of the late-papers project's partners came, month by month.
COMING_LESS = [5, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1]


def travel(moment: dt.datetime):
    """Stand the clock still at ``moment`` (aware) while the block runs."""
    return time_machine.travel(moment, tick=False)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """``day`` at this time on the London clock, aware."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone())


def pdf(name: str) -> ContentFile:
    upload = ContentFile(PDF, name=name)
    upload.size = len(PDF)
    return upload


@dataclass
class Plan:
    """One council project's story: who runs it, who takes part, and how it behaves (see module docs)."""

    title: str
    kind: str
    organiser: User
    staff: list[User]
    partners: list[User]
    topic: str
    hour: int = 19
    ends: bool = False
    project: Project | None = None
    barriers: list[Barrier] = field(default_factory=list)
    answers: list[CheckInAnswer] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    left: set[int] = field(default_factory=set)

    @property
    def monthly(self) -> bool:
        """The two drifting projects meet every month; the others every other month."""
        return self.kind in ("late_papers", "unpaid")

    def meets(self, k: int) -> bool:
        return self.monthly or k % 2 == 0

    @property
    def paid_months(self) -> int:
        """How many months partners are paid for (the unpaid project's money stops after three)."""
        return 3 if self.kind == "unpaid" else 12

    def paper_days(self, k: int) -> int:
        return {"late_papers": LATER_AND_LATER, "mixed": MIXED}.get(self.kind, ON_TIME)[k]

    def came(self, k: int) -> list[User]:
        """The partners who came to month ``k``'s meeting."""
        here = [p for p in self.partners if p.pk not in self.left]
        if self.kind == "late_papers":
            return here[: COMING_LESS[k]]
        # Now and then someone sends apologies: a sick child, a hospital appointment.
        return [p for i, p in enumerate(here) if (i + k) % 7 != 3]

    def scores(self, k: int, i: int) -> dict:
        """Check-in answers (1 to 5) for partner ``i`` after month ``k``'s meeting."""
        if self.kind == "late_papers":
            fall = k // 3
            return {"heard": max(1, 4 - fall), "papers_in_time": max(1, 4 - k // 2), "valued": max(1, 4 - fall),
                    "feeling": max(1, 4 - fall)}  # fmt: skip
        if self.kind == "unpaid":
            fall = 0 if k < self.paid_months else 1 + (k - self.paid_months) // 3
            return {"heard": max(1, 4 - fall), "papers_in_time": 4, "valued": max(1, 4 - fall), "feeling": 3}
        low = 1 if self.kind == "mixed" else 0
        bump = (i + k) % 2
        return {"heard": 4 + bump - low, "papers_in_time": 5 - low, "valued": 4 + bump - low, "feeling": 4 - low}


def _vote(proposal: Proposal, person: User, text: str) -> None:
    option = Option.objects.get(proposal=proposal, text=text)
    decisions.vote_cast(actor=person, proposal=proposal, choice=[[option.pk, 1]])


def _meeting(plan: Plan, k: int, first: dt.date) -> Meeting:
    project, org = plan.project, plan.organiser
    assert project is not None  # set up before the first month
    start = at(first + dt.timedelta(days=14), plan.hour)
    end = start + dt.timedelta(minutes=90)
    with travel(at(first, 9)):
        meeting = meetings.meeting_create(
            actor=org, project=project,
            data={"title": f"{first:%B} meeting: {plan.topic}", "format": "online", "starts_at": start,
                  "ends_at": end, "join_url": "https://meet.example/northfield-council",
                  "dial_in": "0300 123 4002, code 3310"},
        )  # fmt: skip
        meetings.agenda_item_add(
            actor=org, meeting=meeting, data={"title": "Welcome and news", "minutes": 10, "kind": "item"}
        )
        meetings.agenda_item_add(
            actor=org, meeting=meeting,
            data={"title": f"This month: {plan.topic}", "minutes": 45, "kind": "discussion",
                  "round_the_table": True, "prepare": "Read the two-page paper.", "prepare_minutes": 20},
        )  # fmt: skip
        meetings.paper_add(actor=org, meeting=meeting, title=f"Paper for {first:%B}", upload=pdf("paper.pdf"))
    days = plan.paper_days(k)
    with travel(start - (dt.timedelta(days=days) if days else dt.timedelta(hours=2))):
        meetings.papers_release(actor=org, meeting=meeting)
        deliver_pending()
    return meeting


def _held(plan: Plan, k: int, meeting: Meeting) -> list[Claim]:
    """Record who came, draft the partners' claims (while the project pays) and open the check-in."""
    came = plan.came(k)
    rows = [
        meetings.AttendanceRow(
            user=p,
            role=Attendance.Role.PARTNER,
            mode="online",
            status="attended" if p in came else ("apologies" if plan.kind != "late_papers" or k < 5 else "absent"),
        )  # fmt: skip
        for p in plan.partners
        if p.pk not in plan.left
    ]
    staff = Attendance.Role.STAFF
    rows += [
        meetings.AttendanceRow(user=s, role=staff, status="attended", mode="online", paid_work_time=True)
        for s in plan.staff
    ]
    with travel(meeting.ends_at + dt.timedelta(hours=1)):
        meetings.attendance_record(
            actor=plan.organiser, meeting=meeting, started_at=meeting.starts_at, ended_at=meeting.ends_at, rows=rows
        )
        claims = payments.claims_draft_for_meeting(meeting=meeting) if k < plan.paid_months else []
        check_in = feedback.check_in_open(actor=plan.organiser, meeting=meeting, days=14)
    with travel(meeting.ends_at + dt.timedelta(days=1)):
        for claim in claims:
            payments.claim_submit(actor=claim.claimant, claim=claim)
        for i, person in enumerate(came):
            data = plan.scores(k, i)
            if i == 0 and k % 3 == 0:
                data["change_text"] = "More time to talk in small groups, please."
            plan.answers.append(feedback.check_in_answer(actor=person, check_in=check_in, person=person, data=data))
    with travel(meeting.ends_at + dt.timedelta(days=3)):
        for claim in claims:
            payments.claim_approve(actor=plan.organiser, claim=claim)
    return claims


BARRIERS = [
    ("meeting_times", "Evening meetings clash with bedtime. Could some be in the school day?"),
    ("communication", "The papers use words I do not know. A short summary at the top would help."),
    ("technology", "My internet drops out in video calls. Can I join by phone?"),
    ("costs", "I pay for a sitter to come. Can the project cover it?"),
]


def _barrier(plan: Plan, k: int, first: dt.date) -> None:
    """A barrier every few months, and how quickly (if at all) it was answered."""
    assert plan.project is not None
    if k % 3 != 1:
        return
    here = [p for p in plan.partners if p.pk not in plan.left]
    person = here[(k // 3) % len(here)]
    category, words = BARRIERS[(k // 3) % len(BARRIERS)]
    if plan.kind == "unpaid" and k == 4:
        category, words = "costs", "We used to be paid for our time. Now we are not. Why did that change?"
    with travel(at(first + dt.timedelta(days=2), 20, 30)):
        barrier = feedback.barrier_raise(actor=person, project=plan.project, category=category, description=words)
    plan.barriers.append(barrier)
    if plan.kind == "late_papers" and k > 1:
        if k == 4:  # answered, but two weeks after the date it was due
            with travel(at(first + dt.timedelta(days=23), 16)):
                feedback.barrier_answer(
                    actor=plan.organiser, barrier=barrier, status="responded", response="Sorry for the wait. "
                    "We are looking into it."
                )  # fmt: skip
        return  # the rest wait, unanswered
    wait = 12 if plan.kind == "mixed" and k == 7 else 3
    with travel(at(first + dt.timedelta(days=2 + wait), 11)):
        if plan.kind == "unpaid" and category == "costs":
            feedback.barrier_answer(
                actor=plan.organiser, barrier=barrier, status="not_possible",
                reason="The budget for paying partners has ended. We hope you will stay as volunteers.",
            )  # fmt: skip
        else:
            feedback.barrier_answer(
                actor=plan.organiser, barrier=barrier, status="resolved",
                response="Thank you for telling us. We have changed this from the next meeting.",
            )  # fmt: skip
    if plan.kind in ("healthy", "mixed"):
        with travel(at(first + dt.timedelta(days=20), 10)):
            comments = [a for a in plan.answers[-6:] if a.change_text]
            feedback.response_create(
                actor=plan.organiser, project=plan.project, title=words[:60].rstrip(". ") + "...",
                outcome="changed", what_we_did="We changed how we run the meetings because you told us.",
                inputs=[f"barrier:{barrier.pk}", *[f"answer:{a.pk}" for a in comments[:1]]],
            )  # fmt: skip


def _decision(plan: Plan, k: int, first: dt.date) -> None:
    """A vote each quarter in the drifting projects, three a year in the others.

    In the unpaid project, once the money stops, staff carry it against partners.
    """
    assert plan.project is not None
    if (k % 3 != 2) if plan.monthly else (k not in (2, 6, 10)):
        return
    theirs, ours = "Ask families first, then decide", "Decide now and tell families after"
    opened = at(first + dt.timedelta(days=16), 10)
    with travel(opened):
        proposal = decisions.proposal_create(
            actor=plan.organiser, project=plan.project,
            data={"question": f"How should we make the next choice about {plan.topic}?",
                  "kind": Proposal.Kind.ONE, "closes_at": opened + dt.timedelta(days=7)},
            options=[theirs, ours],
        )  # fmt: skip
    against = plan.kind == "unpaid" and k >= plan.paid_months
    with travel(opened + dt.timedelta(days=2)):
        voters = [p for p in plan.came(k)][: 2 if against else 5]
        for person in voters:
            _vote(proposal, person, theirs)
        for person in plan.staff[: 3 if against else 1]:
            _vote(proposal, person, ours if against else theirs)
    with travel(opened + dt.timedelta(days=6)):
        decisions.proposal_close(
            actor=plan.organiser, proposal=proposal,
            outcome="Staff decided to go ahead now, because of the timetable. Partners disagreed." if against
            else "We will ask families first, as partners said.",
        )  # fmt: skip


def _credit(plan: Plan, k: int, first: dt.date, kinds: dict[str, ContributionType]) -> None:
    """Work partners did, on the ledger; a report that credits them (the healthy projects, month nine).

    The work was at the meetings, which are paid, so it has no hours of its own; in the unpaid project it
    was two hours of extra work each, never paid.
    """
    assert plan.project is not None
    if k in (2, 6):
        with travel(at(first + dt.timedelta(days=18), 11)):
            for i, person in enumerate(plan.came(k)[:3]):
                slug = ("ideas", "reviewing", "lived_experience")[i]
                plan.contributions.append(
                    credits.contribution_add(
                        actor=plan.organiser,
                        project=plan.project,
                        person=person,
                        type=kinds[slug],
                        degree="equal",
                        date=first + dt.timedelta(days=14),
                        description=f"Shaped our thinking on {plan.topic}",
                        hours=Decimal("2") if plan.kind == "unpaid" else None,
                    )  # fmt: skip
                )
    if k == 8 and plan.kind in ("healthy", "mixed") and plan.contributions:
        with travel(at(first + dt.timedelta(days=20), 10)):
            output = credits.output_create(
                actor=plan.organiser, project=plan.project, kind="report",
                title=f"What families told us about {plan.topic}", contributions=plan.contributions,
            )  # fmt: skip
            credits.output_tell(actor=plan.organiser, output=output)
        with travel(at(first + dt.timedelta(days=27), 10)):
            credits.output_publish(actor=plan.organiser, output=output, link="https://example.org/northfield-report")


def _update(plan: Plan, k: int, first: dt.date) -> None:
    """A progress update after each meeting (a few missed in the mixed ones); the unpaid project goes quiet
    after month six."""
    assert plan.project is not None
    if plan.kind == "unpaid" and k > 6 or not plan.meets(k) or plan.kind == "mixed" and k in (4, 8):
        return
    with travel(at(first + dt.timedelta(days=24), 12)):
        updates.update_publish(
            actor=plan.organiser, project=plan.project, title=f"News for {first:%B}",
            body=f"This month we met to talk about {plan.topic}. Thank you to everyone who came. "
            "Here is what we did with what you said.",
        )  # fmt: skip


def _leave(plan: Plan, k: int, first: dt.date) -> None:
    """In the late-papers project, one partner gives up in month eight."""
    if plan.kind != "late_papers" or k != 8:
        return
    person = plan.partners[-1]
    membership = Membership.objects.get(project=plan.project, user=person)
    with travel(at(first + dt.timedelta(days=20), 21)):
        projects.membership_leave(
            actor=person, membership=membership,
            reason="The papers come too late to read, and nobody answered me about the meeting times.",
        )  # fmt: skip
    plan.left.add(person.pk)


def month(plan: Plan, k: int, first: dt.date, kinds: dict[str, ContributionType]) -> None:
    """Month ``k`` (0 to 11, starting on ``first``) of ``plan``'s project, in the order things happened."""
    if plan.kind == "unpaid" and k == plan.paid_months:
        assert plan.project is not None
        with travel(at(first + dt.timedelta(days=1), 9)):
            projects.project_offer_update(
                actor=plan.organiser, project=plan.project,
                data={"pay_rate": None, "unpaid_reason": "The budget for paying partners has ended."},
            )  # fmt: skip
    _barrier(plan, k, first)
    if plan.meets(k):
        _held(plan, k, _meeting(plan, k, first))
    _decision(plan, k, first)
    _credit(plan, k, first, kinds)
    _update(plan, k, first)
    _leave(plan, k, first)


def payment_run(organisation: Organisation, finance: User, day: dt.date, number: int) -> None:
    """Finance pays every approved claim of the organisation in one run, on ``day``; then the month's messages go."""
    with travel(at(day, 10)):
        run = payments.run_create(actor=finance, organisation=organisation)
        if run is not None:
            payments.run_mark_paid(actor=finance, run=run, paid_on=day, reference=f"BACS NFC-{1000 + number}")
        deliver_pending()


def deliver_pending() -> None:
    """Send, at the clock's moment, what the worker would have sent by then (made by then, still waiting), so
    the history's messages went at the time and the demo's worker does not send a year of old news today."""
    waiting = Message.objects.filter(status__in=PENDING_STATUSES, created_at__lte=timezone.now())
    for pk in waiting.order_by("pk").values_list("pk", flat=True):
        message_deliver(message_id=pk)
