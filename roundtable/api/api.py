"""The REST API at /api/v1/ (django-ninja): OpenAPI 3 at /api/v1/openapi.json, browsable docs at /api/v1/docs.

Every request carries ``Authorization: Bearer <token>``. ``TokenAuth`` checks the token
(``services.token_check``), its rate (``RATE_LIMIT`` a minute per token, in the cache; then 429 with
Retry-After) and audits the use. Each endpoint then asks ``permissions.refusal`` for its group. Errors are
JSON ``{"detail": "...", "errors": {...}}`` with a 4xx status; a server error is a bug.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from roundtable.accounts.models import User
from roundtable.api import paging, schemas, selectors
from roundtable.api.models import ApiToken
from roundtable.api.permissions import refusal
from roundtable.api.services import TokenRefused, token_check, token_use_record
from roundtable.credits.models import Output
from roundtable.payments import services as payments
from roundtable.payments.models import ClaimStatus, PaymentRun
from roundtable.projects.models import Project

MAX_BODY = 16 * 1024  # bytes: every request body the API takes is small; more is refused with 413
ERRORS: dict[int | tuple[int, ...], Any] = {
    (400, 401, 403, 404, 413, 422, 429): schemas.ErrorOut,
}
LIMIT = Query(50, ge=1, le=200, description="Rows per page, 1 to 200.")
SINCE = Query(None, description="From this day on (a London day; for claims, the day of the work).")
MONTHS = Query(12, ge=1, le=36, description="How many months, 1 to 36, ending with this month.")
UNTIL = Query(None, description="Up to and including this day (a London day; for claims, the day of the work).")


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


class TooBig(Exception):
    pass


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> ApiToken:
        header = request.headers.get("Authorization", "")
        scheme, _space, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise TokenRefused("Send your token in the header: Authorization: Bearer <token>.")
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = token_check(token)
        limit = getattr(settings, "API_RATE_LIMIT", 120)
        window = int(timezone.now().timestamp() // 60)
        key = f"api-rate:{found.pk}:{window}"
        cache.add(key, 0, timeout=120)
        if cache.incr(key) > limit:
            raise RateLimited(retry_after=60 - int(timezone.now().timestamp()) % 60)
        length = request.headers.get("Content-Length") or "0"
        if not length.isdigit() or int(length) > MAX_BODY:
            raise TooBig
        token_use_record(token=found, method=request.method or "", path=request.path)
        return found


api = NinjaAPI(
    title="Roundtable API",
    version="1",
    description="Read an organisation's projects, meetings, decisions, contributions, outputs, health figures "
    "and trends, claims and payment runs; approve claims and mark payment runs paid. See docs/api.md.",
    auth=TokenAuth(),
    urls_namespace="api-v1",
)


def _error(request: HttpRequest, status: int, detail: str, errors: dict | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(TokenRefused)
def _refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    response = _error(request, 401, str(exc))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _refused(request, TokenRefused("Send your token in the header: Authorization: Bearer <token>."))


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = _error(
        request, 429, f"Too many requests with this token. Wait {exc.retry_after} seconds, then carry on."
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(TooBig)
@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 413, f"The request body is too big. Send at most {MAX_BODY} bytes of JSON.")


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, str] = {}
    for item in exc.errors:
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("body", "payload", "query"))
        message = str(item.get("msg", "is not valid"))
        if item.get("type") == "extra_forbidden":
            message = "This field is not one we know. Take it out, or check its spelling."
        errors[where or "request"] = message
    return _error(request, 422, "Some of what you sent is not right. See errors for each field.", errors)


@api.exception_handler(DjangoValidationError)
def _refused_by_rules(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: " ".join(str(m) for m in messages) for field, messages in exc.message_dict.items()}
        return _error(request, 400, " ".join(errors.values()), errors)
    return _error(request, 400, " ".join(str(m) for m in exc.messages))


def _actor(token: ApiToken) -> User:
    """Who a token's writes are done (and audited) as: the admin who made it (``token_check`` made sure)."""
    assert token.created_by is not None
    return token.created_by


def _need(request: HttpRequest, group: str) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    why = refusal(group, role=token.role, scopes=token.scopes)
    if why:
        raise HttpError(403, why)
    return token


def _project(token: ApiToken, project_id: int) -> Project:
    project = selectors.project_of(token.organisation, project_id)
    if project is None:
        raise HttpError(404, "There is no project with this id in your organisation.")
    return project


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _in_project(request: HttpRequest, group: str, project_id: int) -> tuple[ApiToken, Project]:
    """The token, checked for ``group``, and its organisation's project ``project_id`` (404 for anyone else's)."""
    token = _need(request, group)
    return token, _project(token, project_id)


def _page(queryset, *, cursor: str | None, limit: int, out: Callable[[Any], dict], **extra: Any) -> dict:
    """One page of ``queryset`` as ``{"items": [out(row)], "next_cursor": ..., **extra}`` (``paging.page``)."""
    rows, next_cursor = paging.page(queryset, cursor=cursor, limit=limit)
    return {"items": [out(row) for row in rows], "next_cursor": next_cursor, **extra}


def _fields_of(schema: type[Schema]) -> Callable[[Any], dict]:
    """A row -> dict copier for a schema whose fields are all plain attributes of the row."""
    names = list(schema.model_fields)
    return lambda row: {name: getattr(row, name) for name in names}


# --- Organisation and projects -------------------------------------------------------------------


@api.get("/organisation", response={200: schemas.OrganisationOut, **ERRORS}, tags=["organisation"])
def organisation(request: HttpRequest):
    """The token's own organisation, and the token's role, scopes and expiry."""
    token = _need(request, "organisation")
    org = token.organisation
    return {
        "id": org.pk,
        "name": org.name,
        "slug": org.slug,
        "kind": org.kind,
        "currency": org.currency,
        "token": {"name": token.name, "role": token.role, "scopes": token.scopes, "expires_at": token.expires_at},
    }


def _project_out(project: Project) -> dict:
    rate = project.pay_rate
    return {
        "id": project.pk,
        "title": project.title,
        "status": project.status,
        "visibility": project.visibility,
        "created_at": project.created_at,
        "published_at": project.published_at,
        "offer": {
            "purpose": project.purpose,
            "partner_activities": project.partner_activities,
            "hours_per_month": _money(project.hours_per_month),
            "duration_months": project.duration_months,
            "where_and_when": project.where_and_when,
            "pay_rate": _money(rate.amount) if rate else None,
            "currency": rate.currency if rate else project.organisation.currency,
            "unpaid_reason": project.unpaid_reason,
            "preparation_paid": project.preparation_paid,
            "travel_time_paid": project.travel_time_paid,
            "expenses_covered": list(project.expenses_covered or []),
            "input_use": project.input_use,
            "outcome_promise": project.outcome_promise,
            "outcome_due": project.outcome_due,
        },
    }


@api.get("/projects", response={200: schemas.ProjectPage, **ERRORS}, tags=["projects"])
def projects(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
    status: Project.Status | None = None,
):
    """The organisation's projects, each with its role offer."""
    token = _need(request, "projects")
    rows = selectors.projects(token.organisation, since=since, until=until, status=status)

    def out(project: Project) -> dict:
        project.organisation = token.organisation  # no query for its currency
        return _project_out(project)

    return _page(rows, cursor=cursor, limit=limit, out=out)


@api.get("/projects/{project_id}", response={200: schemas.ProjectOut, **ERRORS}, tags=["projects"])
def project(request: HttpRequest, project_id: int):
    """One project and its role offer."""
    token = _need(request, "projects")
    found = _project(token, project_id)
    return _project_out(found)


def _meeting_out(m) -> dict:
    papers = [
        {"id": p.pk, "title": p.title, "format": p.format, "released": p.released_at is not None,
         "released_at": p.released_at}
        for p in m.papers.all()
    ]  # fmt: skip
    fields = ("title", "status", "format", "starts_at", "ends_at")
    return {"id": m.pk, "project_id": m.project_id, **{f: getattr(m, f) for f in fields}, "papers": papers}


@api.get("/projects/{project_id}/meetings", response={200: schemas.MeetingPage, **ERRORS}, tags=["projects"])
def meetings(
    request: HttpRequest,
    project_id: int,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
):
    """A project's meetings, with each paper and whether it is released to members yet."""
    _token, found = _in_project(request, "projects", project_id)
    return _page(selectors.meetings(found, since=since, until=until), cursor=cursor, limit=limit, out=_meeting_out)


@api.get("/projects/{project_id}/members", response={200: schemas.MemberPage, **ERRORS}, tags=["projects"])
def members(request: HttpRequest, project_id: int, cursor: str | None = None, limit: int = LIMIT):
    """A project's active members, only as each agreed to be named; people who asked not to be are counted."""
    _token, found = _in_project(request, "projects", project_id)
    return _page(
        selectors.members(found),
        cursor=cursor,
        limit=limit,
        out=lambda m: {"id": m.pk, "name": selectors.member_name(m), "role": m.role, "joined_at": m.joined_at},
        not_named=selectors.members_not_named(found),
    )


@api.get("/projects/{project_id}/decisions", response={200: schemas.DecisionPage, **ERRORS}, tags=["projects"])
def decisions(
    request: HttpRequest,
    project_id: int,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
):
    """A project's proposals: the question, the state, the result and what was decided."""
    _token, found = _in_project(request, "projects", project_id)
    rows = selectors.decisions(found, since=since, until=until)
    return _page(rows, cursor=cursor, limit=limit, out=_fields_of(schemas.DecisionOut))


@api.get("/projects/{project_id}/outcomes", response={200: schemas.OutcomePage, **ERRORS}, tags=["projects"])
def outcomes(
    request: HttpRequest,
    project_id: int,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
):
    """What a project found or changed, as told to its members."""
    _token, found = _in_project(request, "projects", project_id)
    rows = selectors.outcomes(found, since=since, until=until)
    return _page(rows, cursor=cursor, limit=limit, out=_fields_of(schemas.OutcomeOut))


@api.get("/projects/{project_id}/contributions", response={200: schemas.ContributionPage, **ERRORS}, tags=["credit"])
def contributions(
    request: HttpRequest,
    project_id: int,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
):
    """A project's confirmed contributions (the credit ledger), each person named only as they agreed; the
    words people wrote about their work stay on the pages. Filters are by the day of the work."""
    _token, found = _in_project(request, "credit", project_id)
    rows = selectors.contributions(found, since=since, until=until)
    return _page(rows, cursor=cursor, limit=limit, out=selectors.contribution_out)


@api.get("/projects/{project_id}/outputs", response={200: schemas.OutputPage, **ERRORS}, tags=["credit"])
def outputs(
    request: HttpRequest,
    project_id: int,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
    status: Output.Status | None = None,
):
    """A project's outputs (papers, reports, leaflets ...), by the London day each was recorded. Who each
    credits, and how, is on the output's own endpoint."""
    _token, found = _in_project(request, "credit", project_id)
    rows = selectors.outputs(found, since=since, until=until, status=status)
    return _page(rows, cursor=cursor, limit=limit, out=_fields_of(schemas.OutputOut))


@api.get(
    "/projects/{project_id}/outputs/{output_id}", response={200: schemas.OutputDetailOut, **ERRORS}, tags=["credit"]
)
def output(request: HttpRequest, project_id: int, output_id: int):
    """One output. Once published, it carries its acknowledgement and contributor roles (CRediT), naming
    people exactly as each chose for this output; before that, both are null (people may still be choosing)."""
    _token, found = _in_project(request, "credit", project_id)
    row = selectors.output_of(found, output_id)
    if row is None:
        raise HttpError(404, "There is no output with this id in this project of your organisation.")
    return selectors.output_out(row)


# --- Health ----------------------------------------------------------------------------------------


@api.get("/health", response={200: schemas.HealthPage, **ERRORS}, tags=["health"])
def health(
    request: HttpRequest,
    project_id: int | None = None,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
):
    """The health check's nightly figures: one row per project, sign (1 to 10) and day."""
    token = _need(request, "health")
    if project_id is not None:
        _project(token, project_id)
    rows = selectors.health_snapshots(token.organisation, project_id=project_id, since=since, until=until)
    copy = _fields_of(schemas.HealthOut)
    return _page(rows, cursor=cursor, limit=limit, out=lambda snap: {**copy(snap), "value": _money(snap.value)})


@api.get("/projects/{project_id}/health/trends", response={200: schemas.HealthTrendsOut, **ERRORS}, tags=["health"])
def health_trends(request: HttpRequest, project_id: int, months: int = MONTHS):
    """Each sign's monthly trend, as the project's health page draws it: one point a month, oldest first, the
    last being this month (London). A point is the sign's last nightly figure of that month; a month with
    none has a null rating."""
    _token, found = _in_project(request, "health", project_id)
    return selectors.health_trends(found, months=months)


# --- Payments --------------------------------------------------------------------------------------


def _claim_out(c) -> dict:
    return {
        "id": c.pk,
        "project_id": c.project_id,
        "claimant_id": c.claimant_id,
        "claimant_name": c.claimant.full_name,
        "kind": c.kind,
        "status": c.status,
        "work_date": c.work_date,
        "activity": c.activity,
        "hours": _money(c.hours),
        "amount": str(c.amount),
        "payable": str(c.payable),
        "currency": c.currency,
        "submitted_at": c.submitted_at,
        "approved_at": c.approved_at,
        "query_reason": c.query_reason,
        "run_id": c.run_id,
        "paid_on": c.paid_on,
    }


def _run_out(r: PaymentRun) -> dict:
    return {
        "id": r.pk,
        "number": r.number or 0,
        "status": r.status,
        "total": str(r.total),
        "currency": r.currency,
        "created_at": r.created_at,
        "paid_on": r.paid_on,
        "reference": r.reference,
    }


@api.get("/claims", response={200: schemas.ClaimPage, **ERRORS}, tags=["payments"])
def claims(
    request: HttpRequest,
    status: ClaimStatus | None = None,
    project_id: int | None = None,
    run_id: int | None = None,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
):
    """The organisation's sent claims (drafts are left out), with amounts as decimal strings."""
    token = _need(request, "claims")
    rows = selectors.claims(
        token.organisation, status=status, project_id=project_id, run_id=run_id, since=since, until=until
    )
    return _page(rows, cursor=cursor, limit=limit, out=_claim_out)


def _claim(token: ApiToken, claim_id: int):
    claim = selectors.claim_of(token.organisation, claim_id)
    if claim is None:
        raise HttpError(404, "There is no claim with this id in your organisation.")
    if claim.claimant_id == token.created_by_id:
        raise HttpError(403, "This token acts for the admin who made it, and nobody decides their own claim.")
    return claim


@api.post("/claims/{claim_id}/approve", response={200: schemas.ClaimOut, **ERRORS}, tags=["payments"])
def claim_approve(request: HttpRequest, claim_id: int, payload: schemas.ApproveIn | None = None):
    """Approve a sent claim, as an organiser does on its page. Approving it again changes nothing."""
    token = _need(request, "claims.decide")
    claim = payments.claim_approve(actor=_actor(token), claim=_claim(token, claim_id))
    return _claim_out(claim)


@api.post("/claims/{claim_id}/query", response={200: schemas.ClaimOut, **ERRORS}, tags=["payments"])
def claim_query(request: HttpRequest, claim_id: int, payload: schemas.QueryIn):
    """Ask the person about a sent claim; they are told the reason their way. The same reason again changes nothing."""
    token = _need(request, "claims.decide")
    claim = payments.claim_query(actor=_actor(token), claim=_claim(token, claim_id), reason=payload.reason)
    return _claim_out(claim)


@api.get("/payment-runs", response={200: schemas.RunPage, **ERRORS}, tags=["payments"])
def runs(
    request: HttpRequest,
    status: PaymentRun.Status | None = None,
    cursor: str | None = None,
    limit: int = LIMIT,
    since: dt.date | None = SINCE,
    until: dt.date | None = UNTIL,
):
    """The organisation's payment runs."""
    token = _need(request, "runs")
    rows = selectors.runs(token.organisation, status=status, since=since, until=until)
    return _page(rows, cursor=cursor, limit=limit, out=_run_out)


@api.post("/payment-runs/{run_id}/paid", response={200: schemas.RunOut, **ERRORS}, tags=["payments"])
def run_paid(request: HttpRequest, run_id: int, payload: schemas.PaidIn):
    """Mark a run paid with the bank's reference: each claim is paid once and each person gets a statement.
    Sending it again changes nothing (the first reference stays)."""
    token = _need(request, "runs.pay")
    run = selectors.run_of(token.organisation, run_id)
    if run is None:
        raise HttpError(404, "There is no payment run with this id in your organisation.")
    run = payments.run_mark_paid(
        actor=_actor(token), run=run, paid_on=payload.paid_on, reference=payload.reference.strip()
    )
    return _run_out(run)
