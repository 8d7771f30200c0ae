"""The main journeys of Roundtable in a real browser, at phone and desktop width, with axe on every page.

Data is made through the services, as the product makes it; the browser is used
only for what each journey tests.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.projects import services
from roundtable.projects.models import Invitation, LadderStep, Membership, Organisation, PayRate, Project

pytestmark = pytest.mark.e2e

PURPOSE = "Find out what helps parent carers of autistic children get support from school."
OUTCOME_PROMISE = "We will send every partner a short, plain summary of what we found, in the way they chose."
CONTACT_HOW = "Text or call Tom on 07700 900123, weekdays 9am to 5pm."


# --- Data, made through the services ---------------------------------------------------------------


@pytest.fixture
def tom(transactional_db) -> User:
    return User.objects.create_user("tom.reid@northgate.example", full_name="Dr Tom Reid", known_as="Tom")


@pytest.fixture
def organisation(tom) -> Organisation:
    return services.organisation_create(actor=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)


@pytest.fixture
def rate(tom, organisation) -> PayRate:
    return services.pay_rate_add(
        actor=tom,
        organisation=organisation,
        activity="Meetings and workshops",
        unit=PayRate.Unit.HOUR,
        amount=Decimal("25.00"),
        effective_from=dt.date(2024, 4, 1),
        source_note="NIHR payment guidance",
    )


def complete_offer(rate: PayRate, contact: User) -> dict:
    return {
        "purpose": PURPOSE,
        "partner_activities": "Come to six online meetings and read short papers before each one.",
        "ladder_step": LadderStep.CO_PRODUCTION,
        "hours_per_month": Decimal("4"),
        "duration_months": 12,
        "where_and_when": "Online, on Tuesday evenings from 8pm to 9:30pm.",
        "pay_rate": rate,
        "preparation_paid": True,
        "expenses_covered": ["childcare", "phone_data"],
        "input_use": "Your ideas shape the questions we ask schools.",
        "outcome_promise": OUTCOME_PROMISE,
        "outcome_due": dt.date(2027, 7, 31),
        "contact": contact,
        "contact_how": CONTACT_HOW,
    }


@pytest.fixture
def project(tom, organisation, rate) -> Project:
    project = services.project_create(
        actor=tom, organisation=organisation, title="Support at school", visibility=Project.Visibility.INVITE_ONLY
    )
    services.project_offer_update(actor=tom, project=project, data=complete_offer(rate, tom))
    return services.project_publish(actor=tom, project=project)


def invitation_path(invitation: Invitation) -> str:
    return f"/invitations/{invitation.token}/"


def save_and_continue(ui) -> None:
    ui.page.get_by_role("button", name="Save and continue").click()


def skip_question(ui) -> None:
    ui.page.get_by_role("button", name="Skip this question").click()


def expect_heading(ui, text: str | re.Pattern) -> None:
    expect(ui.page.get_by_role("heading", level=1)).to_contain_text(text)


# --- a. Amira joins from an invitation -------------------------------------------------------------


def test_amira_joins_from_her_invitation(ui, tom, project):
    invitation = services.invitation_create(actor=tom, project=project, email="amira@example.com", name="Amira Hassan")
    page = ui.page

    # She reads the whole offer before signing up to anything.
    ui.goto(invitation_path(invitation))
    main = page.locator("main")
    expect(main).to_contain_text("Support at school")
    expect(main).to_contain_text("£25.00")  # pay
    expect(main).to_contain_text("per hour")
    expect(main).to_contain_text("About 4 hours a month, for 12 months")  # time
    expect(main).to_contain_text("Dr Tom Reid")  # contact
    expect(main).to_contain_text(CONTACT_HOW)
    expect(main).to_contain_text(OUTCOME_PROMISE)  # outcome promise
    expect(main).to_contain_text("31 July 2027")
    expect(main).to_contain_text("Childcare")
    ui.screenshot("invitation-offer")

    page.get_by_role("button", name="Yes, I would like to join").click()
    page.wait_for_url(re.compile(r"/profile/setup/\?"))
    assert f"/projects/{project.pk}/sharing/" in unquote(page.url)
    ui.seen("onboarding-task-list")
    page.get_by_role("button", name="Start").click()

    # 1. Name
    expect_heading(ui, "Your name")
    ui.seen("q-name", key=False)
    expect(page.get_by_label("Your full name")).to_have_value("Amira Hassan")
    page.get_by_label("What should we call you?").fill("Amira")
    save_and_continue(ui)

    # 2. Channels: text message first, email second
    expect_heading(ui, "How should we contact you?")
    ui.seen("q-channels")
    page.get_by_label("First choice").select_option("text")
    page.get_by_label("Second choice").select_option("email")
    save_and_continue(ui)

    # 3. Phone number (needed for texts)
    expect_heading(ui, "Your phone number and address")
    ui.seen("q-contact-details", key=False)
    page.get_by_label("Phone number").fill("07700 900456")
    save_and_continue(ui)

    # 4. Contact times: skipped
    expect_heading(ui, "When can we contact you?")
    ui.seen("q-contact-times", key=False)
    skip_question(ui)

    # 5. Language: skipped
    expect_heading(ui, "Which language would you like us to use?")
    ui.seen("q-language", key=False)
    skip_question(ui)

    # 6. Formats: skipped
    expect_heading(ui, "Which formats help you read things?")
    ui.seen("q-formats", key=False)
    skip_question(ui)

    # 7. Access needs: skipped
    expect_heading(ui, "What helps you take part?")
    ui.seen("q-access", key=False)
    skip_question(ui)

    # 8. Caring
    expect_heading(ui, "Your caring commitments")
    ui.seen("q-caring")
    page.get_by_label("Anything else about your caring we should know?").fill("weekdays only after 8pm")
    save_and_continue(ui)

    # 9-11: skip the rest
    for heading in (
        "How many days' notice do you need before a meeting?",
        "Does someone help you with messages?",
        "How should we name you",
    ):
        expect_heading(ui, heading)
        ui.seen(f"q-{heading[:20]}", key=False)
        skip_question(ui)

    # Check answers
    expect_heading(ui, "Check your answers")
    ui.seen("check-answers")
    main = page.locator("main")
    expect(main).to_contain_text("Text message")
    expect(main).to_contain_text("07700 900456")
    expect(main).to_contain_text("weekdays only after 8pm")
    page.get_by_role("button", name="Finish").click()

    # What to share with the project
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/sharing/"))
    ui.seen("sharing")
    page.get_by_label("How and when to contact me").check()
    page.get_by_label("My caring commitments").check()
    page.get_by_role("button", name="Save and go to the project").click()

    # The project page, with her among the members
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/$"))
    ui.seen("project-page")
    expect(page.locator("main")).to_contain_text("Welcome to Support at school")
    expect(page.locator("aside")).to_contain_text("Amira")

    amira = User.objects.get(email="amira@example.com")
    profile = CommunicationProfile.objects.get(user=amira)
    assert profile.channels == ["text", "email"]
    assert profile.phone == "07700 900456"
    assert profile.caring_notes == "weekdays only after 8pm"
    assert {"contact_times", "language", "formats", "access_needs"} <= set(profile.skipped)
    assert not profile.updated_by_proxy
    membership = Membership.objects.get(project=project, user=amira)
    assert membership.is_active
    assert membership.shared_sections == ["caring", "contact"]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
