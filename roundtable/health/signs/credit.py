"""Sign 8, "Name on the work, no thanks": do published outputs thank the people whose work is in them?

A contributor is a person with a contribution to the project that an organiser confirmed
(``credits.Contribution``, status confirmed). A published output (``credits.Output``) leaves a contributor
out when they had confirmed work dated on or before the day the output was made, confirmed before it was
published, and the output has no credit row for them (``OutputCredit``), unless they asked never to be
mentioned (their profile's naming is "do not mention me at all"). A credit row whose naming the person
set to "not named" is their own choice and counts as thanks. Read as at ``ctx.as_of``: outputs published
by then, contributions confirmed by then. (Naming in the profile is read as it is now; it keeps no history.)
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import CommunicationProfile, Naming
from roundtable.credits.models import Contribution, Output, OutputCredit
from roundtable.health.counting import share_percent
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign

LONDON = ZoneInfo("Europe/London")

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("100"),
    at_risk=Decimal("80"),
    higher_is_better=True,
    min_evidence=1,
    evidence_noun="published outputs",
    evidence_noun_one="published output",
    source=(
        "A parent carer's recommendation 20: credit people's input, in the way each person chooses. "
        "The 100% and 80% are our own starting point, to be reviewed with partners."
    ),
)


def measure(ctx: HealthContext) -> Finding:
    """Share (%) of outputs published by ``ctx.as_of`` that thank every contributor who agreed to be named.

    Evidence: published outputs. Figures: people left out of published outputs (counted once per output),
    and confirmed contributions that are in no output yet. Five queries whatever the amount of data.
    """
    project_id = ctx.project.pk
    outputs = list(
        Output.objects.filter(project=ctx.project, created_at__lte=ctx.as_of)
        .order_by("created_at", "pk")
        .values("pk", "created_at", "published_at")
    )
    published = [o for o in outputs if o["published_at"] is not None and o["published_at"] <= ctx.as_of]
    contributions = list(
        Contribution.objects.filter(
            project=ctx.project, status=Contribution.Status.CONFIRMED, checked_at__lte=ctx.as_of
        ).values_list("pk", "person_id", "date", "checked_at")
    )
    in_outputs = set(
        Output.contributions.through.objects.filter(output_id__in=[o["pk"] for o in outputs]).values_list(
            "contribution_id", flat=True
        )
    )
    credited: dict[int, set[int]] = defaultdict(set)
    for output_id, person_id in OutputCredit.objects.filter(output_id__in=[o["pk"] for o in published]).values_list(
        "output_id", "person_id"
    ):
        credited[output_id].add(person_id)
    not_mentioned = set(
        CommunicationProfile.objects.filter(
            user_id__in={c[1] for c in contributions}, naming=Naming.NOT_NAMED
        ).values_list("user_id", flat=True)
    )

    left_out = 0
    short: list[int] = []
    for output in published:
        made_on = output["created_at"].astimezone(LONDON).date()
        published_at = output["published_at"] or ctx.as_of  # never empty here: only published outputs
        owed = {
            person
            for _pk, person, day, checked_at in contributions
            if day <= made_on and checked_at and checked_at <= published_at and person not in not_mentioned
        }
        missing = owed - credited[output["pk"]]
        if missing:
            left_out += len(missing)
            short.append(output["pk"])
    unused = sum(1 for c in contributions if c[0] not in in_outputs)
    value = share_percent(len(published) - len(short), len(published))
    figures = (
        Figure(
            label="People left out of published work",
            value=_left_out_words(left_out, len(short), len(published)),
            url=reverse("credits:output", args=[project_id, short[-1]])
            if short
            else reverse("credits:outputs", args=[project_id]),
        ),
        Figure(
            label="Confirmed work not in any output yet",
            value=f"{unused} of {len(contributions)} pieces of work",
            url=reverse("credits:ledger", args=[project_id]),
        ),
    )
    if short:
        action = Action(
            text="Check who is thanked in this output",
            url=reverse("credits:output", args=[project_id, short[-1]]),
        )
    else:
        action = None
    return Finding(
        rating=THRESHOLD.rate(value, len(published)),
        value=value,
        evidence=len(published),
        summary=_summary(len(published), len(short)),
        action=action,
        figures=figures,
    )


def _left_out_words(times: int, outputs: int, published: int) -> str:
    if not times:
        return "Nobody"
    how_often = "Once" if times == 1 else f"{times} times"
    return f"{how_often}, in {outputs} of {published} {'output' if published == 1 else 'outputs'}"


def _summary(published: int, short: int) -> str:
    if not published:
        return "Nothing has been published yet."
    return f"{published - short} of {published} published outputs thank everyone who helped and agreed to be named."


SIGN = register_sign(
    Sign(
        number=8,
        key="credit",
        title="Name on the work, no thanks",
        plain=_("People helped and were not thanked"),
        measures="The share of published outputs that thank everyone who helped and agreed to be named.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
