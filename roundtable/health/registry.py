"""The health check's registry: the ten signs of tokenism and the twenty recommendations, each measured.

One module per sign in ``health/signs/`` (``doing_to.py`` ... ``outcome.py``) calls ``register_sign`` at
import; one module per group of recommendations in ``health/recommendations/`` calls
``register_recommendation``. ``discover()`` (from ``HealthConfig.ready()``) imports them all, so no shared
list needs editing when a measure is added.

A sign's ``measure(ctx)`` reads the record of one project as it stood at ``ctx.as_of`` (an aware UTC
datetime: only what existed then counts, so a missed night's snapshot can be taken later and the demo's
twelve months of history are real measurements) and returns a ``Finding``. It runs a fixed number of
queries whatever the amount of data (docs/health.md, "Speed").

The words and figures a partner reads must be free of anything personal: findings give counts and
shares, never names (docs/health.md, "Who sees it").
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from roundtable.health.models import Rating

if TYPE_CHECKING:
    from roundtable.projects.models import Project


@dataclass(frozen=True)
class Threshold:
    """Where a sign's measure turns from good to needs attention to at risk, and how much evidence it needs.

    ``unit`` is the measure's unit in words: ``"%"`` (a share, 0 to 100), ``"days"``, ``"hours"`` or
    ``"points"`` (an average on the 1 to 5 scale; one is ``"1 point"``). With ``higher_is_better`` a value at
    or above ``good`` is good and one below ``at_risk`` is at risk; without it a value at or below ``good`` is
    good and one above ``at_risk`` is at risk; anything between needs attention. Fewer than ``min_evidence`` of
    ``evidence_noun`` (plural, "decisions") gives "not enough evidence yet". ``source`` says where the
    figures come from (a standard, the seed, or our own judgement, said plainly).
    """

    unit: str
    good: Decimal
    at_risk: Decimal
    higher_is_better: bool
    min_evidence: int
    evidence_noun: str
    source: str
    # The noun for one thing ("decision"); empty when the plural reads right for one too.
    evidence_noun_one: str = ""

    def evidence_words(self, count: int) -> str:
        """``count`` with the right noun: ``"1 decision"``, ``"3 decisions"``."""
        noun = self.evidence_noun_one if count == 1 and self.evidence_noun_one else self.evidence_noun
        return f"{count} {noun}"

    def rate(self, value: Decimal | None, evidence: int) -> Rating:
        """The rating of ``value`` drawn from ``evidence`` things; ``None`` or too little evidence is NOT_ENOUGH."""
        if value is None or evidence < self.min_evidence:
            return Rating.NOT_ENOUGH
        if self.higher_is_better:
            if value >= self.good:
                return Rating.GOOD
            return Rating.AT_RISK if value < self.at_risk else Rating.ATTENTION
        if value <= self.good:
            return Rating.GOOD
        return Rating.AT_RISK if value > self.at_risk else Rating.ATTENTION

    def describe(self) -> str:
        """The rule in one line of plain words; docs/health.md quotes it word for word for every sign.

        For example ``"Good at 80% or more. At risk below 50%. Needs at least 3 decisions."``.
        """
        good, risk = amount_words(self.good, self.unit), amount_words(self.at_risk, self.unit)
        if self.higher_is_better and self.unit == "%" and self.good >= 100:
            rule = f"Good at {good}. At risk below {risk}."  # nothing is more than all of them
        elif self.higher_is_better:
            rule = f"Good at {good} or more. At risk below {risk}."
        else:
            rule = f"Good at {good} or less. At risk above {risk}."
        return f"{rule} Needs at least {self.evidence_words(self.min_evidence)}."


def amount_words(value: Decimal, unit: str) -> str:
    """A measure with its unit in words: ``"45%"``, ``"12 days"``, ``"1 point"``, ``"3.5 points"``.

    A share kept between 99 and 100, or between 0 and 1, reads ``"over 99%"`` or ``"under 1%"``: a share
    is never shown as all or none unless it is (``health.counting.share_percent``).
    """
    number = f"{value.normalize():f}"
    if unit == "%":
        if 99 < value < 100:
            return "over 99%"
        if 0 < value < 1:
            return "under 1%"
        return f"{number}%"
    return f"{number} {unit[:-1]}" if value == 1 and unit.endswith("s") else f"{number} {unit}"


@dataclass(frozen=True)
class Action:
    """The next step, as a link that does it: ``text`` is a plain instruction, ``url`` a path on this site.

    ``staff_only`` actions (most: they open organiser pages) are not shown to partners.
    """

    text: str
    url: str
    staff_only: bool = True


@dataclass(frozen=True)
class Figure:
    """One supporting figure under a finding: ``label`` and ``value`` in words, ``url`` to its records."""

    label: str
    value: str
    url: str = ""


@dataclass(frozen=True)
class Finding:
    """What one sign's measure found for one project at one moment.

    ``value`` is the headline measure in the threshold's unit (``None`` when there is nothing to measure),
    ``evidence`` how many things it was drawn from, ``summary`` one or two plain sentences for the page
    (no names), ``action`` the next step (``None`` when there is nothing to do), ``figures`` the supporting
    figures with links to their records.
    """

    rating: Rating
    value: Decimal | None
    evidence: int
    summary: str
    action: Action | None = None
    figures: tuple[Figure, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class HealthContext:
    """What a measure is asked about: one project, as it stood at ``as_of`` (aware, UTC)."""

    project: Project
    as_of: dt.datetime


@dataclass(frozen=True)
class Sign:
    """One of the seed's ten signs of tokenism (mission.md), with how Roundtable measures it.

    ``number`` is the seed's order (1 to 10), ``key`` a stable slug (used in URLs, CSV and docs/health.md),
    ``title`` the sign in the seed's words (the field's own terms, kept), ``measures`` one sentence on what is
    counted, ``threshold`` the rating rule, and ``measure(ctx)`` returns the ``Finding``. ``plain`` says the
    sign in words a 9 to 11 year old reads ("We did not answer what people told us"), shown under the title
    on the project page, the organisation page and in the reports (docs/health.md, "The ten signs").
    """

    number: int
    key: str
    title: str
    measures: str
    threshold: Threshold
    measure: Callable[[HealthContext], Finding]
    plain: str | Promise = ""  # marked for translation (gettext_lazy); str() it to show


@dataclass(frozen=True)
class Evidence:
    """What the record shows for one recommendation: a plain ``summary`` and figures linking to records."""

    summary: str
    figures: tuple[Figure, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Recommendation:
    """One of the seed's twenty recommendations (mission.md) and the evidence the record holds for it."""

    number: int
    title: str
    evidence: Callable[[HealthContext], Evidence]


_signs: dict[int, Sign] = {}
_recommendations: dict[int, Recommendation] = {}


def register_sign(sign: Sign) -> Sign:
    """Add ``sign`` (at import of its module); registering a number again replaces it. Returns ``sign``."""
    if not 1 <= sign.number <= 10:
        raise ValueError(f"A sign's number is 1 to 10, not {sign.number}.")
    _signs[sign.number] = sign
    return sign


def register_recommendation(recommendation: Recommendation) -> Recommendation:
    """Add ``recommendation`` (1 to 20); registering a number again replaces it. Returns it."""
    if not 1 <= recommendation.number <= 20:
        raise ValueError(f"A recommendation's number is 1 to 20, not {recommendation.number}.")
    _recommendations[recommendation.number] = recommendation
    return recommendation


def signs() -> list[Sign]:
    """Every registered sign, in the seed's order."""
    return [_signs[number] for number in sorted(_signs)]


def recommendations() -> list[Recommendation]:
    """Every registered recommendation, in the seed's order."""
    return [_recommendations[number] for number in sorted(_recommendations)]


def discover() -> None:
    """Import every module of ``health.signs`` and ``health.recommendations`` so each registers itself."""
    from roundtable.health import recommendations as recommendations_package
    from roundtable.health import signs as signs_package

    for package in (signs_package, recommendations_package):
        for module in pkgutil.iter_modules(package.__path__):
            if not module.name.startswith("_"):
                importlib.import_module(f"{package.__name__}.{module.name}")
