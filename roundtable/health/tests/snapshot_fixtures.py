# ruff: noqa: F811 - fixtures are defined here and taken by name in the tests that import them
"""Small signs of the tests' own, and the cast, for the snapshot, alert and trend tests.

The real signs live in ``health/signs/`` and are written separately; these tests swap the registry for a
few scripted signs (``registry_override``) so they test the nightly job, the alerts and the trends, not
any one measure. A scripted sign's rating on each London day is whatever the test says; the "members"
sign counts the project's members who had joined by the moment measured, so the tests can see exactly
which moment each snapshot describes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.accounts.tests.factories import person
from roundtable.health import registry
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Finding, HealthContext, Sign, Threshold
from roundtable.projects.models import Membership, StaffRole
from roundtable.projects.tests.factories import OrganisationFactory, StaffMembershipFactory, build_people

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def london(*args: int) -> dt.datetime:
    """An aware datetime on the London clock: ``london(2027, 3, 20, 10)`` is 10am London on 20 March 2027."""
    return dt.datetime(*args, tzinfo=LONDON)


@contextmanager
def registry_override(*signs: Sign) -> Iterator[None]:
    """Only ``signs`` are registered inside the block; the registry is put back as it was afterwards."""
    saved = dict(registry._signs)
    registry._signs.clear()
    try:
        for sign in signs:
            registry.register_sign(sign)
        yield
    finally:
        registry._signs.clear()
        registry._signs.update(saved)


THRESHOLD = Threshold(
    unit="%",
    good=Decimal("80"),
    at_risk=Decimal("50"),
    higher_is_better=True,
    min_evidence=1,
    evidence_noun="things",
    source="The tests' own.",
)
VALUES = {Rating.GOOD: Decimal("90"), Rating.ATTENTION: Decimal("60"), Rating.AT_RISK: Decimal("20")}


class Script:
    """The rating a scripted sign gives on each London day (``default`` on days not named), and every
    moment it was asked about (``asked``, aware UTC), in order."""

    def __init__(self, default: Rating = Rating.GOOD) -> None:
        self.default = default
        self.days: dict[dt.date, Rating] = {}
        self.asked: list[dt.datetime] = []

    def set(self, rating: Rating, *days: dt.date) -> None:
        for day in days:
            self.days[day] = rating

    def from_day(self, day: dt.date, rating: Rating, upto: dt.date) -> None:
        while day <= upto:
            self.days[day] = rating
            day += dt.timedelta(days=1)


def scripted_sign(number: int, script: Script, *, action: bool = True) -> Sign:
    """A sign whose rating each London day is ``script``'s; at risk it gives a plain finding and an action."""

    def measure(ctx: HealthContext) -> Finding:
        script.asked.append(ctx.as_of.astimezone(UTC))
        day = ctx.as_of.astimezone(LONDON).date()
        rating = script.days.get(day, script.default)
        words = {
            Rating.AT_RISK: "Partners voted in 1 of 5 decisions.",
            Rating.ATTENTION: "Partners voted in 3 of 5 decisions.",
            Rating.GOOD: "Partners voted in 5 of 5 decisions.",
        }
        return Finding(
            rating=rating,
            value=VALUES.get(rating),
            evidence=5,
            summary=words.get(rating, "Nothing to count yet."),
            action=Action(text="Ask partners to vote", url=f"/projects/{ctx.project.pk}/decisions/")
            if action and rating != Rating.GOOD
            else None,
        )

    return Sign(
        number=number,
        key=f"test-sign-{number}",
        title=f"Test sign {number}",
        measures="What the test says.",
        threshold=THRESHOLD,
        measure=measure,
    )


def members_sign(number: int) -> Sign:
    """A sign whose value is how many members had joined the project by the moment measured (1 query)."""

    def measure(ctx: HealthContext) -> Finding:
        joined = Membership.objects.filter(project=ctx.project, joined_at__lte=ctx.as_of).count()
        return Finding(rating=Rating.GOOD, value=Decimal(joined), evidence=joined, summary=f"{joined} joined.")

    return Sign(
        number=number,
        key="test-members",
        title="Members so far",
        measures="Members who had joined.",
        threshold=THRESHOLD,
        measure=measure,
    )


@pytest.fixture
def scripts():
    """Two scripted signs (1 and 2) and the members sign (3) are the only signs while the test runs."""
    first, second = Script(), Script()
    with registry_override(scripted_sign(1, first), scripted_sign(2, second, action=False), members_sign(3)):
        yield SimpleNamespace(first=first, second=second)


# Published at 10am London on Saturday 20 March 2027, a week before the clocks go forward.
PUBLISHED = london(2027, 3, 20, 10)


@pytest.fixture
def cast(db):
    """The standing cast in "Better sleep" (published at ``PUBLISHED``; Tom the organiser is its contact),
    plus Lena, the co-production lead, who prefers texts, and the lead of another organisation."""
    with time_machine.travel(PUBLISHED, tick=False):
        people = build_people()
        people.lead = person("lena@example.com", "Lena Kowalczyk", channels=["text", "email"])
        StaffMembershipFactory(organisation=people.organisation, user=people.lead, role=StaffRole.LEAD)
        other = OrganisationFactory(name="Kirklees Council")
        people.other_lead = person("other.lead@example.com", "Siobhán O'Neill", channels=["email"])
        StaffMembershipFactory(organisation=other, user=people.other_lead, role=StaffRole.LEAD)
    return people
