"""Contributions, outputs and health trends through the API: people only as each agreed, trends as the page.

The clock is frozen at 10:00 London time on 2 March 2026 (conftest)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.accounts.models import Naming
from roundtable.api.tests.conftest import Api, make_token
from roundtable.credits import services
from roundtable.credits.tests.factories import ContributionFactory, OutputCreditFactory, OutputFactory
from roundtable.health.models import HealthSnapshot
from roundtable.projects.tests.factories import ProjectFactory


def _name(person, naming: str, pseudonym: str = "") -> None:
    person.profile.naming = naming
    person.profile.pseudonym = pseudonym
    person.profile.save()


def test_contributions_name_people_only_as_each_agreed(api, people):
    ContributionFactory(project=people.project, person=people.partner, hours=Decimal("2.5"))
    ContributionFactory(project=people.project, person=people.professional)
    ContributionFactory(project=people.project, person=people.partner, confirmed=False)  # waiting: left out
    _name(people.partner, Naming.NOT_NAMED)
    _name(people.professional, Naming.PSEUDONYM, "Owl")

    body = api.get(f"/projects/{people.project.pk}/contributions").json()

    assert len(body["items"]) == 2
    by_name = {item["contributor"]["name"]: item for item in body["items"]}
    assert by_name[None]["hours"] == "2.50" and by_name[None]["contributor"]["named"] is False
    assert by_name["Owl"]["contributor"] == {"name": "Owl", "named": True, "former_member": False}
    assert by_name["Owl"]["type"] == "lived_experience" and by_name["Owl"]["credit"]
    text = str(body)
    assert people.partner.full_name not in text and people.professional.full_name not in text
    assert "Told us what bedtime" not in text and "email" not in text  # their own words stay on the pages


def test_contributions_filtered_by_the_day_of_the_work(api, people):
    ContributionFactory(project=people.project, date=dt.date(2026, 1, 10))
    ContributionFactory(project=people.project, date=dt.date(2026, 2, 20))
    body = api.get(f"/projects/{people.project.pk}/contributions", since="2026-02-01").json()
    assert [item["date"] for item in body["items"]] == ["2026-02-20"]


def test_outputs_carry_credits_only_once_published(api, people):
    draft = OutputFactory(project=people.project, title="Still being written")
    published = OutputFactory(project=people.project, title="What helps children sleep", told=True)
    credited = published.credits.get().person
    OutputCreditFactory(output=published, person=credited, naming=Naming.PSEUDONYM, pseudonym="Night owl")
    services.output_publish(actor=people.project.created_by, output=published, link="https://example.org/sleep")
    base = f"/projects/{people.project.pk}/outputs"

    listed = {o["id"]: o for o in api.get(base).json()["items"]}
    assert listed[published.pk]["status"] == "published" and listed[draft.pk]["status"] == "draft"
    assert [o["id"] for o in api.get(base, status="draft").json()["items"]] == [draft.pk]

    unfinished = api.get(f"{base}/{draft.pk}").json()
    assert unfinished["contributors"] is None and unfinished["acknowledgement"] is None
    shown = api.get(f"{base}/{published.pk}").json()
    assert [c["name"] for c in shown["contributors"]] == ["Night owl"]
    assert shown["contributors"][0]["credit"] and shown["contributors"][0]["anonymous"] is False
    assert "Night owl" in shown["acknowledgement"] and credited.full_name not in str(shown)
    assert shown["link"] == "https://example.org/sleep"


def test_an_output_of_another_project_or_organisation_is_404(api, people, world):
    theirs = OutputFactory(project=world.other_claim.project)
    mine_elsewhere = OutputFactory(project=ProjectFactory(organisation=people.organisation))
    for path in (f"/projects/{people.project.pk}/outputs/{theirs.pk}",
                 f"/projects/{people.project.pk}/outputs/{mine_elsewhere.pk}",
                 f"/projects/{world.other_claim.project_id}/outputs/{theirs.pk}"):  # fmt: skip
        response = api.get(path)
        assert response.status_code == 404 and "your organisation" in response.json()["detail"]


def test_an_output_is_the_same_queries_whatever_it_credits(people):
    api = Api(make_token(people))
    small = OutputFactory(project=people.project, published=True)
    big = OutputFactory(
        project=people.project,
        published=True,
        contributions=[ContributionFactory(project=people.project) for _ in range(8)],
    )
    api.get(f"/projects/{people.project.pk}/outputs/{small.pk}")  # warm: the token's first use
    with CaptureQueriesContext(connection) as few:
        api.get(f"/projects/{people.project.pk}/outputs/{small.pk}")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(f"/projects/{people.project.pk}/outputs/{big.pk}").json()["contributors"]) == 8
    assert len(many) == len(few)


def test_health_trends_are_the_months_the_page_draws(api, people):
    # The nightly job takes every sign each night; a month's point is its last night's figure.
    nights = {dt.date(2026, 1, 31): "good", dt.date(2026, 2, 10): "attention", dt.date(2026, 2, 28): "at_risk",
              dt.date(2026, 3, 1): "attention"}  # fmt: skip
    for day, rating in nights.items():
        for sign in range(1, 11):
            HealthSnapshot.objects.create(
                project=people.project, taken_on=day, sign=sign, rating=rating, value=Decimal(sign), evidence=5
            )
    body = api.get(f"/projects/{people.project.pk}/health/trends", months=3).json()

    assert body["months"] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert [s["sign"] for s in body["signs"]] == list(range(1, 11))
    sign = body["signs"][5]
    assert sign["sign"] == 6 and sign["key"] and sign["title"] and sign["unit"]
    assert [p["rating"] for p in sign["points"]] == ["good", "at_risk", "attention"]
    assert sign["points"][1]["taken_on"] == "2026-02-28" and sign["points"][1]["value"] == "6.00"
    older = api.get(f"/projects/{people.project.pk}/health/trends", months=4).json()["signs"][5]["points"]
    assert older[0] == {"month": "2025-12-01", "rating": None, "value": None, "evidence": 0, "taken_on": None}


def test_health_trends_months_out_of_range_are_422(api, people):
    for months in (0, 37, "a year"):
        response = api.get(f"/projects/{people.project.pk}/health/trends", months=months)
        assert response.status_code == 422 and "months" in response.json()["errors"]
