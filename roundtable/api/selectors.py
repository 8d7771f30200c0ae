"""Reads for the API and the admin page, each scoped to one organisation. Lists are querysets that
``paging.page`` cuts into pages (one query per page, whatever the data size); filters by day use London days.

The API reads the apps below through their models and rules: members only as each agreed to be shown
(``accounts.CommunicationProfile.display_name``, people who asked not to be named only counted, as
``projects.selectors.member_rows`` shows them to members), papers with whether they are released.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from roundtable.accounts.models import Naming
from roundtable.api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from roundtable.decisions.models import Proposal
from roundtable.health.models import HealthSnapshot
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
