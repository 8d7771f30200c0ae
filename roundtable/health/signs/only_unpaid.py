"""Sign 9, "The only one not paid": meetings where staff were paid to be there and a partner was not.

A meeting counts when its register was recorded by ``ctx.as_of`` (``Meeting.attendance_recorded_at``),
someone came in paid work time (``Attendance.paid_work_time``, or the role staff) and at least one
partner came. A partner who came was paid, or chose not to be, when by ``as_of`` they had sent a time
claim for that meeting that was not withdrawn or refused (including one declined by their choice), or
their payment choice (for the project, else their usual one) was "no payment", "give it to a charity"
or "costs only". The same rule as ``payments.selectors.pay_parity``, read as at a moment.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.health.counting import share_percent
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.meetings.models import Attendance, AttendanceStatus
from roundtable.payments.models import Choice, Claim, ClaimKind, ClaimStatus, PaymentChoice

NOT_PAID_BY_CHOICE = (Choice.DECLINE, Choice.DONATE, Choice.EXPENSES_ONLY)

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("100"),
    at_risk=Decimal("80"),
    higher_is_better=True,
    min_evidence=2,
    evidence_noun="meetings with paid staff and partners",
    evidence_noun_one="meeting with paid staff and partners",
    source="A parent carer's recommendation 1 (pay people for their time) and the NIHR's guidance on "
    "paying people (pay fairly next to the rest of the team). The 100% and 80% are our own starting point, "
    "to be reviewed with partners.",
)


def measure(ctx: HealthContext) -> Finding:
    """Share (%) of meetings with paid staff where every partner who came was paid or chose not to be.

    Good means no meeting left a partner as the only one not paid. Evidence: meetings recorded by
    ``ctx.as_of`` with someone in paid work time and a partner there. Figures: such meetings where a
    partner was not paid, and how many times a partner came with no claim. Three queries whatever the
    amount of data.
    """
    rows = Attendance.objects.filter(
        project=ctx.project,
        status=AttendanceStatus.ATTENDED,
        meeting__attendance_recorded_at__lte=ctx.as_of,
        recorded_at__lte=ctx.as_of,
    ).values_list("meeting_id", "user_id", "role", "paid_work_time", "meeting__starts_at")
    paid_staff: set[int] = set()
    partners: dict[int, set[int]] = defaultdict(set)
    starts = {}
    for meeting_id, user_id, role, paid_time, starts_at in rows:
        starts[meeting_id] = starts_at
        if paid_time or role == Attendance.Role.STAFF:
            paid_staff.add(meeting_id)
        elif role == Attendance.Role.PARTNER:
            partners[meeting_id].add(user_id)
    meetings = [m for m in paid_staff if partners[m]]
    people = set().union(*(partners[m] for m in meetings)) if meetings else set()
    claimed = set(
        Claim.objects.filter(
            project=ctx.project, meeting_id__in=meetings, kind=ClaimKind.TIME, submitted_at__lte=ctx.as_of
        )
        .exclude(status__in=[ClaimStatus.WITHDRAWN, ClaimStatus.REFUSED, ClaimStatus.DRAFT])
        .values_list("meeting_id", "claimant_id")
    )
    chose = _choosers(ctx, people)
    unpaid = {m: {p for p in partners[m] if (m, p) not in claimed and p not in chose} for m in meetings}
    short = sorted((m for m in meetings if unpaid[m]), key=lambda m: (starts[m], m))
    times = sum(len(unpaid[m]) for m in short)
    value = share_percent(len(meetings) - len(short), len(meetings))
    project_id = ctx.project.pk
    latest = reverse("meetings:attendance", args=[project_id, short[-1]]) if short else ""
    figures = (
        Figure(
            label="Meetings where a partner was the only one not paid",
            value="None" if not short else f"{len(short)} of {len(meetings)}",
            url=latest or reverse("meetings:list", args=[project_id]),
        ),
        Figure(
            label="Times a partner came and has no claim",
            value=str(times),
            url=reverse("payments:project_claims", args=[project_id]),
        ),
    )
    action = Action(text="Check who came and help each partner claim", url=latest) if short else None
    return Finding(
        rating=THRESHOLD.rate(value, len(meetings)),
        value=value,
        evidence=len(meetings),
        summary=_summary(len(meetings), len(short)),
        action=action,
        figures=figures,
    )


def _choosers(ctx: HealthContext, people: set[int]) -> set[int]:
    """People whose payment choice at ``as_of`` was not to be paid: the project's own, else their usual one."""
    project_choice: dict[int, str] = {}
    usual: dict[int, str] = {}
    for user_id, project_id, choice in PaymentChoice.objects.filter(
        Q(project=ctx.project) | Q(project__isnull=True), user_id__in=people, updated_at__lte=ctx.as_of
    ).values_list("user_id", "project_id", "choice"):
        (project_choice if project_id else usual)[user_id] = choice
    return {p for p in people if project_choice.get(p, usual.get(p)) in NOT_PAID_BY_CHOICE}


def _summary(meetings: int, short: int) -> str:
    if not meetings:
        return "No meeting yet had staff there in paid time and partners there too."
    if not short:
        return (
            f"At all {meetings} meetings where staff were paid to be there, partners were paid too, or chose not to be."
        )
    word = "meeting" if short == 1 else "meetings"
    return f"At {short} of {meetings} {word} where staff were paid to be there, a partner was not paid."


SIGN = register_sign(
    Sign(
        number=9,
        key="only_unpaid",
        title="The only one not paid",
        plain=_("Staff were paid to be there and a partner was not"),
        measures="The share of meetings with paid staff where every partner who came was paid or chose not to be.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
