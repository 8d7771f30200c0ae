"""People, a project, a sent claim and tokens for the API tests, built by the factories (docs/testing.md).

The clock is frozen at 10:00 London time on 2 March 2026 for every test here."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client

from roundtable.api import services
from roundtable.payments.tests.factories import ClaimFactory
from roundtable.projects.tests.conftest import people  # noqa: F401 - the shared fixture
from roundtable.projects.tests.factories import OrganisationFactory, ProjectFactory

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
ALL_SCOPES = ["read:projects", "read:payments", "write:payments", "read:health"]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def earnings_limits(db):
    from roundtable.payments.benefits import ensure_default_limits

    ensure_default_limits()


def make_token(people, *, role="admin", scopes=None, days=30, organisation=None, actor=None) -> str:  # noqa: F811
    """A new token's raw value for ``people``'s organisation (or ``organisation``), made by its admin."""
    return services.token_create(
        actor=actor or people.admin,
        organisation=organisation or people.organisation,
        name=f"{role} system",
        role=role,
        scopes=ALL_SCOPES if scopes is None else scopes,
        days=days,
    ).raw


class Api:
    """A test client that sends ``Authorization: Bearer <token>`` and JSON."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, **self._headers())

    def post(self, path: str, body=None, *, raw: str | bytes | None = None):
        import json

        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(f"/api/v1{path}", data, content_type="application/json", **self._headers())


@pytest.fixture
def world(people):  # noqa: F811
    """``people`` with a sent claim by the partner, and another organisation with its own project and token."""
    claim = ClaimFactory(project=people.project, claimant=people.partner, activity="Read the draft leaflet")
    assert claim.status == "submitted"
    other_org = OrganisationFactory(name="Southfield Council")
    other_project = ProjectFactory(organisation=other_org, title="Other project")
    other_claim = ClaimFactory()  # in an organisation of its own
    return SimpleNamespace(
        people=people, claim=claim, other_org=other_org, other_project=other_project, other_claim=other_claim
    )


@pytest.fixture
def api(people):  # noqa: F811
    return Api(make_token(people))
