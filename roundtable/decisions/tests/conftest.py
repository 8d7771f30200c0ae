"""People for decision tests: the meetings' standing cast (Tom organiser, Priya admin, Sam finance, Amira and
Joe partners, Dr Lee a professional member, an outsider) and Grace, who votes by post. The clock is frozen."""

from __future__ import annotations

import datetime as dt

import pytest

from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.decisions import services
from roundtable.meetings.tests.conftest import LONDON, NOW, clock, media, people  # noqa: F401 - fixtures
from roundtable.projects import services as project_services

ADDRESS = "Room 4, Hall Building\nUniversity Road\nNorthfield NF1 2AB"


def later(days: int = 7, hour: int = 20) -> dt.datetime:
    return (NOW + dt.timedelta(days=days)).replace(hour=hour, minute=0)


@pytest.fixture
def grace(people):  # noqa: F811 - the fixture imported above
    person = user_create_by_proxy(
        actor=people.organiser, full_name="Grace Okafor", postal_address="12 Elm Road\nLeeds\nLS1 1AA"
    )
    profile_update(user=person, actor=people.organiser, data={"channels": ["letter"], "formats": ["large_print"]})
    project_services.member_add_by_proxy(actor=people.organiser, project=people.project, user=person)
    people.organisation.phone, people.organisation.postal_address = "0113 496 0000", ADDRESS
    people.organisation.save()
    return person


def make_proposal(people, **overrides):  # noqa: F811 - a function taking the cast
    kind = overrides.pop("kind", "consent")
    options = overrides.pop("options", ["Tuesday evenings", "Saturday mornings", "Online only"])
    data = {
        "question": "Should we meet in the evening?",
        "background": "Most of us can only meet after 8pm.",
        "kind": kind,
        "closes_at": later(),
        **overrides,
    }
    return services.proposal_create(actor=people.organiser, project=people.project, data=data, options=options)


def option(proposal, code_or_text: str):
    return proposal.options.get(**({"code": code_or_text} if proposal.kind == "consent" else {"text": code_or_text}))
