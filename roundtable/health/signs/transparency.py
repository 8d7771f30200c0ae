"""Sign 5, "Lack of transparency": did partners know what they were joining, and hear when it changed?

Headline: the share (%) of partners who joined by ``ctx.as_of`` and were kept informed: they joined after
the role offer was published (a project cannot be published while an essential of the offer is missing:
``projects.offer.offer_missing``), and every change to the offer made while they were taking part was
followed by a message to members (``projects.Announcement``) within ``TELL_WITHIN_DAYS`` days.

What the record keeps, and so what is measured (docs/health.md, Sign 5): the offer itself is not kept in
versions. Each change leaves an audit event (``project.offer_changed``) with its time and the names of the
fields changed, not their values; the project keeps when it was published. So "complete when they joined"
is read as "published before they joined", and "told" as "a message to members went out soon after". The
record does not link a message to the change it was about. Three queries, whatever the number of people,
changes or messages.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.audit.models import AuditEvent
from roundtable.health.counting import share_percent
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.projects.models import Announcement, MemberRole, Membership, Project

TELL_WITHIN_DAYS = 7
OFFER_CHANGED = "project.offer_changed"

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("90"),
    at_risk=Decimal("75"),
    higher_is_better=True,
    min_evidence=3,
    evidence_noun="partners",
    evidence_noun_one="partner",
    source=(
        "Our own starting point, to be reviewed with partners. A parent carer's recommendation 5 asks for a "
        "complete role offer before anyone joins; the 7 days to tell people about a change are our own."
    ),
)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _told(change: dt.datetime, messages: list[dt.datetime], as_of: dt.datetime) -> bool | None:
    """Whether a message to members went out within ``TELL_WITHIN_DAYS`` days after ``change``; None while
    there is still time (the days have not passed by ``as_of``). ``messages`` are sorted times."""
    deadline = change + dt.timedelta(days=TELL_WITHIN_DAYS)
    i = bisect_left(messages, change)
    if i < len(messages) and messages[i] <= min(deadline, as_of):
        return True
    return None if deadline > as_of else False


def measure(ctx: HealthContext) -> Finding:
    """Sign 5 for ``ctx.project`` as at ``ctx.as_of``. Three queries (partners, offer changes, messages).

    Partners are members with the partner role who joined by ``as_of`` (those who left since still count:
    they joined). A change affects a partner when it was made after they joined and before they left
    (and by ``as_of``). A change is untold when ``TELL_WITHIN_DAYS`` days passed with no message to
    members. Source: mission.md, "Lack of transparency"; recommendation 5.
    """
    project, as_of = ctx.project, ctx.as_of
    members = list(
        Membership.objects.filter(project=project, role=MemberRole.PARTNER, joined_at__lte=as_of).values_list(
            "joined_at", "left_at"
        )
    )
    changes = sorted(
        AuditEvent.objects.filter(
            action=OFFER_CHANGED,
            object_type=Project._meta.label_lower,
            object_id=str(project.pk),
            created_at__lte=as_of,
        ).values_list("created_at", flat=True)
    )
    messages = sorted(
        Announcement.objects.filter(project=project, created_at__lte=as_of).values_list("created_at", flat=True)
    )
    published_at = project.published_at if project.published_at and project.published_at <= as_of else None
    told = {change: _told(change, messages, as_of) for change in changes}
    first_join = min((joined for joined, _left in members), default=None)
    after_joining = [c for c in changes if first_join is not None and c > first_join]
    untold = [c for c in after_joining if told[c] is False]

    joined_complete = kept_informed = not_told_people = 0
    for joined_at, left_at in members:
        complete = published_at is not None and published_at <= joined_at
        end = left_at if left_at and left_at <= as_of else as_of
        missed = any(joined_at < c <= end for c in untold)
        joined_complete += complete
        not_told_people += missed
        kept_informed += complete and not missed
    evidence = len(members)
    value = share_percent(kept_informed, evidence)
    rating = THRESHOLD.rate(value, evidence)

    if rating == Rating.NOT_ENOUGH:
        summary = (
            f"{_plural(evidence, 'partner has', 'partners have')} joined so far. "
            f"We need at least {THRESHOLD.min_evidence} to see a pattern."
        )
    else:
        summary = (
            f"{kept_informed} of {_plural(evidence, 'partner', 'partners')} knew what they were joining "
            "and heard about every change."
        )
    if evidence - joined_complete:
        summary += (
            f" {_plural(evidence - joined_complete, 'partner', 'partners')} joined before the role offer was complete."
        )
    if untold:
        one = len(untold) == 1
        summary += f" {len(untold)} {'change' if one else 'changes'} to the role offer {'was' if one else 'were'}"
        summary += " not told to partners."

    offer = reverse("projects:offer", args=[project.pk])
    members_page = reverse("projects:members", args=[project.pk])
    figures = (
        Figure("Partners who joined", str(evidence), members_page),
        Figure("Joined after the role offer was complete and published", str(joined_complete), offer),
        Figure("Joined before the role offer was complete", str(evidence - joined_complete), members_page),
        Figure("Changes to the role offer after partners joined", str(len(after_joining)), offer),
        Figure(f"Changes not told to partners within {TELL_WITHIN_DAYS} days", str(len(untold)), offer),
        Figure("Partners who were not told about a change", str(not_told_people), members_page),
    )
    action = Action(
        "Check the role offer, and tell partners about any change", reverse("projects:offer_edit", args=[project.pk])
    )
    return Finding(rating=rating, value=value, evidence=evidence, summary=summary, action=action, figures=figures)


SIGN = register_sign(
    Sign(
        number=5,
        key="transparency",
        title="Lack of transparency",
        plain=_("We did not tell people what to expect, or what changed"),
        measures="The share of partners who joined a complete role offer and heard about every change to it.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
