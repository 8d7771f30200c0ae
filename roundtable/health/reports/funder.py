"""A report for a funder, for any dates: people involved, partner hours, payments, activities, and what
changed because of partners (issue 15, "Reports").

People are counted, never named, except those who agreed to be named (``people.project_naming``).
Money is Decimal with its currency (``lib/money``); hours are Decimal hours; dates are London days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from roundtable.health.counting import hours_number
from roundtable.health.reports.people import Naming, project_naming
from roundtable.health.reports.record import INCLUSIVE, PartnerHours, Record, partner_hours, project_record
from roundtable.health.reports.text import clean_text
from roundtable.lib.dates import zone
from roundtable.lib.money import format_money
from roundtable.projects.models import MemberRole, Project


@dataclass
class Row:
    """One line of a table: what it is, and the figure as words ready to show."""

    label: str
    value: str


def london_window(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The London days ``start`` to ``end`` (both included) as aware datetimes [from, until).

    Raises ValueError for a day too late to have a day after it (``date.max``); the form keeps dates to a
    sensible range (``forms.FunderForm``) so people never reach this.
    """
    if end >= dt.date.max or start >= dt.date.max:
        raise ValueError("The report's dates must end before the last day a date can hold.")
    begins = dt.datetime.combine(start, dt.time.min, tzinfo=zone())
    ends = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone())
    return begins, ends


def _money(amounts) -> str:
    return ", ".join(format_money(m.amount, m.currency) for m in amounts) or format_money(0, "GBP")


def _decimal(value) -> str:
    """A number of hours as people write it: '12', '7.5'; never '0' when not nothing (health.counting)."""
    return hours_number(Decimal(value))


@dataclass
class FunderReport:
    """Everything the funder page and its PDF show, as words and numbers ready to print."""

    project: Project
    start: dt.date
    end: dt.date
    people: list[Row]
    hours: list[Row]
    payments: list[Row]
    activities: list[Row]
    responses: list
    outcomes: list
    names: list[str]
    unnamed: int
    record: Record
    partner_hours: PartnerHours | None = None


def funder_report(project: Project, *, start: dt.date, end: dt.date) -> FunderReport:
    """The funder report for the London days ``start`` to ``end``, both included.

    Payments count by the day they were paid; time by the day of the work; meetings by the day they began.
    Partner hours given and not paid are the health check's (sign 7, ``record.partner_hours``), from the
    project's start to the end of ``end``, so the report agrees with the health check.
    """
    begins, ends = london_window(start, end)
    rec = project_record(project, start=begins, end=ends)
    given: PartnerHours = partner_hours(project, as_of=ends - INCLUSIVE)
    naming: Naming = project_naming(project)
    people = [
        Row("Partners with lived experience", str(rec.members.get(MemberRole.PARTNER, 0))),
        Row("Professional members", str(rec.members.get(MemberRole.PROFESSIONAL, 0))),
        Row("Staff who organise the work", str(rec.organisers)),
        Row("People who left in these dates", str(rec.left)),
    ]
    hours = [
        Row("Hours partners spent at meetings", _decimal(rec.meeting_hours)),
        Row("Hours partners claimed (meetings, preparation and other work)", _decimal(rec.claimed_hours)),
        Row("Claims for time that partners chose not to be paid for", str(rec.declined_claims)),
        Row("Partner hours given, from the project's start to the end of these dates", given.given),
        Row("Of these, hours paid or that partners chose not to be paid for", given.covered),
        Row("Hours partners gave that were not paid", given.not_paid),
    ]
    payments = [
        Row("Paid for partners' time", _money(rec.fees_paid)),
        Row("Paid back for partners' costs (travel, childcare and more)", _money(rec.expenses_paid)),
        Row("Agreed, still to be paid", _money(rec.owed)),
    ]
    activities = [
        Row("Meetings held", str(rec.meetings)),
        Row("Times partners came to a meeting", str(rec.partner_attendances)),
        Row("Papers sent before meetings (late)", f"{rec.papers} ({rec.papers_late})"),
        Row("Idea boards opened", str(rec.boards)),
        Row("Check-ins after meetings", str(rec.check_ins)),
        Row("Decisions made (partners voted in)", f"{rec.decisions} ({rec.decisions_partners_voted})"),
        Row("Barriers raised (answered)", f"{rec.barriers} ({rec.barriers_answered})"),
    ]

    def redact(text: str) -> tuple[str, int]:
        return naming.redact(clean_text(text))

    responses = [
        {"title": redact(r.title)[0], "changed": r.changed, "what_we_did": redact(r.what_we_did)[0]}
        for r in rec.responses
    ]
    outcomes = [
        {"title": redact(o.title)[0], "found": redact(o.found)[0], "input_effect": redact(o.input_effect)[0]}
        for o in rec.outcomes
    ]
    return FunderReport(
        project=project,
        start=start,
        end=end,
        people=people,
        hours=hours,
        payments=payments,
        activities=activities,
        responses=responses,
        outcomes=outcomes,
        names=naming.names,
        unnamed=naming.unnamed,
        record=rec,
        partner_hours=given,
    )
