"""What the record says about a project between two moments: the figures every report is drafted from.

One function, ``project_record``, reads each app once (a fixed number of queries, whatever the amount
of data) and returns plain numbers, lists of short texts and Money totals. Nothing here names a
person; ``people.project_naming`` decides who may be named.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from roundtable.credits.models import Contribution, Output
from roundtable.decisions.models import Proposal
from roundtable.feedback.models import Board, CheckIn, CheckInAnswer, Feedback, Note, Response
from roundtable.health.counting import barrier_count
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext
from roundtable.health.signs import unpaid_work
from roundtable.lib.dates import zone
from roundtable.lib.money import Money
from roundtable.meetings.models import Attendance, AttendanceStatus, Meeting, Paper
from roundtable.payments.models import Claim, ClaimKind, ClaimStatus
from roundtable.projects.models import MemberRole, Membership, PayRate, Project, ProjectStep, StaffMembership
from roundtable.projects.offer import rate_in_force
from roundtable.projects.permissions import ORGANISER_ROLES
from roundtable.updates.models import Outcome

# Added to an "as at" moment to make the window's end include that moment itself ([start, end) windows).
INCLUSIVE = dt.timedelta(microseconds=1)
# Fewer people than this and an average of check-in answers is not shown (issue 15, "How it felt").
MIN_PEOPLE_FOR_AVERAGE = 3
# Claims that stand for work given: sent, approved, paid, or paid-for time the person chose not to take.
GIVEN = [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.DECLINED]


@dataclass
class Said:
    """One "you said, we did" answer: what partners said (short), whether it changed something, and what."""

    title: str
    changed: bool
    what_we_did: str
    on: dt.datetime


@dataclass
class Found:
    """One outcome shared with partners: what was found or changed, and what their ideas and time did."""

    title: str
    found: str
    input_effect: str
    on: dt.datetime
    told: int


@dataclass
class Record:
    """A project's record between ``start`` and ``end`` (aware UTC; ``start`` None means from the beginning).

    Counts are whole numbers; hours are Decimal hours; money is a list of ``Money``, one per currency.
    """

    project: Project
    start: dt.datetime | None
    end: dt.datetime
    members: Counter = field(default_factory=Counter)  # MemberRole value -> people taking part in the period
    left: int = 0  # people who left in the period
    organisers: int = 0  # people who organise the organisation's projects (admins and organisers), each once
    meetings: int = 0
    meetings_with_partners: int = 0
    partner_attendances: int = 0
    partners_attended: int = 0
    meeting_hours: Decimal = Decimal(0)  # partners' hours in meetings they came to (length x people)
    papers: int = 0
    papers_late: int = 0
    boards: int = 0
    notes: int = 0
    check_ins: int = 0
    check_in_answers: int = 0
    heard: Decimal | None = None  # average 1 to 5, None when fewer than MIN_PEOPLE_FOR_AVERAGE answered
    valued: Decimal | None = None
    anonymous_feedback: int = 0
    barriers: int = 0
    barriers_answered: int = 0
    barriers_not_possible: int = 0
    barriers_overdue: int = 0
    barriers_on_time: int = 0  # answered by the date promised, of ``barriers_counted`` (health.counting)
    barriers_counted: int = 0
    decisions: int = 0
    decisions_partners_voted: int = 0
    decisions_against_partners: int = 0
    decisions_without_partners: int = 0
    claimed_hours: Decimal = Decimal(0)  # time claimed by members: meetings, preparation and other work
    declined_claims: int = 0
    fees_paid: list[Money] = field(default_factory=list)
    expenses_paid: list[Money] = field(default_factory=list)
    owed: list[Money] = field(default_factory=list)  # approved, not yet paid
    contributions: list[tuple[str, int, Decimal]] = field(default_factory=list)  # (kind of help, count, hours)
    outputs: list[tuple[str, str, bool]] = field(default_factory=list)  # (title, kind, published)
    responses: list[Said] = field(default_factory=list)
    outcomes: list[Found] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    current_step: str = ""
    rate: PayRate | None = None  # the offer's pay rate row in force at ``end``; None for an unpaid role

    @property
    def partners(self) -> int:
        return self.members.get(MemberRole.PARTNER, 0)

    @property
    def changed(self) -> int:
        return sum(1 for said in self.responses if said.changed)


def _in(prefix: str, start: dt.datetime | None, end: dt.datetime) -> Q:
    query = Q(**{f"{prefix}__lt": end})
    if start is not None:
        query &= Q(**{f"{prefix}__gte": start})
    return query


def _days(prefix: str, start: dt.datetime | None, end: dt.datetime) -> Q:
    """The same window on a date field (London days; the caller passes London midnights)."""
    query = Q(**{f"{prefix}__lt": end.astimezone(zone()).date()})
    if start is not None:
        query &= Q(**{f"{prefix}__gte": start.astimezone(zone()).date()})
    return query


def _money(rows) -> list[Money]:
    totals: OrderedDict[str, Decimal] = OrderedDict()
    for currency, amount in rows:
        totals[currency] = totals.get(currency, Decimal(0)) + (amount or Decimal(0))
    return [Money(amount, currency) for currency, amount in sorted(totals.items())]


def _average(rows: list[tuple[int, int | None]]) -> Decimal | None:
    values = [value for _person, value in rows if value is not None]
    people = {person for person, value in rows if value is not None}
    if len(people) < MIN_PEOPLE_FOR_AVERAGE or not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)  # as sign 3


def project_record(project: Project, *, end: dt.datetime, start: dt.datetime | None = None) -> Record:
    """The record of ``project`` from ``start`` (aware; None: from the beginning) up to ``end`` (aware).

    Meetings count when they began in the window and were not cancelled; papers when released; claims by
    the day of the work (London), payments by the day paid. Queries: a fixed number (about 25).
    """
    rec = Record(project=project, start=start, end=end)
    window = _in("starts_at", start, end)

    joined = Membership.objects.filter(project=project, joined_at__lt=end).exclude(status=Membership.Status.REMOVED)
    if start is not None:
        joined = joined.filter(Q(left_at__isnull=True) | Q(left_at__gte=start))
    rec.members = Counter(joined.values_list("role", flat=True))
    rec.left = Membership.objects.filter(project=project).filter(_in("left_at", start, end)).count()
    staff = StaffMembership.objects.filter(organisation=project.organisation_id, role__in=ORGANISER_ROLES)
    rec.organisers = staff.values("user_id").distinct().count()

    meetings = list(
        Meeting.objects.filter(project=project, status=Meeting.Status.SCHEDULED)
        .filter(window)
        .values_list("pk", "starts_at", "ends_at")
    )
    rec.meetings = len(meetings)
    length = {pk: Decimal((ends - starts).total_seconds()) / 3600 for pk, starts, ends in meetings}
    came = list(
        Attendance.objects.filter(
            meeting_id__in=list(length), role=Attendance.Role.PARTNER, status=AttendanceStatus.ATTENDED
        ).values_list("meeting_id", "user_id")
    )
    rec.partner_attendances = len(came)
    rec.partners_attended = len({user for _m, user in came})
    rec.meetings_with_partners = len({meeting for meeting, _u in came})
    rec.meeting_hours = sum((length[m] for m, _u in came), Decimal(0)).quantize(Decimal("0.1"))

    papers = Paper.objects.filter(meeting__project=project, released_at__isnull=False).filter(
        _in("released_at", start, end)
    )
    counted = papers.aggregate(total=Count("pk"), late=Count("pk", filter=Q(is_late=True)))
    rec.papers, rec.papers_late = counted["total"], counted["late"]

    rec.boards = Board.objects.filter(project=project).filter(_in("opens_at", start, end)).count()
    rec.notes = (
        Note.objects.filter(board__project=project, hidden_at__isnull=True)
        .filter(_in("created_at", start, end))
        .count()
    )
    rec.check_ins = CheckIn.objects.filter(project=project).filter(_in("opens_at", start, end)).count()
    answers = CheckInAnswer.objects.filter(project=project).filter(_in("created_at", start, end))
    rows = list(answers.values_list("person_id", "heard", "valued"))
    rec.check_in_answers = len(rows)
    rec.heard = _average([(p, h) for p, h, _v in rows])
    rec.valued = _average([(p, v) for p, _h, v in rows])
    rec.anonymous_feedback = Feedback.objects.filter(project=project).filter(_in("created_at", start, end)).count()

    # Barriers raised in the window, counted as at its end by the health check's own rules (sign 4).
    barriers = barrier_count(project, as_of=end - INCLUSIVE, since=start)
    rec.barriers, rec.barriers_answered = barriers.raised, barriers.answered
    rec.barriers_not_possible, rec.barriers_overdue = barriers.not_possible, barriers.overdue
    rec.barriers_on_time, rec.barriers_counted = barriers.on_time, barriers.counted

    closed = Proposal.objects.filter(project=project, state=Proposal.State.CLOSED).filter(_in("closed_at", start, end))
    counted = closed.aggregate(
        total=Count("pk"),
        voted=Count("pk", filter=Q(partners_voted__gt=0)),
        against=Count("pk", filter=Q(against_partners=True)),
        without=Count("pk", filter=Q(made_without_partners=True)),
    )
    rec.decisions, rec.decisions_partners_voted = counted["total"], counted["voted"]
    rec.decisions_against_partners, rec.decisions_without_partners = counted["against"], counted["without"]

    # Partners' claims only: one filter() call, so both conditions hold for the same membership row.
    claims = Claim.objects.filter(
        project=project, claimant__memberships__project=project, claimant__memberships__role=MemberRole.PARTNER
    )
    time = claims.filter(kind=ClaimKind.TIME, status__in=GIVEN).filter(_days("work_date", start, end))
    hours = time.aggregate(hours=Sum("hours"), prep=Sum("prep_hours"))
    rec.claimed_hours = (hours["hours"] or Decimal(0)) + (hours["prep"] or Decimal(0))
    rec.declined_claims = time.filter(status=ClaimStatus.DECLINED).count()
    paid = claims.filter(status=ClaimStatus.PAID).filter(_days("paid_on", start, end))
    rec.fees_paid = _money(paid.exclude(kind=ClaimKind.EXPENSE).values_list("currency", "payable"))
    rec.expenses_paid = _money(paid.filter(kind=ClaimKind.EXPENSE).values_list("currency", "payable"))
    owed = claims.filter(status=ClaimStatus.APPROVED).filter(_days("work_date", start, end))
    rec.owed = _money(owed.values_list("currency", "payable"))

    kinds: OrderedDict[str, list] = OrderedDict()
    confirmed = Contribution.objects.filter(project=project, status=Contribution.Status.CONFIRMED)
    for name, hours_given in (
        confirmed.filter(_days("date", start, end)).order_by("type__order").values_list("type__name", "hours")
    ):
        kind = kinds.setdefault(name, [0, Decimal(0)])
        kind[0] += 1
        kind[1] += hours_given or Decimal(0)
    rec.contributions = [(name, count, hrs) for name, (count, hrs) in kinds.items()]
    rec.outputs = [
        (output.title, output.get_kind_display(), output.status == Output.Status.PUBLISHED)
        for output in Output.objects.filter(project=project).filter(_in("created_at", start, end))
    ]

    rec.responses = [
        Said(title=r.title, changed=r.outcome == Response.Outcome.CHANGED, what_we_did=r.what_we_did, on=r.created_at)
        for r in Response.objects.filter(project=project).filter(_in("created_at", start, end)).order_by("created_at")
    ]
    outcomes = (
        Outcome.objects.filter(project=project)
        .filter(_in("published_at", start, end))
        .annotate(told=Count("recipients"))
        .order_by("published_at")
    )
    rec.outcomes = [
        Found(title=o.title, found=o.found, input_effect=o.input_effect, on=o.published_at, told=o.told)
        for o in outcomes
    ]
    rec.steps = list(project.steps.values_list("title", flat=True))
    steps = ProjectStep.objects.filter(project=project, pk=project.current_step_id or 0)
    current = steps.values_list("title", flat=True).first()
    rec.current_step = current or ""
    # The offer's rate as it stood at the end (a newer dated row, such as an uplift, replaces the old one).
    offered = PayRate.objects.filter(pk=project.pay_rate_id or 0).first()
    rec.rate = rate_in_force(offered, end.astimezone(zone()).date()) if offered else None
    return rec


@dataclass(frozen=True)
class PartnerHours:
    """Partner hours as the health check's sign 7 ("unpaid work") counts them, up to one moment.

    ``given``, ``covered`` and ``not_paid`` are words ready to show ("7.5 hours: 6 at meetings, ..."),
    the sign's own figures; ``share`` is the % of hours paid or turned down by choice (None with no hours);
    ``rating`` the sign's rating.
    """

    given: str
    covered: str
    not_paid: str
    share: Decimal | None
    rating: Rating


def partner_hours(project: Project, *, as_of: dt.datetime) -> PartnerHours:
    """Sign 7's hours for ``project`` as at ``as_of`` (aware): the same figures the health check shows
    (``health/signs/unpaid_work.py``), so a report cannot disagree with it. Six queries."""
    finding = unpaid_work.SIGN.measure(HealthContext(project=project, as_of=as_of))
    figures = {figure.label: figure.value for figure in finding.figures}
    return PartnerHours(
        given=figures["Partner hours recorded"],
        covered=figures["Hours paid or turned down by choice"],
        not_paid=figures["Hours not paid"],
        share=finding.value,
        rating=finding.rating,
    )
