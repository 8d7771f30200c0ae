"""Every read a payments page needs, scoped to the viewer. Query counts do not grow with the data
(pinned in tests/test_queries.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.paging import Pager, page_number
from roundtable.lib.pdf import describe_characters, undrawable
from roundtable.lib.rawsql import Table
from roundtable.meetings.models import Attendance, AttendanceStatus, Meeting
from roundtable.payments.benefits import claim_warnings, expected_pay_day, uc_period, week_warnings
from roundtable.payments.models import (
    BenefitRecord,
    Choice,
    Claim,
    ClaimStatus,
    EarningsLimit,
    PaymentChoice,
    PaymentRun,
    PaymentSettings,
    Statement,
)
from roundtable.payments.services import payee_references, run_missing_payees, settings_for
from roundtable.projects.models import Membership, Project

OPEN_STATUSES = [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED]
CLAIMED_STATUSES = [ClaimStatus.SUBMITTED, ClaimStatus.QUERIED, ClaimStatus.APPROVED, ClaimStatus.PAID]


def _claims():
    return Claim.objects.select_related("project", "meeting", "run", "organisation", "created_by")


@dataclass
class MyPayments:
    drafts: list[Claim]  # every claim waiting for the person to check it (draft or queried), newest work first
    claims: list[Claim]  # one page of the rest, newest work first
    pager: Pager  # the page of ``claims`` (?page=N; lib/paging.py)
    statements: list[Statement]
    warnings: dict
    record: BenefitRecord | None
    default_choice: PaymentChoice | None


# A person's own claims, a page at a time: those they must check come first, all of them; the rest 25 a page.
MY_CLAIMS_PER_PAGE = 25
TO_CHECK = (ClaimStatus.DRAFT, ClaimStatus.QUERIED)


def _my_claim_counts(user_id: int) -> tuple[int, int]:
    """(claims the person must check, their other claims), counted in one query."""
    claim = Table(Claim)
    # Only names from the models go into the text; every value is a parameter.
    sql = (
        f"SELECT COUNT(CASE WHEN {claim.status} IN (%s, %s) THEN 1 END), "  # noqa: S608
        f"COUNT(CASE WHEN {claim.status} NOT IN (%s, %s) THEN 1 END) "
        f"FROM {claim} WHERE {claim.claimant} = %s"
    )
    check = [str(value.value) for value in TO_CHECK]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*check, *check, user_id])
        to_check, others = cursor.fetchone()
    return to_check, others


def my_payments(*, user, params=None, per_page: int = MY_CLAIMS_PER_PAGE) -> MyPayments:
    """The person's own claims page. ``params``: the request's query (``page`` picks the page of their other
    claims; a page past the last shows the last). Claims to check (drafts made from a register, claims
    queried) are all shown first; the rest come ``per_page`` at a time, newest work first, each with its
    project's title. ``warnings``: Carer's Allowance warnings by claim id for the claims shown, only when
    the person's private record says they get it. Statements: the newest 50. Six queries at most (the
    counts; the claims to check and the page of the rest, each only when there are any; the benefit record,
    the statements and the default choice), plus the Carer's Allowance check's own; none grows with the claims.
    """
    to_check, others = _my_claim_counts(user.pk)
    raw_page = str((params or {}).get("page", ""))
    pager = Pager.clamped(page=page_number(raw_page), per_page=per_page, total=others)
    mine = Claim.objects.filter(claimant=user).select_related("project", "created_by")
    drafts = list(mine.filter(status__in=TO_CHECK).order_by("-work_date", "-id")) if to_check else []
    claims = (
        list(mine.exclude(status__in=TO_CHECK).order_by("-work_date", "-id")[pager.offset : pager.offset + per_page])
        if others
        else []
    )
    record = BenefitRecord.objects.filter(user=user).first()
    return MyPayments(
        drafts=drafts,
        claims=claims,
        pager=pager,
        statements=list(Statement.objects.filter(person=user).select_related("run__organisation")[:50]),
        warnings=week_warnings([*drafts, *claims]) if record and record.carers_allowance else {},
        record=record,
        default_choice=PaymentChoice.objects.filter(user=user, project__isnull=True).first(),
    )


@dataclass
class ClaimView:
    claim: Claim
    warnings: list
    uc: tuple[dt.date, dt.date] | None
    pay_day: dt.date
    rules: PaymentSettings
    limit: EarningsLimit | None = None
    corrections: list[Claim] = field(default_factory=list)
    must_choose: bool = False  # it cannot be sent until the person chooses (said without saying why)

    @property
    def warning(self):
        return self.warnings[0] if self.warnings else None


def claim_view(*, claim: Claim, show_benefits: bool) -> ClaimView:
    """One claim; the benefits part only for the claimant or finance (the caller decides and audits).

    Anyone else who may send it (an organiser, for someone) learns only ``must_choose``: that the person
    has to choose before it is sent, never the benefit or the figures.
    """
    rules = settings_for(claim.organisation_id)
    pay_day = expected_pay_day(claim, rules)
    uc = None
    found = claim_warnings([claim]).get(claim.pk, []) if claim.is_fee else []
    must_choose = bool(found) and claim.choice_made_at is None and claim.can_change
    if show_benefits:
        record = BenefitRecord.objects.filter(user_id=claim.claimant_id).first()
        uc = uc_period(record, pay_day)
    return ClaimView(
        claim=claim,
        warnings=found if show_benefits else [],
        uc=uc,
        pay_day=pay_day,
        rules=rules,
        corrections=list(claim.corrections.order_by("id")),
        must_choose=must_choose,
    )


@dataclass
class ParityFlag:
    meeting: Meeting
    person_name: str
    user_id: int


def pay_parity(*, project) -> list[ParityFlag]:
    """Meetings where staff came in paid time and a partner came with no claim and no choice to decline.

    One query when no meeting of the project has a register with staff in paid time (the usual case),
    four otherwise, whatever the number of claims: claims are looked up by meeting, not by project."""
    meeting_ids = list(
        Meeting.objects.filter(project=project, attendance_recorded_at__isnull=False, attendance__paid_work_time=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    if not meeting_ids:
        return []
    rows = (
        Attendance.objects.filter(
            meeting_id__in=meeting_ids, role=Attendance.Role.PARTNER, status=AttendanceStatus.ATTENDED
        )
        .select_related("user", "meeting")
        .order_by("meeting__starts_at", "id")
    )
    claimed = {
        (meeting_id, claimant_id)
        for meeting_id, claimant_id, project_id in Claim.objects.filter(meeting_id__in=meeting_ids)
        .filter(Q(status__in=CLAIMED_STATUSES) | Q(status=ClaimStatus.DECLINED))
        .values_list("meeting_id", "claimant_id", "project_id")
        if project_id == project.pk
    }
    decliners = set(
        PaymentChoice.objects.filter(choice=Choice.DECLINE)
        .filter(Q(project=project) | Q(project__isnull=True))
        .values_list("user_id", flat=True)
    )
    return [
        ParityFlag(meeting=row.meeting, person_name=str(row.user), user_id=row.user_id)
        for row in rows
        if (row.meeting_id, row.user_id) not in claimed and row.user_id not in decliners
    ]


def project_members(*, project) -> list:
    """The project's active members, for the paid-in-advance form (every one: the form chooses from them)."""
    from roundtable.accounts.models import User

    return list(
        User.objects.filter(memberships__project=project, memberships__status=Membership.Status.ACTIVE)
        .order_by("full_name", "id")
        .distinct()
    )


def _claims_page_counts(project_id: int) -> dict[str, int]:
    """``{"waiting", "others", "members"}``: the project's claims waiting for approval, its other claims
    and its active members, counted in one query (table and column names taken from the models)."""
    claim, membership = Claim._meta, Membership._meta
    status = claim.get_field("status").column
    claims_in = f'FROM "{claim.db_table}" WHERE "{claim.get_field("project").column}" = %s'
    members_in = (
        f'FROM "{membership.db_table}" WHERE "{membership.get_field("project").column}" = %s '
        f'AND "{membership.get_field("status").column}" = %s'
    )
    # Only names from the models go into the text; every value is a parameter.
    sql = (
        f'SELECT (SELECT COUNT(*) {claims_in} AND "{status}" = %s), '  # noqa: S608
        f'(SELECT COUNT(*) {claims_in} AND "{status}" <> %s), '
        f'(SELECT COUNT(DISTINCT "{membership.get_field("user").column}") {members_in})'
    )
    submitted, active = str(ClaimStatus.SUBMITTED.value), str(Membership.Status.ACTIVE.value)
    with connection.cursor() as cursor:
        cursor.execute(sql, [project_id, submitted, project_id, submitted, project_id, active])
        waiting, others, members = cursor.fetchone()
    return {"waiting": waiting, "others": others, "members": members}


# The organiser's claims page shows three lists that grow, each a page at a time with its own ?name=N.
CLAIMS_PER_PAGE = 25


def project_claims(*, project, params=None, per_page: int = CLAIMS_PER_PAGE) -> dict:
    """The project's claims page: ``{"to_approve", "others", "members", "parity", "counts"}`` plus a
    pager for each list (``waiting_pager``, ``others_pager``, ``members_pager``; lib/paging.py).

    ``params`` is the request's query (``waiting``, ``page`` and ``people`` choose the page of each list;
    anything else is ignored, a page past the last shows the last). Claims waiting for approval come
    oldest first (the order they should be answered in); the others newest work first. Members are the
    active ones, by name. Eight queries, whatever the number of claims or members.
    """
    params = params or {}
    kept = {key: str(params.get(key, "")) for key in ("waiting", "page", "people")}
    counts = _claims_page_counts(project.pk)
    members = User.objects.filter(
        pk__in=Membership.objects.filter(project=project, status=Membership.Status.ACTIVE).values("user_id")
    )
    waiting = Pager.clamped(
        page=page_number(kept["waiting"]), per_page=per_page, total=counts["waiting"], query=kept, param="waiting"
    )
    others = Pager.clamped(page=page_number(kept["page"]), per_page=per_page, total=counts["others"], query=kept)
    people = Pager.clamped(
        page=page_number(kept["people"]), per_page=per_page, total=counts["members"], query=kept, param="people"
    )
    claims = (
        Claim.objects.filter(project=project)
        .select_related("claimant")
        .defer("claimant__password", "claimant__last_login")
    )
    return {
        "to_approve": list(
            claims.filter(status=ClaimStatus.SUBMITTED).order_by("submitted_at", "work_date", "pk")[
                waiting.offset : waiting.offset + per_page
            ]
        ),
        "others": list(
            claims.exclude(status=ClaimStatus.SUBMITTED).order_by("-work_date", "-pk")[
                others.offset : others.offset + per_page
            ]
        ),
        "members": list(members.order_by("full_name", "id")[people.offset : people.offset + per_page]),
        "parity": pay_parity(project=project),
        "counts": counts,
        "waiting_pager": waiting,
        "others_pager": others,
        "members_pager": people,
    }


@dataclass
class Timeliness:
    target_days: int
    overdue: list[Claim]
    paid_count: int
    within_target: int

    @property
    def share_within_target(self) -> Decimal | None:
        if not self.paid_count:
            return None
        return (Decimal(self.within_target) * 100 / Decimal(self.paid_count)).quantize(Decimal("1"))


def timeliness(*, organisation, since_days: int = 365, today: dt.date | None = None) -> Timeliness:
    """Claims past the target days and not paid; the share paid within target (the health check reads this)."""
    rules = settings_for(organisation)
    today = today or timezone.localdate()
    cutoff = add_calendar_days(timezone.now(), -rules.target_days)
    overdue = list(
        Claim.objects.filter(organisation=organisation, status__in=OPEN_STATUSES, submitted_at__lt=cutoff)
        .select_related("claimant", "project")
        .order_by("submitted_at")[:100]
    )
    paid = Claim.objects.filter(
        organisation=organisation,
        status=ClaimStatus.PAID,
        paid_on__gte=today - dt.timedelta(days=since_days),
        submitted_at__isnull=False,
    ).values_list("submitted_at", "paid_on")
    count = within = 0
    for submitted_at, paid_on in paid.iterator():
        assert paid_on is not None  # a paid claim has its day
        count += 1
        if (paid_on - timezone.localtime(submitted_at).date()).days <= rules.target_days:
            within += 1
    return Timeliness(target_days=rules.target_days, overdue=overdue, paid_count=count, within_target=within)


def finance_home(*, organisation) -> dict:
    waiting = Claim.objects.filter(
        organisation=organisation, status=ClaimStatus.APPROVED, run__isnull=True, held_at__isnull=True
    ).aggregate(n=Count("id"), total=Sum("payable"))
    held = list(
        Claim.objects.filter(organisation=organisation, status=ClaimStatus.APPROVED, held_at__isnull=False)
        .select_related("claimant", "project")
        .order_by("held_at")[:100]
    )
    return {
        "held": held,
        "waiting_count": waiting["n"] or 0,
        "waiting_total": waiting["total"] or Decimal("0"),
        "runs": list(PaymentRun.objects.filter(organisation=organisation).annotate(n=Count("claims"))[:20]),
        "timeliness": timeliness(organisation=organisation),
        "rules": settings_for(organisation),
    }


def run_page(*, run: PaymentRun, show_benefits: bool, pay_on: dt.date | None = None, limit: int = 500) -> dict:
    """A payment run: its claims, who has no payee reference yet, and (for finance only) benefits warnings.

    ``pay_on``: the London day finance means to pay an open run (today if not given); the warnings check
    that pay week as well as each week worked. Warnings are a dict of claim id to a list of WeekWarning.
    """
    claims = list(
        Claim.objects.filter(run=run)
        .select_related("claimant", "project")
        .order_by("claimant__full_name", "id")[:limit]
    )
    count = Claim.objects.filter(run=run).count() if len(claims) == limit else len(claims)
    warnings = {}
    if show_benefits and run.status == PaymentRun.Status.OPEN:
        warnings = claim_warnings(claims, run_pay_on={run.pk: pay_on or timezone.localdate()})
    for claim in claims:
        claim.week_warnings = warnings.get(claim.pk, [])
    missing = run_missing_payees(run) if run.status == PaymentRun.Status.OPEN else []
    return {
        "claims": claims,
        "count": count,
        "warnings": warnings,
        "missing_payees": missing,
        "cannot_print": names_that_cannot_print(claim.claimant.full_name for claim in claims),
    }


def names_that_cannot_print(names) -> list[tuple[str, str]]:
    """(name, the characters described) for each name with a character no PDF font can draw, so finance
    is warned before statements go out. No queries: the names are already loaded."""
    out = []
    for name in dict.fromkeys(names):
        missing = undrawable(name)
        if missing:
            out.append((name, describe_characters(missing)))
    return out


def run_rows(*, run: PaymentRun):
    """Every claim in a run that the bank pays, for the export, in one query, streamed (not costs paid in advance)."""
    payees = payee_references(Claim.objects.filter(run=run).values_list("claimant_id", flat=True).distinct())
    rows = (
        Claim.objects.filter(run=run, paid_in_advance=False)  # the organisation already paid those itself
        .order_by("claimant__full_name", "id")
        .values_list(
            "id",
            "claimant_id",
            "claimant__full_name",
            "project__title",
            "kind",
            "expense_kind",
            "work_date",
            "payable",
            "currency",
            "choice",
            "charity",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        yield row, payees.get(row[1], "")


def statement_for(*, run: PaymentRun, person) -> list[Claim]:
    return list(Claim.objects.filter(run=run, claimant=person).select_related("project").order_by("work_date", "id"))


def letter_claims(*, person) -> list[Claim]:
    return list(
        Claim.objects.filter(claimant=person, status=ClaimStatus.PAID, paid_in_advance=False)
        .select_related("project__organisation", "project__contact", "approved_by")
        .order_by("paid_on", "id")
    )


def project_panel(*, project, access, user) -> dict:
    """The project page's panel for this app (``projects.panels``): links only, so no data and no queries."""
    return {}


# --- A person's own payment pages ----------------------------------------------------------------


def claimable_member(*, project: Project, user_id) -> User | None:
    """The active member of this project with this id (``user_id`` as typed in the address; anything not
    a number finds nobody), whom an organiser may claim for; None otherwise (1 query)."""
    return User.objects.filter(
        pk=user_id if str(user_id).isdigit() else 0,
        memberships__project=project,
        memberships__status=Membership.Status.ACTIVE,
    ).first()


def my_project(*, user: User, project_id) -> Project | None:
    """One project the person is or was a member of (``project_id`` as typed), or None (1 query)."""
    return Project.objects.filter(pk=project_id if str(project_id).isdigit() else 0, memberships__user=user).first()


def my_active_projects(*, user: User) -> list[Project]:
    """The projects the person takes part in now, to choose one for a payment choice (1 query)."""
    return list(Project.objects.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE))


def my_choice(*, user: User, project: Project | None) -> PaymentChoice | None:
    """The person's saved payment choice for the project, or their general one (``project=None``) (1 query)."""
    return PaymentChoice.objects.filter(user=user, project=project).first()


def my_benefit_record(*, user: User) -> BenefitRecord | None:
    """The person's own private benefits record, or None (1 query). Only for the person's own page."""
    return BenefitRecord.objects.filter(user=user).first()


def earnings_limits() -> list[EarningsLimit]:
    """The dated Carer's Allowance earnings limits, to show the person the rule (1 query)."""
    return list(EarningsLimit.objects.all())


def my_statement(*, user: User, run_id: int) -> Statement:
    """The person's own statement for a payment run, with the run and its organisation; Http404 for
    anyone else's (1 query)."""
    found = Statement.objects.filter(run_id=run_id, person=user).select_related("run__organisation").first()
    if found is None:
        raise Http404
    return found
