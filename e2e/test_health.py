"""The health check in a real browser, at phone and desktop width, with axe on every page.

Priya, the council's co-production lead, opens her organisation's page, follows its link to the health
check of every project, shows only the projects that are getting worse, finds "Short breaks" (its
first sign went from good to at risk), opens its health check and follows the next step. Amira, a
partner in that project, reads the same health check on her phone and sees no staff-only step.

The journeys register two small signs of their own (the real ones are tested with their measures) and
write the nightly snapshots directly, dated from today, so the page reads what the nightly job would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.health import registry
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.registry import Action, Figure, Finding, Sign, Threshold
from roundtable.lib.sample_text import stretch
from roundtable.projects.models import Organisation, StaffRole
from roundtable.projects.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    StaffMembershipFactory,
)

pytestmark = pytest.mark.e2e

FOUND: dict[int, dict[int, Finding]] = {}
STAFF_STEP = "Read the decision log, then ask partners to vote on the next decision"


def _threshold(noun: str) -> Threshold:
    return Threshold(
        unit="%", good=Decimal(80), at_risk=Decimal(50), higher_is_better=True, min_evidence=3,
        evidence_noun=noun, source="Our own judgement, for these journeys.",
    )  # fmt: skip


def _measure(number: int):
    def measure(ctx):
        return FOUND.get(ctx.project.pk, {}).get(number) or Finding(Rating.NOT_ENOUGH, None, 0, "Nothing to go on yet.")

    return measure


@pytest.fixture
def own_signs():
    """Two signs of our own for the journey; the real registry is put back after."""
    signs, recommendations = dict(registry._signs), dict(registry._recommendations)
    registry._signs.clear()
    registry._recommendations.clear()
    registry.register_sign(
        Sign(1, "doing_to", "Doing to, not with", "Decisions in which partners voted.", _threshold("decisions"),
             _measure(1))
    )  # fmt: skip
    registry.register_sign(
        Sign(6, "papers", "No information in advance", "Papers sent on time.", _threshold("papers"), _measure(6))
    )
    yield
    FOUND.clear()
    registry._signs.clear()
    registry._signs.update(signs)
    registry._recommendations.clear()
    registry._recommendations.update(recommendations)


@pytest.fixture
def cast(transactional_db, own_signs):
    priya = person("priya@e2e.example", "Priya Shah", known_as="Priya", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["text"], naming="first_name")
    admin = person("admin@e2e.example", "Ann Admin", channels=["email"])
    council = OrganisationFactory(admin=admin, name=stretch("Kirklees Council", 120), kind=Organisation.Kind.COUNCIL)
    StaffMembershipFactory(organisation=council, user=priya, role=StaffRole.LEAD)
    breaks = ProjectFactory(organisation=council, created_by=admin, title=stretch("Short breaks", 120))
    sleep = ProjectFactory(organisation=council, created_by=admin, title="Better sleep")
    MembershipFactory(project=breaks, user=amira, invited_by=admin)

    today = timezone.localdate()
    end_of_last_month = today.replace(day=1) - dt.timedelta(days=1)
    for day in (end_of_last_month - dt.timedelta(days=31), end_of_last_month, today):
        for project in (breaks, sleep):
            HealthSnapshot.objects.create(project=project, taken_on=day, sign=6, rating=Rating.GOOD, evidence=9)
        HealthSnapshot.objects.create(project=sleep, taken_on=day, sign=1, rating=Rating.GOOD, evidence=5)
        drifted = day == today
        HealthSnapshot.objects.create(
            project=breaks, taken_on=day, sign=1, rating=Rating.AT_RISK if drifted else Rating.GOOD, evidence=5,
            value=Decimal(20) if drifted else Decimal(90),
        )  # fmt: skip
    FOUND[breaks.pk] = {
        1: Finding(
            Rating.AT_RISK, Decimal(20), 5, "Partners voted in 1 of 5 decisions.",
            action=Action(STAFF_STEP, f"/projects/{breaks.pk}/decisions/", staff_only=True),
            figures=(Figure("Decisions", "5 decisions", f"/projects/{breaks.pk}/decisions/"),),
        ),
        6: Finding(Rating.GOOD, Decimal(100), 9, "All 9 papers went out on time."),
    }  # fmt: skip
    return priya, amira, council, breaks


def test_priya_finds_the_drifting_project_and_follows_its_next_step(ui, cast):
    priya, _amira, council, breaks = cast
    ui.sign_in(priya)
    ui.goto(f"/organisations/{council.slug}/")
    ui.page.get_by_role("link", name="See the health check of every project").click()
    ui.seen("organisation health")
    expect(ui.page.locator("h1")).to_have_text("Health check of every project")
    rows = ui.page.locator("table.rt-health-table > tbody > tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(":scope > th")).to_contain_text("Short breaks")  # the worst first
    if ui.viewport == "phone":  # the narrowest phone too (axe's reflow check already measured it)
        size = ui.page.viewport_size
        ui.page.set_viewport_size({"width": 320, "height": size["height"]})
        ui.screenshot("organisation health at 320")
        ui.page.set_viewport_size(size)

    ui.page.get_by_label("Only projects that are getting worse").check()
    ui.page.get_by_role("button", name="Show projects").click()
    ui.seen("only drifting")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("1. Doing to, not with: from Good to At risk")

    rows.first.locator(":scope > th a").click()
    ui.seen("project health, staff")
    expect(ui.page.get_by_text("Partners voted in 1 of 5 decisions.")).to_be_visible()
    ui.page.get_by_role("link", name=STAFF_STEP).click()
    ui.seen("the next step: decisions", key=False)
    assert ui.page.url.endswith(f"/projects/{breaks.pk}/decisions/")


def test_amira_reads_her_projects_health_check_without_staff_only_steps(ui, cast):
    _priya, amira, _council, breaks = cast
    ui.sign_in(amira)
    ui.goto(f"/projects/{breaks.pk}/")
    ui.page.get_by_role("link", name="See the health check").click()
    ui.seen("project health, partner")
    expect(ui.page.get_by_text("Partners voted in 1 of 5 decisions.")).to_be_visible()
    expect(ui.page.get_by_text("You see the same figures as the staff.", exact=False)).to_be_visible()
    expect(ui.page.get_by_role("link", name=STAFF_STEP)).to_have_count(0)
    expect(ui.page.get_by_text("The project's staff have a step to take here.")).to_be_visible()
    # The chart's figures are in a table a screen reader can read.
    ui.page.locator("#sign-doing_to summary").click()
    expect(ui.page.locator("#sign-doing_to table")).to_contain_text("At risk")
    ui.screenshot("chart figures open")


def test_priya_sends_the_health_check_to_grace_who_reads_by_post(ui, cast):
    from roundtable.accounts.services import profile_update, user_create_by_proxy
    from roundtable.notifications.models import Message
    from roundtable.projects import services as project_services

    priya, _amira, _council, breaks = cast
    admin = breaks.created_by
    grace = user_create_by_proxy(actor=admin, full_name="Grace Okafor", postal_address="12 Elm Road\nLeeds")
    profile_update(user=grace, actor=admin, data={"channels": ["letter"]})
    project_services.member_add_by_proxy(actor=admin, project=breaks, user=grace)
    ui.sign_in(priya)
    ui.goto(f"/projects/{breaks.pk}/health/")
    ui.page.get_by_role("link", name="Send the health check to members who do not use the web").click()
    ui.seen("send the health check")
    expect(ui.page.get_by_text("1 person gets a letter by post.")).to_be_visible()
    ui.page.get_by_role("button", name="Send it").click()
    ui.seen("health check sent", key=False)
    assert Message.objects.filter(recipient=grace, kind="health_summary").count() == 1
