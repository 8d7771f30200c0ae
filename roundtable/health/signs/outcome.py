"""Sign 10, "Not told the outcome": was every past and present member sent the outcome, by the promised date?

The role offer promises the outcome by ``Project.outcome_due`` (a London date; "by" means by the end of
that day). The people owed it are every member who joined by then (``projects.Membership``, those who
left or were removed included: the outcome goes to everyone who took part). A person was told on time
when a final outcome (``updates.Outcome.final``) published by the end of the due day has a recipient row
for them (``OutcomeRecipient``) whose message did not fail (``notifications.Message`` status "failed").
Until the outcome is due, and while no final outcome has been sent, there is not enough evidence.
Read as at ``ctx.as_of``: outcomes published and members joined by then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from roundtable.health.counting import share_percent
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.notifications.models import MessageStatus
from roundtable.projects.models import Membership
from roundtable.updates.models import OutcomeRecipient

LONDON = ZoneInfo("Europe/London")

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("100"),
    at_risk=Decimal("90"),
    higher_is_better=True,
    min_evidence=1,
    evidence_noun="members",
    evidence_noun_one="member",
    source="A parent carer's recommendation 5 (the promise to share outcomes) and the date the role offer gave. "
    "The 100% and 90% are our own starting point, to be reviewed with partners.",
)


def due_moment(day: dt.date) -> dt.datetime:
    """The end of the London day ``day``, as an aware datetime: the moment an outcome due that day is late."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=LONDON)


def measure(ctx: HealthContext) -> Finding:
    """Share (%) of past and present members sent the final outcome by the promised date.

    Evidence: members owed the outcome (joined by the due date, or by ``ctx.as_of`` when the outcome
    was sent early). Figures: members never sent it, members sent it after the date, messages that
    failed. Two queries whatever the amount of data.
    """
    project = ctx.project
    due = due_moment(project.outcome_due) if project.outcome_due else None
    sent: dict[int, tuple[dt.datetime, bool]] = {}
    latest_outcome = None
    for user_id, published_at, outcome_id, status in (
        OutcomeRecipient.objects.filter(
            outcome__project=project, outcome__final=True, outcome__published_at__lte=ctx.as_of
        )
        .order_by("outcome__published_at", "outcome_id")
        .values_list("user_id", "outcome__published_at", "outcome_id", "message__status")
    ):
        latest_outcome = outcome_id
        did_fail = status == MessageStatus.FAILED
        earlier = sent.get(user_id)
        if earlier is None or (earlier[1] and not did_fail):
            sent[user_id] = (published_at, did_fail)
    write = Action(text="Write and send the outcome", url=reverse("updates:outcome_new", args=[project.pk]))
    if due is None and not sent:
        return Finding(
            rating=THRESHOLD.rate(None, 0),
            value=None,
            evidence=0,
            summary="The role offer does not say when partners will hear the outcome.",
            action=Action(
                text="Say in the role offer when you will tell people the outcome",
                url=reverse("projects:offer_edit", args=[project.pk]),
            ),
        )
    if not sent and project.outcome_due is not None and ctx.as_of < due_moment(project.outcome_due):
        return Finding(
            rating=THRESHOLD.rate(None, 0),
            value=None,
            evidence=0,
            summary=f"The outcome is due by {date_format(project.outcome_due, 'j F Y')}.",
            action=write,
        )
    cut = min(ctx.as_of, due) if due else ctx.as_of
    owed = set(Membership.objects.filter(project=project, joined_at__lte=cut).values_list("user_id", flat=True))
    never = {u for u in owed if u not in sent}
    failed = {u for u in owed if u in sent and sent[u][1]}
    late = {u for u in owed - never - failed if due is not None and sent[u][0] >= due}
    on_time = len(owed) - len(never) - len(failed) - len(late)
    value = share_percent(on_time, len(owed))
    outcome_url = (
        reverse("updates:outcome", args=[project.pk, latest_outcome])
        if latest_outcome
        else reverse("updates:list", args=[project.pk])
    )
    figures = (
        Figure(
            label="Members never sent the outcome",
            value=str(len(never)),
            url=reverse("projects:members", args=[project.pk]),
        ),
        Figure(label="Members sent it after the promised date", value=str(len(late)), url=outcome_url),
        Figure(label="Messages that did not reach them", value=str(len(failed)), url=outcome_url),
    )
    if never:
        action = write
    elif failed:
        action = Action(text="Find another way to reach the people the outcome did not reach", url=outcome_url)
    else:
        action = None
    return Finding(
        rating=THRESHOLD.rate(value, len(owed)),
        value=value,
        evidence=len(owed),
        summary=f"{on_time} of {len(owed)} people who took part were told the outcome on time.",
        action=action,
        figures=figures,
    )


SIGN = register_sign(
    Sign(
        number=10,
        key="outcome",
        title="Not told the outcome",
        plain=_("We did not tell people how it ended"),
        measures="The share of past and present members sent the outcome by the date the role offer promised.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
