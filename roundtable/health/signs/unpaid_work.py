"""Sign 7, "Unpaid work under the guise of volunteering": partner hours recorded against hours paid.

Partner hours recorded, as at ``ctx.as_of``:

* meetings: each partner's time at each meeting whose register was recorded by then (``Attendance``,
  from the actual start to the actual end, as ``Attendance.minutes_present`` counts it), plus the
  preparation the agenda asked for (``AgendaItem.prepare_minutes``), whether or not the offer pays it;
* other work: hours on time claims sent for work away from meetings (``payments.Claim`` with no
  meeting), and hours on confirmed contributions the person or an organiser added (``credits.Contribution``
  with source ``person`` or ``organiser``; those drafted from meetings or claims are counted already).

Against it, for each partner: hours on time claims approved by then (approved or paid, ``hours`` plus
``prep_hours``), and hours they turned down by choice (a time claim with the choice "no payment",
"give it to a charity" or "costs only", or all their hours when their payment choice for the project, or
their usual one, is one of those). A partner's covered hours never exceed their recorded hours.
Hours beyond the offer: for each partner and each London month, recorded hours over the offer's
``Project.hours_per_month``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.credits.models import Contribution
from roundtable.health.counting import hours_number, hours_words, share_percent, share_words
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.meetings.models import AgendaItem, Attendance, AttendanceStatus
from roundtable.payments.models import Choice, Claim, ClaimKind, ClaimStatus, PaymentChoice
from roundtable.projects.models import MemberRole, Membership

LONDON = ZoneInfo("Europe/London")
# A person who chose one of these gets no fee themselves: their hours count as turned down by choice.
NOT_PAID_BY_CHOICE = (Choice.DECLINE, Choice.DONATE, Choice.EXPENSES_ONLY)
HOURS = DecimalField(max_digits=8, decimal_places=2)

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("95"),
    at_risk=Decimal("75"),
    higher_is_better=True,
    min_evidence=3,
    evidence_noun="meetings or tasks by partners",
    evidence_noun_one="meeting or task by partners",
    source="The NIHR's guidance on paying people: pay people for their time, preparation included, "
    "and let them turn payment down. The 95% and 75% are our own starting point, to be reviewed with partners.",
)


def _hours(minutes: int | Decimal) -> Decimal:
    return Decimal(minutes) / Decimal(60)


def _round(hours: Decimal) -> str:
    """Hours to one decimal place, never "0" when not nothing (``health.counting.hours_number``)."""
    return hours_number(hours)


def _month(moment) -> tuple[int, int]:
    local = moment.astimezone(LONDON)
    return local.year, local.month


def _recorded(ctx: HealthContext, partners: set[int]) -> tuple[dict, dict, int]:
    """Hours recorded per partner by kind, hours per (partner, month), and how many pieces of work (3 queries)."""
    by_kind: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_month: dict[tuple[int, tuple[int, int]], Decimal] = defaultdict(Decimal)
    rows = list(
        Attendance.objects.filter(
            project=ctx.project,
            role=Attendance.Role.PARTNER,
            status=AttendanceStatus.ATTENDED,
            meeting__attendance_recorded_at__lte=ctx.as_of,
            recorded_at__lte=ctx.as_of,
        ).values(
            "user_id", "meeting_id", "arrived_at", "left_at", "meeting__actual_started_at", "meeting__actual_ended_at"
        )
    )
    prep = dict(
        AgendaItem.objects.filter(project=ctx.project, meeting_id__in={r["meeting_id"] for r in rows})
        .values("meeting_id")
        .annotate(total=Sum("prepare_minutes"))
        .values_list("meeting_id", "total")
    )
    pieces = 0
    for row in rows:
        start, end = row["meeting__actual_started_at"], row["meeting__actual_ended_at"]
        if start is None or end is None:
            continue
        came = max(start, row["arrived_at"] or start)
        went = min(end, row["left_at"] or end)
        minutes = max(0, int((went - came).total_seconds() // 60))
        person = row["user_id"]
        by_kind[person]["meetings"] += _hours(minutes)
        by_kind[person]["preparation"] += _hours(prep.get(row["meeting_id"]) or 0)
        by_month[person, _month(start)] += _hours(minutes + (prep.get(row["meeting_id"]) or 0))
        pieces += 1
    for person, hours, day in Contribution.objects.filter(
        project=ctx.project,
        person_id__in=partners,
        status=Contribution.Status.CONFIRMED,
        checked_at__lte=ctx.as_of,
        source__in=[Contribution.Source.PERSON, Contribution.Source.ORGANISER],
        hours__gt=0,
    ).values_list("person_id", "hours", "date"):
        by_kind[person]["other"] += hours or Decimal(0)
        by_month[person, (day.year, day.month)] += hours or Decimal(0)
        pieces += 1
    return by_kind, by_month, pieces


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _claims(ctx: HealthContext, partners: set[int]) -> tuple[dict[int, Decimal], dict[int, Decimal], list, int]:
    """From partners' time claims (1 query): hours approved and hours turned down by choice, per partner;
    claims for work away from meetings as (person, hours, day), which count as recorded work; and how
    many claims were waiting for approval."""
    total = Coalesce(F("hours"), Value(Decimal("0")), output_field=HOURS) + Coalesce(
        F("prep_hours"), Value(Decimal("0")), output_field=HOURS
    )
    sent = Q(submitted_at__lte=ctx.as_of) & ~Q(status__in=[ClaimStatus.WITHDRAWN, ClaimStatus.REFUSED])
    approved = Q(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID], approved_at__lte=ctx.as_of)
    rows = (
        Claim.objects.filter(project=ctx.project, claimant_id__in=partners, kind=ClaimKind.TIME)
        .filter(sent)
        .annotate(total=total, is_approved=_flag(approved))
        .values_list("claimant_id", "total", "choice", "status", "is_approved", "meeting_id", "work_date")
    )
    paid: dict[int, Decimal] = defaultdict(Decimal)
    turned_down: dict[int, Decimal] = defaultdict(Decimal)
    away: list[tuple[int, Decimal, object]] = []
    to_approve = 0
    for person, hours, choice, status, is_approved, meeting_id, day in rows:
        if meeting_id is None:
            away.append((person, hours, day))
        if choice in NOT_PAID_BY_CHOICE or status == ClaimStatus.DECLINED:  # a lower amount of nothing, too
            turned_down[person] += hours
        elif is_approved:
            paid[person] += hours
        else:
            to_approve += 1
    return paid, turned_down, away, to_approve


def _choosers(ctx: HealthContext, partners: set[int]) -> set[int]:
    """Partners whose payment choice at ``as_of`` was not to be paid: the project's own, else their usual one."""
    project_choice: dict[int, str] = {}
    usual: dict[int, str] = {}
    for user_id, project_id, choice in PaymentChoice.objects.filter(
        Q(project=ctx.project) | Q(project__isnull=True), user_id__in=partners, updated_at__lte=ctx.as_of
    ).values_list("user_id", "project_id", "choice"):
        (project_choice if project_id else usual)[user_id] = choice
    return {p for p in partners if project_choice.get(p, usual.get(p)) in NOT_PAID_BY_CHOICE}


def measure(ctx: HealthContext) -> Finding:
    """Share (%) of partner hours recorded by ``ctx.as_of`` that were paid or turned down by choice.

    Evidence: the meetings partners came to and the tasks with hours they did (each counted once per
    person). Figures: hours recorded (meetings, preparation, other work), hours paid or turned down,
    hours not paid, and hours beyond the offer's hours a month. Six queries whatever the amount of data.
    """
    partners = set(
        Membership.objects.filter(project=ctx.project, role=MemberRole.PARTNER, joined_at__lte=ctx.as_of).values_list(
            "user_id", flat=True
        )
    )
    by_kind, by_month, pieces = _recorded(ctx, partners)
    paid, turned_down, away, to_approve = _claims(ctx, partners)
    for person, hours, day in away:
        by_kind[person]["other"] += hours
        by_month[person, (day.year, day.month)] += hours
        pieces += 1
    choosers = _choosers(ctx, partners)
    recorded_total = Decimal(0)
    covered_total = Decimal(0)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for person, kinds in by_kind.items():
        recorded = sum(kinds.values(), Decimal(0))
        for kind, hours in kinds.items():
            totals[kind] += hours
        recorded_total += recorded
        covered = recorded if person in choosers else min(recorded, paid[person] + turned_down[person])
        covered_total += covered
    offer = ctx.project.hours_per_month
    beyond = (
        sum((max(Decimal(0), hours - offer) for hours in by_month.values()), Decimal(0)) if offer is not None else None
    )
    # Never "100%" while any hour is not paid, never "0%" while any is (health.counting.share_percent).
    value = share_percent(covered_total, recorded_total)
    rating = THRESHOLD.rate(value, pieces)
    claims_url = reverse("payments:project_claims", args=[ctx.project.pk])
    unpaid = recorded_total - covered_total
    figures = (
        Figure(
            label="Partner hours recorded",
            value=f"{_round(recorded_total)} hours: {_round(totals['meetings'])} at meetings, "
            f"{_round(totals['preparation'])} getting ready, {_round(totals['other'])} other work",
            url=reverse("credits:ledger", args=[ctx.project.pk]),
        ),
        Figure(label="Hours paid or turned down by choice", value=hours_words(covered_total), url=claims_url),
        Figure(label="Hours not paid", value=hours_words(unpaid), url=claims_url),
        Figure(
            label="Hours beyond what the role offer said",
            value="The offer gives no hours" if beyond is None else hours_words(beyond),
            url=reverse("projects:offer", args=[ctx.project.pk]),
        ),
    )
    if to_approve:
        action = Action(text=f"Approve the claims waiting ({to_approve})", url=claims_url)
    elif unpaid > 0:
        action = Action(text="Help partners claim for the hours they gave", url=claims_url)
    else:
        action = None
    return Finding(
        rating=rating,
        value=value,
        evidence=pieces,
        summary=_summary(recorded_total, covered_total),
        action=action,
        figures=figures,
    )


def _summary(recorded: Decimal, covered: Decimal) -> str:
    """The finding in words. The share is never "all" while any hour is not paid (``health.counting``)."""
    if not recorded:
        return "No partner hours are recorded yet."
    gave = f"Partners gave {hours_words(recorded)}."
    if covered >= recorded:
        return f"{gave} All of them were paid, or the partner chose not to be paid."
    unpaid = hours_words(recorded - covered)
    share = share_words(covered, recorded)
    return (
        f"{gave} {share[:1].upper()}{share[1:]} of them were paid, or the partner chose not to be paid. "
        f"{unpaid[:1].upper()}{unpaid[1:]} were not paid."
    )


SIGN = register_sign(
    Sign(
        number=7,
        key="unpaid_work",
        title="Unpaid work under the guise of volunteering",
        plain=_("People gave their time and were not paid"),
        measures="The share of partner hours that were paid, or that partners chose not to be paid for.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
