"""Reads for the API and the admin page, each scoped to one organisation. Lists are querysets that
``paging.page`` cuts into pages (one query per page, whatever the data size); filters by day use London days.

The API reads the apps below through their models and rules: members only as each agreed to be shown
(``accounts.CommunicationProfile.display_name``, people who asked not to be named only counted, as
``projects.selectors.member_rows`` shows them to members), papers with whether they are released.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from roundtable.accounts.models import Naming
from roundtable.api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from roundtable.credits import statements
from roundtable.credits.models import Contribution, Output, OutputCredit
from roundtable.credits.naming import profile_credit
from roundtable.credits.types import CREDIT_ROLES, credit_uri
from roundtable.decisions.models import Proposal
from roundtable.health.models import HealthSnapshot
from roundtable.health.registry import signs
from roundtable.health.selectors_pages import month_starts, trend
from roundtable.meetings.models import Meeting, Paper
from roundtable.payments.models import Claim, PaymentRun
from roundtable.projects.models import Membership, Organisation, Project
from roundtable.projects.permissions import can_administer
from roundtable.updates.models import Outcome


def _days(queryset: QuerySet, field: str, since: dt.date | None, until: dt.date | None) -> QuerySet:
    """Rows whose ``field`` falls on London days ``since`` to ``until`` (both included; either may be None)."""
    if since is not None:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until is not None:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


def project_of(organisation: Organisation, project_id: int) -> Project | None:
    """The organisation's project with this id, or None (another organisation's id reads as not there)."""
    return Project.objects.filter(pk=project_id, organisation=organisation).first()


def projects(organisation: Organisation, *, since=None, until=None, status: str | None = None) -> QuerySet:
    """The organisation's projects with their offer and pay rate (every staff member sees every project)."""
    rows = Project.objects.filter(organisation=organisation).select_related("pay_rate")
    if status:
        rows = rows.filter(status=status)
    return _days(rows, "created_at__date", since, until)


def meetings(project: Project, *, since=None, until=None) -> QuerySet:
    """A project's meetings with their papers (one more query per page), by the London day they start."""
    papers = Prefetch("papers", queryset=Paper.objects.filter(version_of__isnull=True).order_by("id"))
    return _days(Meeting.objects.filter(project=project).prefetch_related(papers), "starts_at__date", since, until)


def members(project: Project) -> QuerySet:
    """Active members who agreed to be named, with the profile that says how (people not named are left out)."""
    return (
        Membership.objects.filter(project=project, status=Membership.Status.ACTIVE)
        .exclude(user__profile__naming=Naming.NOT_NAMED)
        .select_related("user__profile")
    )


def members_not_named(project: Project) -> int:
    """How many active members asked not to be named."""
    return Membership.objects.filter(
        project=project, status=Membership.Status.ACTIVE, user__profile__naming=Naming.NOT_NAMED
    ).count()


def member_name(membership: Membership) -> str:
    """The name a member chose to be shown by (as other members see it)."""
    profile = getattr(membership.user, "profile", None)
    return profile.display_name(membership.user) if profile is not None else membership.user.short_name


def decisions(project: Project, *, since=None, until=None) -> QuerySet:
    """A project's proposals and their outcomes, by the London day they were raised."""
    return _days(Proposal.objects.filter(project=project), "created_at__date", since, until)


def outcomes(project: Project, *, since=None, until=None) -> QuerySet:
    """A project's published outcomes, by the London day they were published."""
    return _days(Outcome.objects.filter(project=project), "published_at__date", since, until)


def contributions(project: Project, *, since=None, until=None) -> QuerySet:
    """A project's confirmed contributions with their kind and the person's profile, by the day of the work.
    Suggested and declined entries are the organiser's work in progress, left out."""
    rows = Contribution.objects.filter(project=project, status=Contribution.Status.CONFIRMED).select_related(
        "type", "person__profile"
    )
    return _days(rows, "date", since, until)


def _credit_roles(pairs) -> list[dict]:
    return [{"role": CREDIT_ROLES[role], "id": credit_uri(role), "degree": degree} for role, degree in pairs]


def contribution_out(row: Contribution) -> dict:
    """One contribution for the API, its person named as on the "people behind it" page (``profile_credit``)."""
    name, named, former = profile_credit(row.person)
    roles = [(role, row.degree) for role in row.type.credit_roles if role in CREDIT_ROLES]
    return {
        "id": row.pk,
        "project_id": row.project_id,
        "date": row.date,
        "type": row.type.slug,
        "label": row.type.name,
        "degree": row.degree,
        "credit": _credit_roles(roles),
        "hours": None if row.hours is None else str(row.hours),
        "meeting_id": row.meeting_id,
        "source": row.source,
        "contributor": {"name": name, "named": named, "former_member": former},
    }


def outputs(project: Project, *, since=None, until=None, status: str | None = None) -> QuerySet:
    """A project's outputs, by the London day each was recorded."""
    rows = Output.objects.filter(project=project)
    if status:
        rows = rows.filter(status=status)
    return _days(rows, "created_at__date", since, until)


def output_of(project: Project, output_id: int) -> Output | None:
    """The project's output with this id and what its statements need (three queries), or None."""
    return (
        Output.objects.filter(project=project, pk=output_id)
        .prefetch_related(
            Prefetch("credits", queryset=OutputCredit.objects.select_related("person__credit_profile")),
            Prefetch("contributions", queryset=Contribution.objects.select_related("type")),
        )
        .first()
    )


def output_out(row: Output) -> dict:
    """One output for the API; its acknowledgement and contributors only once published (``statements``)."""
    published = row.status == Output.Status.PUBLISHED
    people = statements.credited_people(row) if published else []
    return {
        "id": row.pk,
        "project_id": row.project_id,
        "kind": row.kind,
        "title": row.title,
        "status": row.status,
        "link": row.link,
        "created_at": row.created_at,
        "published_at": row.published_at,
        "acknowledgement": statements.acknowledgement(row, people) if published else None,
        "contributors": statements.roles_data(row, people)["contributors"] if published else None,
    }


def health_trends(project: Project, *, months: int) -> dict:
    """Each sign's monthly trend for the API (``health.selectors_pages.trend``): two queries."""
    points = trend(project, months=months)
    by_number = {sign.number: sign for sign in signs()}
    return {
        "project_id": project.pk,
        "months": month_starts(timezone.localdate(), months),
        "signs": [
            {
                "sign": number,
                "key": by_number[number].key,
                "title": str(by_number[number].title),
                "unit": by_number[number].threshold.unit,
                "points": [
                    {
                        "month": p.month,
                        "rating": p.rating,
                        "value": None if p.value is None else str(p.value),
                        "evidence": p.evidence,
                        "taken_on": p.taken_on,
                    }
                    for p in series
                ],
            }
            for number, series in points.items()
            if number in by_number
        ],
    }


def health_snapshots(organisation: Organisation, *, project_id=None, since=None, until=None) -> QuerySet:
    """The nightly health check figures of the organisation's projects, by the day they describe."""
    rows = HealthSnapshot.objects.filter(project__organisation=organisation)
    if project_id is not None:
        rows = rows.filter(project_id=project_id)
    return _days(rows, "taken_on", since, until)


def claims(
    organisation: Organisation, *, status=None, project_id=None, since=None, until=None, run_id=None
) -> QuerySet:
    """The organisation's claims (drafts left out: nobody has sent them), by their work day."""
    rows = Claim.objects.filter(organisation=organisation).exclude(status="draft").select_related("claimant")
    if status:
        rows = rows.filter(status=status)
    if project_id is not None:
        rows = rows.filter(project_id=project_id)
    if run_id is not None:
        rows = rows.filter(run_id=run_id)
    return _days(rows, "work_date", since, until)


def claim_of(organisation: Organisation, claim_id: int) -> Claim | None:
    """The organisation's claim with this id, or None."""
    return Claim.objects.filter(pk=claim_id, organisation=organisation).select_related("project", "claimant").first()


def runs(organisation: Organisation, *, status=None, since=None, until=None) -> QuerySet:
    """The organisation's payment runs, by the London day they were made."""
    rows = PaymentRun.objects.filter(organisation=organisation)
    if status:
        rows = rows.filter(status=status)
    return _days(rows, "created_at__date", since, until)


def run_of(organisation: Organisation, run_id: int) -> PaymentRun | None:
    """The organisation's payment run with this id, or None."""
    return PaymentRun.objects.filter(pk=run_id, organisation=organisation).first()


# --- The admin page ------------------------------------------------------------------------------


def organisation_panel(*, organisation, roles, user) -> dict | None:
    """The organisation page's link to API tokens and webhooks: for its admins only. No query."""
    return {} if can_administer(roles) else None


def admin_page(organisation: Organisation, *, deliveries: int = 50) -> dict:
    """Tokens (newest first), endpoints and the latest deliveries with their status, for the admin page. 3 queries."""
    return {
        "tokens": list(ApiToken.objects.filter(organisation=organisation).select_related("created_by")),
        "endpoints": list(WebhookEndpoint.objects.filter(organisation=organisation)),
        "deliveries": list(
            WebhookDelivery.objects.filter(endpoint__organisation=organisation).select_related("endpoint")[:deliveries]
        ),
    }


def token_of(organisation: Organisation, token_id) -> ApiToken | None:
    """The organisation's token with this id, or None."""
    return ApiToken.objects.filter(Q(pk=token_id) & Q(organisation=organisation)).first()


def endpoint_of(organisation: Organisation, endpoint_id) -> WebhookEndpoint | None:
    """The organisation's webhook endpoint with this id, or None."""
    return WebhookEndpoint.objects.filter(pk=endpoint_id, organisation=organisation).first()


def delivery_of(organisation: Organisation, delivery_id) -> WebhookDelivery | None:
    """A delivery to one of the organisation's endpoints, or None."""
    return (
        WebhookDelivery.objects.filter(pk=delivery_id, endpoint__organisation=organisation)
        .select_related("endpoint")
        .first()
    )
