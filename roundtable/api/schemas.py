"""The shapes the API reads and returns (OpenAPI 3 at /api/v1/openapi.json). Money is a decimal string with
its currency beside it (pence are never floats); times are ISO 8601 in UTC; days are ISO dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field


class Strict(Schema):
    """A request body: fields it does not know are refused (422), so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong and what to do about it, in plain words.")
    errors: dict[str, Any] | None = Field(None, description="Per field, what to fix (when the request had fields).")


class TokenOut(Schema):
    name: str
    role: str
    scopes: list[str]
    expires_at: dt.datetime


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    currency: str
    token: TokenOut


class OfferOut(Schema):
    purpose: str
    partner_activities: str
    hours_per_month: str | None
    duration_months: int | None
    where_and_when: str
    pay_rate: str | None = Field(description="The hourly rate as a decimal string, or null when unpaid.")
    currency: str
    unpaid_reason: str
    preparation_paid: bool
    travel_time_paid: bool
    expenses_covered: list[str]
    input_use: str
    outcome_promise: str
    outcome_due: dt.date | None


class ProjectOut(Schema):
    id: int
    title: str
    status: str
    visibility: str
    created_at: dt.datetime
    published_at: dt.datetime | None
    offer: OfferOut


class ProjectPage(Schema):
    items: list[ProjectOut]
    next_cursor: str | None


class PaperOut(Schema):
    id: int
    title: str
    format: str
    released: bool
    released_at: dt.datetime | None


class MeetingOut(Schema):
    id: int
    project_id: int
    title: str
    status: str
    format: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    papers: list[PaperOut]


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_cursor: str | None


class MemberOut(Schema):
    id: int = Field(description="The membership's id (not the person's).")
    name: str = Field(description="The name the person chose to be shown by.")
    role: str
    joined_at: dt.datetime


class MemberPage(Schema):
    items: list[MemberOut]
    not_named: int = Field(description="Members who asked not to be named: counted, never listed.")
    next_cursor: str | None


class DecisionOut(Schema):
    id: int
    project_id: int
    number: int
    question: str
    kind: str
    state: str
    closes_at: dt.datetime
    closed_at: dt.datetime | None
    result: str
    partners_result: str
    outcome: str
    next_steps: str
    review_on: dt.date | None
    made_without_partners: bool


class DecisionPage(Schema):
    items: list[DecisionOut]
    next_cursor: str | None


class OutcomeOut(Schema):
    id: int
    project_id: int
    title: str
    found: str
    input_effect: str
    final: bool
    published_at: dt.datetime


class OutcomePage(Schema):
    items: list[OutcomeOut]
    next_cursor: str | None


class CreditRoleOut(Schema):
    role: str = Field(description="The CRediT role's name, like Investigation.")
    id: str = Field(description="The role's CRediT identifier (a URI).")
    degree: str = Field(description="lead, equal or supporting.")


class ContributorOut(Schema):
    name: str | None = Field(
        description="The words that stand for the person, as they agreed: their name, a made-up name, "
        "'a parent carer', 'A former member', or null when they asked not to be mentioned."
    )
    named: bool = Field(description="True when name is the person's own name or their chosen made-up name.")
    former_member: bool = Field(description="Their account is deleted: never named.")


class ContributionOut(Schema):
    id: int
    project_id: int
    date: dt.date = Field(description="The London day of the work.")
    type: str = Field(description="The kind of contribution (a slug).")
    label: str = Field(description="The kind of contribution in words.")
    degree: str = Field(description="lead, equal or supporting.")
    credit: list[CreditRoleOut] = Field(description="The CRediT roles this kind of contribution counts as.")
    hours: str | None = Field(description="Hours as a decimal string, or null when not recorded.")
    meeting_id: int | None
    source: str = Field(description="attendance, claim, person or organiser: where the entry came from.")
    contributor: ContributorOut


class ContributionPage(Schema):
    items: list[ContributionOut]
    next_cursor: str | None


class OutputContributorOut(Schema):
    name: str
    anonymous: bool
    former_member: bool = False
    orcid: str | None = Field(None, description="Only for people named in full who gave an ORCID iD.")
    credit: list[CreditRoleOut]
    contributions: list[dict[str, str]] = Field(description="Each kind of contribution: type, label, degree.")


class OutputOut(Schema):
    id: int
    project_id: int
    kind: str
    title: str
    status: str = Field(description="draft, checking (people are checking their names) or published.")
    link: str
    created_at: dt.datetime
    published_at: dt.datetime | None


class OutputDetailOut(OutputOut):
    acknowledgement: str | None = Field(description="The thank-you paragraph, once published; else null.")
    contributors: list[OutputContributorOut] | None = Field(
        description="Everyone the output may mention, as each chose for it, once published; else null "
        "(people may still be choosing how they are named)."
    )


class OutputPage(Schema):
    items: list[OutputOut]
    next_cursor: str | None


class HealthOut(Schema):
    id: int
    project_id: int
    sign: int
    taken_on: dt.date
    rating: str
    value: str | None
    evidence: int


class HealthPage(Schema):
    items: list[HealthOut]
    next_cursor: str | None


class TrendPointOut(Schema):
    month: dt.date = Field(description="The first day of the month.")
    rating: str | None = Field(description="good, attention, at_risk or not_enough; null: no check that month.")
    value: str | None = Field(description="The sign's measure in its unit (docs/health.md), a decimal string.")
    evidence: int = Field(description="How many things the measure was drawn from.")
    taken_on: dt.date | None = Field(description="The London day of the figure that stands for the month.")


class SignTrendOut(Schema):
    sign: int = Field(description="1 to 10, the seed's signs of tokenism in its order.")
    key: str
    title: str
    unit: str
    points: list[TrendPointOut]


class HealthTrendsOut(Schema):
    project_id: int
    months: list[dt.date]
    signs: list[SignTrendOut] = Field(description="Signs with at least one nightly figure; others are left out.")


class ClaimOut(Schema):
    id: int
    project_id: int
    claimant_id: int
    claimant_name: str
    kind: str
    status: str
    work_date: dt.date
    activity: str
    hours: str | None
    amount: str
    payable: str
    currency: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    query_reason: str
    run_id: int | None
    paid_on: dt.date | None


class ClaimPage(Schema):
    items: list[ClaimOut]
    next_cursor: str | None


class RunOut(Schema):
    id: int
    number: int
    status: str
    total: str
    currency: str
    created_at: dt.datetime
    paid_on: dt.date | None
    reference: str


class RunPage(Schema):
    items: list[RunOut]
    next_cursor: str | None


class QueryIn(Strict):
    reason: str = Field(min_length=1, max_length=2000, description="The question the person is asked, in plain words.")


class ApproveIn(Strict):
    pass


class PaidIn(Strict):
    reference: str = Field(min_length=1, max_length=100, description="The bank or finance system reference.")
    paid_on: dt.date = Field(description="The London day the bank paid, at most a week ahead.")
