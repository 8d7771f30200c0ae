"""Sign 1, "Doing to, not with": do partners take part in the project's decisions? (docs/health.md, Sign 1)

Headline: the share (%) of closed decisions in which at least one partner voted. Figures: decisions staff
carried against partners' view, decisions recorded as made without partners, partners offered a turn at
round tables and how many spoke, and the rung of the co-production ladder the role offer declared beside
the rung the record shows (``observed_rung``). Read from ``decisions.selectors.health_evidence`` as at
``ctx.as_of``: three queries, whatever the number of decisions, votes or rounds.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.decisions.selectors import health_evidence
from roundtable.health.counting import share_percent
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.projects.models import LadderStep, Project

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("80"),
    at_risk=Decimal("50"),
    higher_is_better=True,
    min_evidence=3,
    evidence_noun="decisions",
    evidence_noun_one="decision",
    source="Our own starting point, to be reviewed with partners.",
)

# Partners' share of closed decisions at or above which the record shows each rung (docs/health.md).
CO_PRODUCTION_SHARE = Decimal("80")
CO_DESIGN_SHARE = Decimal("50")


def _percent(share: float | None) -> Decimal | None:
    """A 0-1 share as a whole percentage (half up), or None."""
    if share is None:
        return None
    return (Decimal(str(share)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def observed_rung(*, voted_share: Decimal | None, against: int, partner_turns: int) -> str | None:
    """The ladder rung the record shows (a ``LadderStep`` value), or None when there is nothing to judge by.

    ``voted_share``: partners' share (%) of closed decisions (None when none closed); ``against``: closed
    decisions carried by staff against partners; ``partner_turns``: partners' turns taken at round tables
    (spoke or passed). Our own rule (docs/health.md, Sign 1), to be reviewed with partners:
    co-production when partners voted in 80% or more of decisions and none was carried against them;
    co-design at 50% or more; engagement when partners voted in at least one; consultation when partners
    voted in none but had turns at round tables (their views were asked); informing otherwise.
    """
    if voted_share is None and not partner_turns:
        return None
    if voted_share is not None and voted_share > 0:
        if voted_share >= CO_PRODUCTION_SHARE and not against:
            return LadderStep.CO_PRODUCTION
        if voted_share >= CO_DESIGN_SHARE:
            return LadderStep.CO_DESIGN
        return LadderStep.ENGAGEMENT
    return LadderStep.CONSULTATION if partner_turns else LadderStep.INFORMING


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# Partners voting is not enough if staff then outvote them (docs/health.md, sign 1): any decision carried
# against partners' view makes the sign at best "needs attention", and more than this share "at risk".
OUTVOTED_AT_RISK = Decimal("0.25")


def outvoted_rating(rating: Rating, *, against: int, closed: int) -> Rating:
    """``rating`` from the share of decisions partners voted in, lowered by decisions staff carried against
    partners' view: one or more gives at best ATTENTION, more than a quarter of ``closed`` gives AT_RISK.
    A rating of NOT_ENOUGH (too few decisions) stays as it is."""
    if rating == Rating.NOT_ENOUGH or not against:
        return rating
    if Decimal(against) / closed > OUTVOTED_AT_RISK:
        return Rating.AT_RISK
    return Rating.AT_RISK if rating == Rating.AT_RISK else Rating.ATTENTION


def measure(ctx: HealthContext) -> Finding:
    """Sign 1 for ``ctx.project`` as at ``ctx.as_of``. Three queries (``health_evidence``), pinned in tests."""
    project = ctx.project
    evidence = health_evidence(project, as_of=ctx.as_of)
    decisions, rounds = evidence["decisions"], evidence["round_tables"]
    closed, voted = decisions["closed"], decisions["with_partners_voting"]
    against, without = decisions["carried_against_partners"], decisions["made_without_partners"]
    value = share_percent(voted, closed)
    rating = outvoted_rating(THRESHOLD.rate(value, closed), against=against, closed=closed)
    partner_turns = rounds["partners_spoke"] + rounds["partners_passed"]
    rung = observed_rung(voted_share=value, against=against, partner_turns=partner_turns)
    ladder = dict(LadderStep.choices)
    log = reverse("decisions:log", args=[project.pk])
    meetings = reverse("meetings:list", args=[project.pk])

    if rating == Rating.NOT_ENOUGH:
        summary = (
            f"{_plural(closed, 'decision has', 'decisions have')} been made so far. "
            f"We need at least {THRESHOLD.min_evidence} to see if partners take part in decisions."
        )
    else:
        summary = f"Partners voted in {voted} of {_plural(closed, 'decision', 'decisions')} made."
        if against:
            summary += f" Staff outvoted partners in {_plural(against, 'decision', 'decisions')}."
    if without:
        summary += f" {_plural(without, 'decision was', 'decisions were')} made without partners."

    figures = (
        Figure("Decisions made", str(closed), log),
        Figure("Decisions partners voted in", str(voted), log),
        Figure("Decisions staff carried against partners' view", str(against), log),
        Figure("Decisions made without partners", str(without), log),
        Figure(
            "Partners offered a turn at round tables",
            f"{partner_turns} of {rounds['partners_present']} places",
            meetings,
        ),
        Figure("Partners who spoke when offered a turn", str(rounds["partners_spoke"]), meetings),
        Figure(
            "The ladder step the role offer promised",
            str(ladder.get(project.ladder_step, "Not said")),
            reverse("projects:offer", args=[project.pk]),
        ),
        Figure("The ladder step the record shows", str(ladder[rung]) if rung else "Not shown yet", log),
    )
    # An ended project raises no more decisions; what it can still do is in the other signs.
    action = (
        None
        if project.status == Project.Status.ENDED
        else Action("Raise the next decision with partners", reverse("decisions:new", args=[project.pk]))
    )
    return Finding(rating=rating, value=value, evidence=closed, summary=summary, action=action, figures=figures)


SIGN = register_sign(
    Sign(
        number=1,
        key="doing_to",
        title="Doing to, not with",
        plain=_("We made choices without partners"),
        measures="The share of decisions made in which partners voted, and decisions staff carried against them.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
