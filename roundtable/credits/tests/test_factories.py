"""The credits factories make what the product makes (docs/testing.md): through the services, nothing more."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.accounts.models import Naming
from roundtable.credits.models import Contribution, Output
from roundtable.credits.tests.factories import ContributionFactory, OutputCreditFactory, OutputFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


def test_a_contribution_added_by_the_organiser_is_confirmed_and_one_added_by_the_person_waits():
    confirmed = ContributionFactory()
    waiting = ContributionFactory(confirmed=False)

    assert (confirmed.status, confirmed.source, confirmed.checked_by) == (
        Contribution.Status.CONFIRMED, Contribution.Source.ORGANISER, confirmed.project.created_by,
    )  # fmt: skip
    assert (waiting.status, waiting.source, waiting.checked_at) == (
        Contribution.Status.SUGGESTED, Contribution.Source.PERSON, None,
    )  # fmt: skip
    assert confirmed.date == dt.date(2026, 2, 23)
    assert confirmed.project.memberships.filter(user=confirmed.person).exists()


def test_an_output_credits_the_people_behind_its_contributions_and_is_published_only_when_asked():
    draft = OutputFactory()
    published = OutputFactory(published=True)

    assert draft.status == Output.Status.DRAFT
    assert [c.person for c in draft.credits.all()] == [c.person for c in draft.contributions.all()]
    assert (published.status, published.told_at is not None, published.published_at is not None) == (
        Output.Status.PUBLISHED, True, True,
    )  # fmt: skip


def test_a_person_chooses_how_they_are_named():
    output = OutputFactory(told=True)
    credit = OutputCreditFactory(output=output, naming=Naming.PSEUDONYM, pseudonym="Rainbow")

    assert (credit.naming, credit.pseudonym, credit.chosen_at is not None) == (Naming.PSEUDONYM, "Rainbow", True)
