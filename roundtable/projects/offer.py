"""The rules of a role offer: what must be there before it is published, and the rate it quotes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.projects.models import PayRate, Project


def offer_missing(project: Project, *, steps: Iterable | None = None, milestones: Iterable | None = None) -> list[str]:
    """The essentials a partner needs before joining, that this offer does not have yet.

    Steps and dates are essentials like pay and hours (issue 13): an offer that says "No steps yet"
    and "No dates yet" does not tell a partner what they are joining. ``steps`` and ``milestones``
    may be passed when the page has already read them (no query); otherwise two small queries.
    """
    missing = []
    if not project.purpose.strip():
        missing.append(_("What the project is for"))
    if not project.hours_per_month or not project.duration_months:
        missing.append(_("The time it takes: hours each month and for how many months"))
    if project.pay_rate_id is None and not project.unpaid_reason.strip():
        missing.append(_("The pay, or why the role is unpaid"))
    has_steps = bool(list(steps)) if steps is not None else project.steps.exists()
    if not has_steps:
        missing.append(_("Steps: what partners will do, in order"))
    has_dates = bool(list(milestones)) if milestones is not None else project.milestones.exists()
    if not has_dates:
        missing.append(_("Dates: at least one date on the timeline"))
    if project.contact_id is None:
        missing.append(_("A named person to contact"))
    if not project.outcome_promise.strip() or project.outcome_due is None:
        missing.append(_("How and when partners will be told the outcome"))
    return missing


def rate_in_force(rate: PayRate | None, on: dt.date | None = None) -> PayRate | None:
    """The row of the same activity in force on a day (today by default).

    An offer points at an activity in the rate table; when a new dated row takes
    effect (for example an uplift), the offer quotes the new amount.
    """
    if rate is None:
        return None
    on = on or timezone.localdate()
    return (
        PayRate.objects.filter(
            organisation_id=rate.organisation_id, activity=rate.activity, unit=rate.unit, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
        or rate
    )


def in_force_pk(on: dt.date | None = None) -> Subquery:
    """For a Project queryset: the pk of the rate row its offer quotes today (annotate as `rate_in_force_pk`)."""
    on = on or timezone.localdate()
    rows = PayRate.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        activity=OuterRef("pay_rate__activity"),
        unit=OuterRef("pay_rate__unit"),
        effective_from__lte=on,
    ).order_by("-effective_from")
    return Subquery(rows.values("pk")[:1])


def offer_rate(project: Project) -> PayRate | None:
    """The rate a project's offer quotes today.

    When the project was loaded with `rate_in_force_pk` and its pay_rate, and no newer
    row has taken effect, this costs no query.
    """
    if project.pay_rate_id is None:
        return None
    if getattr(project, "rate_in_force_pk", None) == project.pay_rate_id:
        return project.pay_rate
    return rate_in_force(project.pay_rate)


def rates_in_force(organisation_id: int, on: dt.date | None = None) -> list[PayRate]:
    """One row per activity and unit: the one in force on the day."""
    on = on or timezone.localdate()
    seen: dict[tuple[str, str], PayRate] = {}
    rows = PayRate.objects.filter(organisation_id=organisation_id, effective_from__lte=on).order_by(
        "activity", "unit", "-effective_from"
    )
    for row in rows:
        seen.setdefault((row.activity, row.unit), row)
    return list(seen.values())
