"""API tokens and webhooks in a real browser at phone (390 px) and desktop width, with axe on every page.

Priya, the admin, opens her organisation's page, follows the link to API tokens and webhooks, makes a token
for the finance system (shown once), uses it from a script, then revokes it; she adds a webhook address and
sees its signing secret once.
"""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.lib.sample_text import stretch
from roundtable.projects.tests.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(db):
    priya = person("priya@council.example", stretch("Priya Sharma", 150))
    organisation = OrganisationFactory(admin=priya, name=stretch("Northfield Council", 120))
    ProjectFactory(organisation=organisation, created_by=priya, title="Short breaks")
    return priya, organisation


def test_an_admin_makes_a_token_and_a_webhook(ui, cast):
    priya, organisation = cast
    ui.sign_in(priya)
    ui.goto(f"/organisations/{organisation.slug}/")
    ui.page.get_by_role("link", name="API tokens and webhooks").click()
    ui.seen("API tokens and webhooks")
    ui.page.get_by_label("Name").fill("Finance system")
    ui.page.get_by_label("Finance", exact=True).check()
    ui.page.get_by_label("Read claims and payment runs").check()
    ui.page.get_by_role("button", name="Make the token").click()
    ui.seen("a new token, shown once")
    token = ui.page.locator("#new-token").inner_text().strip()
    assert token.startswith("rt_")
    answer = Client().get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 403 and "read:projects" in answer.json()["detail"]
    assert Client().get("/api/v1/claims", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    ui.page.get_by_label("Address").fill("https://finance.example.org/roundtable")
    ui.page.get_by_label("A claim is approved").check()
    ui.page.get_by_role("button", name="Add the webhook").click()
    ui.seen("a new webhook, its secret shown once")
    expect(ui.page.locator("#new-secret")).to_have_text(ui.page.locator("#new-secret").inner_text())
    ui.page.get_by_role("button", name="Revoke").click()
    ui.seen("the token revoked")
    expect(ui.page.get_by_role("main")).to_contain_text("Revoked")
    assert Client().get("/api/v1/claims", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
