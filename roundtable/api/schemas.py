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
