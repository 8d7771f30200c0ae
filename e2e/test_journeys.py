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
from roundtable.accounts.tests.factories import UserFactory, person
from roundtable.audit.models import AuditEvent
from roundtable.lib.sample_text import stretch
from roundtable.notifications.models import OrganiserTask
from roundtable.projects import services
from roundtable.projects.models import Invitation, LadderStep, Membership, Organisation, PayRate, Project
from roundtable.projects.tests.factories import OrganisationFactory, PayRateFactory

pytestmark = pytest.mark.e2e

PURPOSE = "Find out what helps parent carers of autistic children get support from school."
OUTCOME_PROMISE = "We will send every partner a short, plain summary of what we found, in the way they chose."
CONTACT_HOW = "Text or call Tom on 07700 900123, weekdays 9am to 5pm."


# --- Data, made by the factories, which use the services (docs/testing.md) -------------------------


@pytest.fixture
def tom(transactional_db) -> User:
    return person("tom.reid@northgate.example", "Dr Tom Reid", known_as="Tom", profile=False)


@pytest.fixture
def organisation(tom) -> Organisation:
    return OrganisationFactory(admin=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH)


@pytest.fixture
def rate(tom, organisation) -> PayRate:
    return PayRateFactory(
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
    add_steps_and_dates(tom, project)
    return services.project_publish(actor=tom, project=project)


def add_steps_and_dates(tom: User, project: Project) -> None:
    """Steps and a date: essentials of a role offer, like pay and hours."""
    services.step_add(actor=tom, project=project, title="Meet and agree the questions")
    services.milestone_add(actor=tom, project=project, title="First meeting", due=dt.date(2027, 1, 12))


def invitation_path(invitation: Invitation) -> str:
    return f"/invitations/{invitation.token}/"


def save_and_continue(ui) -> None:
    ui.page.get_by_role("button", name="Save and continue").click()


def save(ui) -> None:
    """The question page's main button: "Save and continue" in a run of questions, "Save" for one."""
    ui.page.get_by_role("button", name=re.compile(r"^Save( .*answer)?( and continue)?$")).click()


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
    expect(page.get_by_role("complementary", name="Who is taking part")).to_contain_text("Amira")

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


# --- b. Tom adds Grace, who does not use the website, and sends the members a message ---------------


def test_tom_adds_grace_by_proxy_and_her_message_becomes_a_letter_task(ui, tom, project):
    page = ui.page
    # A member whose name is one very long word: the members table keeps to the screen (WCAG 1.4.10).
    long_name = UserFactory(email="long.name@e2e.example", full_name=stretch("Siobhán", 150), profile=None)
    services.member_add_by_proxy(actor=tom, project=project, user=long_name)
    ui.sign_in(tom)
    ui.goto(f"/projects/{project.pk}/members/")
    ui.screenshot("members-before")
    page.get_by_role("link", name="Add someone who does not use the website").click()
    expect_heading(ui, "Add someone who does not use the website")
    ui.seen("add-by-proxy")

    page.get_by_label("Their full name").fill("Grace Okafor")
    page.get_by_label("Postal address").fill("12 Elm Road\nNorthgate\nNG1 2AB")
    page.get_by_role("button", name="Add them").click()

    grace = User.objects.get(full_name="Grace Okafor")
    assert grace.email is None and not grace.uses_web
    answers = f"/projects/{project.pk}/people/{grace.pk}/answers/"
    page.wait_for_url(re.compile(re.escape(answers) + "$"))
    ui.seen("proxy-task-list")
    expect(page.locator("main")).to_contain_text("Grace Okafor is now a member")

    # How to contact her: a letter first. Each proxy answer is saved back to her task list.
    page.get_by_role("link", name="How should we contact you?").click()
    expect_heading(ui, "How should we contact you?")
    ui.seen("proxy-channels")
    expect(page.locator("main")).to_contain_text("You are filling this in for Grace")
    page.get_by_label("First choice").select_option("letter")
    save(ui)
    page.wait_for_url(re.compile(re.escape(answers) + "$"))
    ui.seen("proxy-task-list-1", key=False)

    # Her address, given when she was added, is already there
    page.get_by_role("link", name="Your phone number and address").click()
    expect_heading(ui, "Your phone number and address")
    ui.seen("proxy-contact-details", key=False)
    expect(page.get_by_label("Postal address")).to_have_value(re.compile("12 Elm Road"))
    save(ui)
    page.wait_for_url(re.compile(re.escape(answers) + "$"))
    ui.seen("proxy-task-list-2", key=False)

    # Formats: large print
    page.get_by_role("link", name="Which formats help you read things?").click()
    expect_heading(ui, "Which formats help you read things?")
    ui.seen("proxy-formats", key=False)
    page.get_by_label("Large print").check()
    save(ui)
    page.wait_for_url(re.compile(re.escape(answers) + "$"))

    ui.seen("proxy-task-list-after")
    main = page.locator("main")
    expect(main).to_contain_text("Letter by post")
    expect(main).to_contain_text("Large print")

    profile = CommunicationProfile.objects.get(user=grace)
    assert profile.channels == ["letter"]
    assert profile.formats == ["large_print"]
    assert profile.postal_address == "12 Elm Road\nNorthgate\nNG1 2AB"
    assert profile.updated_by_proxy
    proxy_actions = set(
        AuditEvent.objects.filter(subject=grace, actor=tom, by_proxy=True).values_list("action", flat=True)
    )
    assert {"person.added_by_proxy", "membership.added_by_proxy", "profile.changed_by_proxy"} <= proxy_actions

    # Tom sends every member a message; Grace's becomes a letter for him to post
    ui.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="Send a message to members").click()
    expect_heading(ui, "Send a message to members")
    ui.seen("announce")
    page.get_by_label("Subject").fill("Our first meeting")
    page.get_by_label("Message").fill("Our first meeting is on Tuesday 3 March at 8pm. Papers will follow.")
    page.get_by_role("button", name="Send the message").click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/messages/\d+/$"))
    ui.seen("announcement-delivery")

    task = OrganiserTask.objects.get(message__recipient=grace)
    assert task.kind == "post" and task.assignee_id == tom.pk
    assert task.instructions.startswith("Print this letter for Grace Okafor, post it, then mark it as posted.")
    assert "large print" in task.instructions

    # What the delivery page shows for Grace
    row = page.locator("tbody tr", has_text="Grace Okafor")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Waiting to be posted")
    expect(row).to_contain_text("Letter by post")

    # Tom's print queue has the letter, with her address and large print
    ui.goto("/tasks/letters/")
    ui.screenshot("organiser-letters")
    section = page.locator("section", has_text="Grace Okafor")
    expect(section).to_contain_text("Large print")
    expect(section).to_contain_text("12 Elm Road")
    expect(section.get_by_role("link", name="Open the letter to Grace Okafor (PDF)")).to_be_visible()


# --- c. Tom cannot publish an incomplete offer -------------------------------------------------------


def test_tom_publishes_only_a_complete_offer(ui, tom, organisation, rate):
    project = services.project_create(
        actor=tom, organisation=organisation, title="Short breaks review", visibility=Project.Visibility.OPEN
    )
    page = ui.page
    ui.sign_in(tom)
    ui.goto(f"/projects/{project.pk}/")
    ui.screenshot("draft-project")

    with page.expect_response(lambda r: r.url.endswith(f"/projects/{project.pk}/publish/")) as refused:
        page.get_by_role("button", name="Publish the role offer").click()
    assert refused.value.status == 400
    ui.seen("publish-refused")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The role offer is not ready yet")
    for missing in (
        "What the project is for",
        "The time it takes: hours each month and for how many months",
        "The pay, or why the role is unpaid",
        "How and when partners will be told the outcome",
        "Steps: what partners will do, in order",
        "Dates: at least one date on the timeline",
    ):
        expect(summary).to_contain_text(missing)
    expect(summary).not_to_contain_text("A named person to contact")  # Tom is the contact already
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    add_steps_and_dates(tom, project)  # the steps page has its own tests; here the offer form is the point

    page.get_by_role("link", name="Edit the role offer").first.click()
    expect_heading(ui, "The role offer")
    ui.seen("offer-edit")
    page.get_by_label("What is the project for?").fill("Decide together how short breaks are offered.")
    page.get_by_label("Hours each month").fill("lots")
    page.get_by_label("For how many months").fill("6")
    page.get_by_label("Pay rate").select_option(str(rate.pk))
    page.get_by_label("How will you tell partners what happened?").fill(OUTCOME_PROMISE)
    page.get_by_label("When will you tell partners the outcome?").fill("31/07/2027")
    page.get_by_role("button", name="Save the role offer").click()

    # The error is at the field, and what he typed is kept
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the hours as a number, like 3 or 2.5")
    ui.seen("offer-edit-error")
    hours = page.get_by_label("Hours each month")
    expect(hours).to_have_value("lots")
    expect(hours).to_have_attribute("aria-describedby", re.compile("error"))
    field_error = page.locator(".govuk-form-group--error .govuk-error-message")
    expect(field_error).to_have_count(1)
    expect(field_error).to_contain_text("Enter the hours as a number, like 3 or 2.5")
    expect(page.get_by_label("What is the project for?")).to_have_value("Decide together how short breaks are offered.")
    expect(page.get_by_label("For how many months")).to_have_value("6")
    expect(page.get_by_label("When will you tell partners the outcome?")).to_have_value("31/07/2027")
    # The summary link takes him to the field
    page.locator(".govuk-error-summary a", has_text="Enter the hours").click()
    expect(hours).to_be_focused()

    hours.fill("2.5")
    page.get_by_role("button", name="Save the role offer").click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/(#.*)?$"))
    ui.seen("offer-saved")
    expect(page.locator("main")).to_contain_text("The role offer is saved.")
    expect(page.locator("main")).not_to_contain_text("Before you can publish it, add:")

    page.get_by_role("button", name="Publish the role offer").click()
    expect(page.locator("main")).to_contain_text("The role offer is published.")
    ui.seen("published")
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED
    assert project.hours_per_month == Decimal("2.5")


# --- d. Bad input: old sign-in links, and invitations that cannot be used any more ------------------


def _link_path(token: str) -> str:
    return f"/sign-in/link/?token={token}"


@pytest.fixture
def amira(transactional_db) -> User:
    from roundtable.accounts.services import user_get_or_create_by_email

    user, _ = user_get_or_create_by_email(email="amira@example.com", full_name="Amira Hassan")
    return user


def test_a_used_sign_in_link_says_so_and_offers_a_new_one(ui, amira):
    from sesame.utils import get_token

    from roundtable.notifications.models import Message

    page = ui.page
    token = get_token(amira)
    ui.goto(_link_path(token))
    ui.seen("sign-in-link")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/my-projects/$"))
    ui.seen("signed-in", key=False)

    page.get_by_role("button", name="Sign out").click()
    ui.seen("signed-out", key=False)

    # The same link again: used up
    ui.goto(_link_path(token))
    with page.expect_response(lambda r: "/sign-in/link/" in r.url and r.request.method == "POST") as used:
        page.get_by_role("button", name="Sign in").click()
    assert used.value.status == 400
    expect_heading(ui, "This link does not work any more")
    ui.seen("link-used")
    page.get_by_label("Your email address").fill("amira@example.com")
    page.get_by_role("button", name="Send me a new link").click()
    expect_heading(ui, "Check your email")
    ui.seen("check-email")
    assert Message.objects.filter(recipient=amira, kind="sign_in_link").count() == 1


def test_an_old_or_broken_sign_in_link_says_so(ui, amira):
    import time_machine
    from django.utils import timezone
    from sesame.utils import get_token

    page = ui.page
    with time_machine.travel(timezone.now() - dt.timedelta(hours=25), tick=False):
        old_token = get_token(amira)
    for token, name in ((old_token, "link-too-old"), ("not-a-real-token", "link-broken")):
        ui.goto(_link_path(token))
        page.get_by_role("button", name="Sign in").click()
        expect_heading(ui, "This link does not work any more")
        ui.seen(name, key=name == "link-too-old")
        expect(page.get_by_role("button", name="Send me a new link")).to_be_visible()
    # No link at all
    ui.goto("/sign-in/link/", status=400)
    expect_heading(ui, "This link does not work any more")


def test_a_declined_invitation_opened_again_says_so(ui, tom, project):
    invitation = services.invitation_create(actor=tom, project=project, email="joe@example.com", name="Joe Brown")
    page = ui.page
    ui.goto(invitation_path(invitation))
    page.get_by_role("link", name="No, thank you").click()
    expect_heading(ui, "Say no to this invitation")
    ui.seen("decline")
    page.get_by_label("Can you tell us why? (optional)").fill("The meetings are when I collect my son.")
    page.get_by_role("button", name="Say no").click()
    expect_heading(ui, "Thank you for letting us know")
    ui.seen("declined")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert invitation.decline_reason == "The meetings are when I collect my son."

    ui.goto(invitation_path(invitation), status=410)
    expect_heading(ui, "You cannot use this invitation")
    expect(page.locator("main")).to_contain_text("You said no to this invitation")
    expect(page.locator("main")).to_contain_text("Dr Tom Reid")
    expect(page.get_by_role("button", name="Yes, I would like to join")).to_have_count(0)
    ui.screenshot("declined-invitation-again")
    # The decline page itself goes back to the invitation
    ui.goto(f"{invitation_path(invitation)}decline/", status=410)


@pytest.fixture
def removed_joe(tom, project) -> tuple[User, Invitation]:
    invitation = services.invitation_create(actor=tom, project=project, email="joe@example.com", name="Joe Brown")
    joe, membership = services.invitation_accept(invitation=invitation)
    services.membership_remove(actor=tom, membership=membership, reason="Moved away")
    return joe, invitation


def test_a_removed_member_signed_in_opening_the_invitation_sees_a_clear_message(ui, removed_joe):
    joe, invitation = removed_joe
    ui.sign_in(joe)
    ui.goto(invitation_path(invitation), status=410)
    ui.screenshot("removed-member-signed-in")
    expect_heading(ui, "You cannot use this invitation")
    expect(ui.page.locator("main")).to_contain_text("You are no longer a member of this project")
    expect(ui.page.locator("main")).to_contain_text("To talk about it, contact Dr Tom Reid")


def test_a_removed_member_signed_out_opening_the_invitation_sees_a_clear_message(ui, removed_joe):
    joe, invitation = removed_joe
    ui.goto(invitation_path(invitation), status=410)
    ui.screenshot("removed-member-signed-out")
    expect(ui.page.locator("main")).to_contain_text("You are no longer a member of this project")


# --- Every page: JavaScript is allowed to run (the CSP nonce) -----------------------------------------


def test_pages_run_their_javascript(ui):
    response = ui.goto("/sign-in/")
    classes = ui.page.evaluate("document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes, (
        "The inline script in base.html that marks the page as JavaScript-enabled did not run, so GOV.UK "
        f"Frontend's components do not start (body class is {classes!r}). "
        f"Content-Security-Policy: {response.headers.get('content-security-policy')}"
    )
