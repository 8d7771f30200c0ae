"""Every payments URL for every role: partners see only their own, organisers their projects', finance its
organisation's, everyone else 404 (or sign in)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from roundtable.payments import services

pytestmark = pytest.mark.django_db

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]

CLAIM_URLS = {
    "payments:claim": [200, 200, 200, 200, 404, 404, 302],
    "payments:claim_edit": [200, 200, 403, 200, 404, 404, 302],
    "payments:claim_correct": [200, 403, 200, 403, 404, 404, 302],
}
PROJECT_URLS = {
    "payments:project_claims": [200, 200, 200, 403, 403, 404, 302],
}
ORG_URLS = {
    "payments:finance": [200, 403, 200, 404, 404, 404, 302],
    "payments:settings": [200, 403, 200, 404, 404, 404, 302],
}
PERSONAL = ["payments:mine", "payments:choices", "payments:benefits", "payments:letter"]


@pytest.fixture
def claim(people, uplift):
    return services.claim_create(
        actor=people.partner, project=people.project, claimant=people.partner, kind="time",
        data={"work_date": dt.date(2026, 1, 12), "activity": "Work", "hours": Decimal("2")}, submission_key="p",
    )  # fmt: skip


def _as(client, people, role):
    if role != "anonymous":
        client.force_login(getattr(people, role))
    return client


@pytest.mark.parametrize(
    ("name", "role", "expected"), [(n, r, e[i]) for n, e in CLAIM_URLS.items() for i, r in enumerate(ROLES)]
)
def test_claim_urls(client, people, claim, name, role, expected):
    assert _as(client, people, role).get(reverse(name, args=[claim.pk])).status_code == expected


@pytest.mark.parametrize(
    ("name", "role", "expected"), [(n, r, e[i]) for n, e in PROJECT_URLS.items() for i, r in enumerate(ROLES)]
)
def test_project_urls(client, people, name, role, expected):
    assert _as(client, people, role).get(reverse(name, args=[people.project.pk])).status_code == expected


@pytest.mark.parametrize(
    ("name", "role", "expected"), [(n, r, e[i]) for n, e in ORG_URLS.items() for i, r in enumerate(ROLES)]
)
def test_org_urls(client, people, name, role, expected):
    assert _as(client, people, role).get(reverse(name, args=[people.organisation.slug])).status_code == expected


@pytest.mark.parametrize("name", PERSONAL)
def test_personal_pages(client, people, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(people.outsider)
    assert client.get(reverse(name)).status_code == 200


def test_only_the_claimant_and_finance_see_a_statement_and_run(client, people, claim):
    services.claim_approve(actor=people.organiser, claim=claim)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="R")
    for role, status in (("partner", 200), ("organiser", 404), ("outsider", 404)):
        client.force_login(getattr(people, role))
        assert client.get(reverse("payments:statement", args=[run.pk])).status_code == status, role
    for role, status in (("finance", 200), ("admin", 200), ("organiser", 403), ("partner", 404)):
        client.force_login(getattr(people, role))
        assert client.get(reverse("payments:run", args=[people.organisation.slug, run.pk])).status_code == status, role
        assert (
            client.get(reverse("payments:run_export", args=[people.organisation.slug, run.pk, "csv"])).status_code
            == status
        )


def test_an_organiser_cannot_approve_their_own_claim_and_a_partner_cannot_approve(client, people, claim):
    client.force_login(people.partner)
    assert client.post(reverse("payments:claim_action", args=[claim.pk, "approve"])).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "submitted"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 302), ("organiser", 403), ("finance", 302), ("partner", 404), ("professional", 404),
     ("outsider", 404), ("anonymous", 302)],
)  # fmt: skip
def test_who_may_add_a_payee_number_to_a_run(client, people, claim, role, expected):
    services.claim_approve(actor=people.organiser, claim=claim)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    url = reverse("payments:run_payee", args=[people.organisation.slug, run.pk])
    response = _as(client, people, role).post(url, {"person": people.partner.pk, "reference": "P-9"})
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("signin:sign_in"))
